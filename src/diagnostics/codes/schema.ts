import type { CodeInfo } from "./entry.js";

/** MFG2xxx — Schema (structure of a spec: unknown keys, wrong types, missing fields). Codes are stable: never renumber or reuse one. */
export const SCHEMA_CODES = {
} as const satisfies Record<`MFG2${string}`, CodeInfo>;
