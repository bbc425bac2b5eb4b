import type { CodeInfo } from "./entry.js";

/** MFG9xxx — Command line usage and I/O. Codes are stable: never renumber or reuse one. */
export const CLI_CODES = {
  MFG9001: { severity: "error", title: "a spec file could not be read" },
  MFG9002: { severity: "error", title: "a path is not a spec file (.mfgnet, .mfgnet.yaml, .mfgnet.yml)" },
  MFG9003: { severity: "error", title: "a spec file exceeds the size limit" },
  MFG9004: { severity: "error", title: "no spec files found under the given paths" },
  MFG9005: { severity: "warning", title: "a folder under the given paths could not be listed; its specs were skipped" },
  MFG9020: { severity: "error", title: "the requested training backend cannot be used here" },
  MFG9021: { severity: "error", title: "unknown training backend name" },
  MFG9022: { severity: "error", title: "the spec has no `train` section: there is nothing to train" },
  MFG9040: { severity: "error", title: "not a run folder (no metrics.jsonl, run-info.json or report.json)" },
  MFG9041: { severity: "error", title: "explain input file cannot be read or has an unsupported format" },
  MFG9042: { severity: "error", title: "explain input does not fit the model's input" },
  MFG9043: { severity: "error", title: "run folder has no trained model" },
  MFG9044: { severity: "error", title: "unknown output or class to explain" },
  MFG9045: { severity: "error", title: "model cannot be explained (several inputs, or a non-float input)" },
  MFG9060: { severity: "error", title: "a spec could not be read at a git revision" },
  MFG9080: { severity: "error", title: "a spec path is not a regular file (a FIFO, a device, a directory or a kernel pseudo-file)" },
  MFG9081: { severity: "warning", title: "too many diagnostics in one file: the rest are not shown" },
} as const satisfies Record<`MFG9${string}`, CodeInfo>;
