import type { CodeInfo } from "./entry.js";

/**
 * MFG31xx–MFG32xx — op parameters and shape inference. MFG31xx are cross-parameter checks run by an
 * op's `check` (no shapes needed); MFG32xx are shape/dtype errors found by an op's `infer`.
 * Codes are stable: never renumber or reuse one. Retired: MFG3106 (depthwise_conv2d with dilation,
 * refused while tfjs ignored the dilation; mfgc's MfgDepthwiseConv2D computes it now).
 */
export const OPS_CODES = {
  MFG3101: { severity: "error", title: "Strides and dilation cannot both be greater than 1" },
  MFG3102: { severity: "error", title: "A reshape target may contain at most one -1" },
  MFG3103: { severity: "error", title: "A reshape target entry must be a positive size or -1" },
  MFG3104: { severity: "error", title: "Permute dims must be a permutation of 1..n" },
  MFG3105: { severity: "error", title: "Learned positional encoding needs `max_length`" },
  MFG3201: { severity: "error", title: "Input has the wrong rank for this op" },
  MFG3202: { severity: "error", title: "Input is smaller than the kernel or pooling window" },
  MFG3203: { severity: "error", title: "Input has the wrong dtype for this op" },
  MFG3204: { severity: "error", title: "Merged inputs have different shapes" },
  MFG3205: { severity: "error", title: "Concatenated inputs differ outside the concat axis" },
  MFG3206: { severity: "error", title: "Axis is out of range for the input rank" },
  MFG3207: { severity: "error", title: "Reshape target does not hold the same number of elements" },
  MFG3208: { severity: "error", title: "A dimension this op needs is not known until run time" },
  MFG3209: { severity: "error", title: "Wrong number of inputs for this op" },
  MFG3210: { severity: "error", title: "Attention key and value sequences differ in length" },
  MFG3211: { severity: "error", title: "Sequence is longer than the positional encoding's `max_length`" },
  MFG3212: { severity: "error", title: "Permute dims do not match the input rank" },
  MFG3230: { severity: "error", title: "The batch axis (0) cannot be an op's axis" },
  MFG3231: { severity: "error", title: "A padding mask reaches an op that cannot honour it" },
  MFG3232: { severity: "error", title: "A trained output still carries a padding mask" },
  MFG3233: { severity: "error", title: "A transposed convolution's output_padding must be smaller than its strides" },
  MFG3234: { severity: "error", title: "Cropping leaves nothing of an axis" },
  MFG3235: { severity: "error", title: "value_range must be [low, high] with low < high" },
} as const satisfies Record<`MFG3${string}`, CodeInfo>;
