import type { CodeInfo } from "./entry.js";

/** MFG5xxx — Code generation and build output. Codes are stable: never renumber or reuse one. */
export const CODEGEN_CODES = {
  MFG5001: { severity: "error", title: "two specs would generate the same output folder" },
} as const satisfies Record<`MFG5${string}`, CodeInfo>;
