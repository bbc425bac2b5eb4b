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
