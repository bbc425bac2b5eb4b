import type { CodeInfo } from "./entry.js";

/** MFG9xxx — Command line usage and I/O. Codes are stable: never renumber or reuse one. */
export const CLI_CODES = {
  MFG9001: { severity: "error", title: "a spec file could not be read" },
  MFG9002: { severity: "error", title: "a path is not a spec file (.mfgnet, .mfgnet.yaml, .mfgnet.yml)" },
  MFG9003: { severity: "error", title: "a spec file exceeds the size limit" },
  MFG9004: { severity: "error", title: "no spec files found under the given paths" },
  MFG9080: { severity: "error", title: "a spec path is not a regular file (a FIFO, a device, a directory or a kernel pseudo-file)" },
  MFG9081: { severity: "warning", title: "too many diagnostics in one file: the rest are not shown" },
} as const satisfies Record<`MFG9${string}`, CodeInfo>;
