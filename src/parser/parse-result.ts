import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Spec } from "./ast.js";

/**
 * What a front-end returns. `spec` may be partial when there were errors (recovery); never build IR or
 * generate code from a file whose parse reported errors.
 */
export interface ParseResult {
  readonly spec: Spec | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Inputs larger than this are refused before parsing (both front-ends). */
export const MAX_SPEC_BYTES = 4 * 1024 * 1024;

/** Deepest nesting of brackets/blocks/collections either front-end accepts (stack safety). */
export const MAX_NESTING_DEPTH = 64;

/**
 * Parse errors after which the spec's tree is still complete: an unknown key the front-end skipped
 * (MFG2000), a reserved word used as a name (MFG1012, MFG1018). After these the IR builder still runs,
 * so one run also reports the spec's semantic mistakes; after any other parse error it does not (the
 * tree may lack parts, and building it would report follow-on errors).
 */
const TREE_INTACT_CODES: ReadonlySet<string> = new Set(["MFG2000", "MFG1012", "MFG1018"]);

/** Whether the IR builder may run on a spec whose parse reported `diagnostics`. */
export function treeIsComplete(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.every((d) => d.severity !== "error" || TREE_INTACT_CODES.has(d.code));
}
