import type { CodeInfo } from "./entry.js";

/** MFG11xx — YAML syntax (well-formedness, directives, tags, aliases, size limits). Codes are stable: never renumber or reuse one. */
export const YAML_CODES = {
  MFG1100: { severity: "error", title: "The YAML text is not well-formed" },
  MFG1102: { severity: "error", title: "YAML directives (`%YAML`, `%TAG`) are not allowed" },
  MFG1103: { severity: "error", title: "YAML tags (`!!str`, `!custom`, …) are not allowed" },
  MFG1104: { severity: "error", title: "Merge keys (`<<`) are not allowed" },
  MFG1105: { severity: "error", title: "Too many YAML aliases (`*name`)" },
  MFG1106: { severity: "error", title: "The YAML nests deeper than allowed" },
  MFG1107: { severity: "error", title: "The spec file is larger than allowed" },
  MFG1108: { severity: "error", title: "A spec file holds exactly one YAML document" },
  MFG1109: { severity: "error", title: "The spec file is empty" },
  MFG1110: { severity: "error", title: "Tabs are not allowed for indentation in YAML" },
  MFG1111: { severity: "error", title: "The YAML parser reported a warning (treated as an error)" },
  MFG1112: { severity: "error", title: "The YAML library failed on this input" },
  MFG1113: { severity: "error", title: "Mapping keys must be plain scalars" },
  MFG1114: { severity: "error", title: "A number must be finite (`.inf` and `.nan` are not allowed)" },
  MFG1115: { severity: "error", title: "An unquoted scalar looks like arithmetic but is not a valid expression" },
  MFG1116: { severity: "error", title: "A line of YAML is indented differently from the lines around it" },
  MFG1140: { severity: "error", title: "YAML brackets nest too heavily in all (the sum of their depths is over budget)" },
} as const satisfies Record<`MFG11${string}`, CodeInfo>;
