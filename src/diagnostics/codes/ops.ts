import type { CodeInfo } from "./entry.js";

/** MFG31xx–MFG32xx — op parameters (types, ranges, allowed values) and shape inference. Codes are stable: never renumber or reuse one. */
export const OPS_CODES = {
} as const satisfies Record<`MFG3${string}`, CodeInfo>;
