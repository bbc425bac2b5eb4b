import type { CodeInfo } from "./entry.js";

/** MFG2xxx — Schema (structure of a spec: unknown keys, wrong types, missing fields). Codes are stable: never renumber or reuse one. */
export const SCHEMA_CODES = {
  MFG2000: { severity: "error", title: "Unknown key" },
  MFG2002: { severity: "error", title: "A required key is missing" },
  MFG2003: { severity: "error", title: "A value has the wrong type" },
  MFG2006: { severity: "error", title: "A list has the wrong number of items" },
  MFG2007: { severity: "error", title: "A name is not a valid identifier" },
  MFG2008: { severity: "error", title: "Unsupported spec format version (`mfgnet`)" },
  MFG2009: { severity: "error", title: "A layer item must name exactly one op or block" },
  MFG2011: { severity: "error", title: "The value does not match the spec schema" },
  MFG2012: { severity: "info", title: "Further schema errors were not reported" },
} as const satisfies Record<`MFG2${string}`, CodeInfo>;
