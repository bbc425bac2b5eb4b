import type { CodeInfo } from "./entry.js";

/** MFG5xxx — Code generation and build output. Codes are stable: never renumber or reuse one. */
export const CODEGEN_CODES = {
  MFG5001: { severity: "error", title: "two specs would generate the same output folder" },
  MFG5002: { severity: "error", title: "a path in the output folder is a symbolic link; mfgc does not write through links" },
  MFG5003: { severity: "error", title: "a file mfgc did not write (for this spec) is where a generated file must go" },
  MFG5004: { severity: "warning", title: "a file in a generated folder was not written by mfgc; it is left untouched" },
  MFG5005: { severity: "info", title: "a temp file left by an interrupted build (the next build removes it)" },
  // MFG51xx — `mfgc export` (inference export of trained weights).
  MFG5101: { severity: "error", title: "trained weights folder not found or has no model.json" },
  MFG5102: { severity: "error", title: "trained model could not be loaded" },
  MFG5103: { severity: "error", title: "trained weights do not match the spec's layers" },
  MFG5104: { severity: "error", title: "exported inference model does not compute what the trained model computes" },
  MFG5105: { severity: "error", title: "export output could not be written" },
} as const satisfies Record<`MFG5${string}`, CodeInfo>;
