import type { CodeInfo } from "./entry.js";

/**
 * MFG30xx names, graph structure, blocks; MFG33xx training configuration; MFG34xx parameter values
 * (of ops and blocks). Codes are stable: never renumber or reuse one.
 */
export const SEMANTIC_CODES = {
  // ── MFG36xx: numbers and sizes a spec cannot mean (non-finite, inexact, beyond what tfjs holds) ──
  MFG3600: { severity: "error", title: "a number is not finite (an arithmetic result or a parameter is Infinity or NaN)" },
  MFG3601: { severity: "error", title: "an integer is beyond 2^53 − 1 and cannot be represented exactly" },
  MFG3602: { severity: "error", title: "a tensor (a layer's output or parameters) is larger than TensorFlow.js can hold" },
  MFG3603: { severity: "warning", title: "training the model needs more memory than the default budget" },
  MFG3604: { severity: "error", title: "a model input or output is named like a property of every JavaScript object (`constructor`, `toString`, …)" },
  // ── MFG30xx: file structure, names, graph, blocks ──
  MFG3001: { severity: "error", title: "the spec has no model" },
  MFG3002: { severity: "error", title: "more than one model in one spec" },
  MFG3003: { severity: "error", title: "more than one train section" },
  MFG3004: { severity: "error", title: "train section names an unknown model" },
  MFG3005: { severity: "error", title: "unknown name" },
  MFG3006: { severity: "error", title: "name used before its definition" },
  MFG3007: { severity: "error", title: "duplicate name" },
  MFG3008: { severity: "error", title: "unknown op or block" },
  MFG3009: { severity: "error", title: "two names map to the same identifier" },
  MFG3010: { severity: "error", title: "model input needs a dtype and a shape" },
  MFG3011: { severity: "error", title: "unknown dtype" },
  MFG3012: { severity: "error", title: "invalid input dimension" },
  MFG3013: { severity: "error", title: "a flow needs at least one step" },
  MFG3014: { severity: "error", title: "wrong number of tensor inputs" },
  MFG3015: { severity: "error", title: "recursive block" },
  MFG3016: { severity: "error", title: "expansion too large" },
  MFG3017: { severity: "error", title: "invalid repeat count" },
  MFG3018: { severity: "error", title: "block must declare exactly one output" },
  MFG3019: { severity: "warning", title: "unused model input" },
  MFG3020: { severity: "warning", title: "value never reaches an output" },
  MFG3021: { severity: "error", title: "model has no outputs" },
  MFG3022: { severity: "error", title: "block name shadows a built-in op" },
  MFG3023: { severity: "error", title: "block inputs take no dtype or shape" },
  MFG3025: { severity: "error", title: "a tensor where a value was expected" },
  MFG3026: { severity: "error", title: "a top-level name does not start with a letter (tfjs layer names must)" },

  // ── MFG33xx: training configuration ──
  MFG3301: { severity: "error", title: "unknown train setting" },
  MFG3302: { severity: "error", title: "duplicate train setting" },
  MFG3303: { severity: "error", title: "missing required train setting" },
  MFG3305: { severity: "error", title: "unknown optimizer, schedule, loss, metric or data source" },
  MFG3309: { severity: "error", title: "a model output has no loss" },
  MFG3310: { severity: "error", title: "loss does not fit the output" },
  MFG3311: { severity: "error", title: "monitored value is never computed" },
  MFG3312: { severity: "error", title: "more than one gradient clipping mode" },
  MFG3313: { severity: "error", title: "unknown model output" },
  MFG3315: { severity: "warning", title: "metric does not fit the output" },

  // ── MFG34xx: parameter values ──
  MFG3401: { severity: "error", title: "unknown parameter" },
  MFG3402: { severity: "error", title: "parameter has the wrong type" },
  MFG3403: { severity: "error", title: "parameter value out of range" },
  MFG3404: { severity: "error", title: "missing required parameter" },
  MFG3405: { severity: "error", title: "value not allowed for this parameter" },
  MFG3406: { severity: "error", title: "parameter given twice" },
  MFG3407: { severity: "error", title: "too many positional arguments" },
  MFG3408: { severity: "error", title: "invalid arithmetic" },
  MFG3409: { severity: "error", title: "list has the wrong length" },
  MFG3420: { severity: "error", title: "class_weight needs a model with one classifier output" },
  MFG3421: { severity: "error", title: "class_weight has a different number of weights than the output has classes" },
  MFG3422: { severity: "error", title: "a csv source's samples do not have the model input's shape (feature count or window size)" },
  // MFG35xx: transfer learning and class names (train section).
  MFG3500: { severity: "error", title: "transfer or freeze names a layer the model does not have" },
  MFG3501: { severity: "error", title: "layer has no weights to transfer or freeze" },
  MFG3502: { severity: "warning", title: "`unfreeze_at` is after the last epoch: the frozen layers never train" },
  MFG3503: { severity: "error", title: "`unfreeze_at` without frozen layers" },
  MFG3504: { severity: "warning", title: "a frozen layer takes no transferred weights (it stays at its random initial values)" },
  MFG3510: { severity: "error", title: "`classes` has a different number of names than the output has classes" },
  MFG3511: { severity: "error", title: "`classes` given for an output that is not a classifier" },
  MFG3512: { severity: "error", title: "class name or selected label given twice" },
  MFG3513: { severity: "error", title: "`keep_labels` selects a different number of classes than the output has" },
} as const satisfies Record<`MFG3${string}`, CodeInfo>;
