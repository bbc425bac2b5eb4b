import type { CodeInfo } from "./entry.js";

/** MFG9xxx — Command line usage and I/O. Codes are stable: never renumber or reuse one. */
export const CLI_CODES = {
} as const satisfies Record<`MFG9${string}`, CodeInfo>;
