import type { CodeInfo } from "./entry.js";

/** MFG11xx — YAML syntax (well-formedness, directives, tags, aliases, size limits). Codes are stable: never renumber or reuse one. */
export const YAML_CODES = {
} as const satisfies Record<`MFG11${string}`, CodeInfo>;
