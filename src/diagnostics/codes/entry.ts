import type { Severity } from "../diagnostic.js";

/** One catalogue entry: the default severity and a one-line title (used by `mfgc explain` and SARIF rules). */
export interface CodeInfo {
  readonly severity: Severity;
  readonly title: string;
}
