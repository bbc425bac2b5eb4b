import type { CodeInfo } from "./entry.js";

/** MFG10xx — DSL syntax (lexer, parser, nesting limits). Codes are stable: never renumber or reuse one. */
export const DSL_CODES = {
  MFG1001: { severity: "error", title: "unexpected character" },
  MFG1002: { severity: "error", title: "unterminated string" },
  MFG1003: { severity: "error", title: "invalid escape sequence in a string" },
  MFG1004: { severity: "error", title: "unterminated block comment" },
  MFG1005: { severity: "error", title: "malformed number" },
  MFG1006: { severity: "error", title: "number out of range" },
  MFG1007: { severity: "error", title: "syntax error: something else was expected here" },
  MFG1008: { severity: "error", title: "a bracket is not closed" },
  MFG1009: { severity: "error", title: "a declaration needs a name" },
  MFG1010: { severity: "error", title: "unexpected closing bracket" },
  MFG1011: { severity: "error", title: "unexpected token" },
  MFG1012: { severity: "error", title: "a keyword is used as a name" },
  MFG1013: { severity: "error", title: "duplicate key in an object or setting" },
  MFG1014: { severity: "error", title: "positional argument in a train setting" },
  MFG1015: { severity: "error", title: "nesting too deep" },
  MFG1016: { severity: "error", title: "spec file too large" },
  MFG1017: { severity: "error", title: "too many syntax errors; parsing stopped" },
  MFG1018: { severity: "error", title: "a name that the YAML form reads as null or a boolean" },
  MFG1019: { severity: "error", title: "a quoted string is longer than any spec needs (both forms)" },
  MFG1020: { severity: "error", title: "a list has more entries than any spec needs" },
  MFG1021: { severity: "error", title: "the YAML spec has more tokens than the reader's budget" },
  MFG1040: { severity: "error", title: "brackets nest too heavily in all (the sum of their depths is over budget)" },
  MFG1041: { severity: "error", title: "the spec has more tokens than the parser's budget" },
} as const satisfies Record<`MFG10${string}`, CodeInfo>;
