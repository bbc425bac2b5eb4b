import type { CodeInfo } from "./entry.js";

/** MFG4xxx — Data (files, formats, values found while loading training data). Codes are stable: never renumber or reuse one. */
export const DATA_CODES = {
} as const satisfies Record<`MFG4${string}`, CodeInfo>;
