import type { CodeInfo } from "./entry.js";

/** MFG30xx names, graph structure, blocks; MFG33xx training configuration. Codes are stable: never renumber or reuse one. */
export const SEMANTIC_CODES = {
} as const satisfies Record<`MFG3${string}`, CodeInfo>;
