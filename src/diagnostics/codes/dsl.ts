import type { CodeInfo } from "./entry.js";

/** MFG10xx — DSL syntax (lexer, parser, nesting limits). Codes are stable: never renumber or reuse one. */
export const DSL_CODES = {
} as const satisfies Record<`MFG10${string}`, CodeInfo>;
