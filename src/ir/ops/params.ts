/** Parameter definitions shared by several ops, so the same name always means the same thing. */
import type { ParamDef } from "./types.js";
import { ACTIVATIONS } from "./activations.js";

export function activationParam(defaultFn = "linear", name = "activation", values: readonly string[] = ACTIVATIONS): ParamDef {
  return {
    name,
    type: { kind: "enum", values },
    default: defaultFn,
    doc: `Activation applied to the output (\`${defaultFn}\` when not given).`,
  };
}

export const USE_BIAS: ParamDef = { name: "use_bias", type: { kind: "bool" }, default: true, doc: "Whether the layer adds a learned bias." };

export const PADDING: ParamDef = {
  name: "padding",
  type: { kind: "enum", values: ["valid", "same"] },
  default: "valid",
  doc: "`valid`: no padding, the output shrinks; `same`: zero-pad so the output is ceil(input / strides).",
};

export function filtersParam(): ParamDef {
  return { name: "filters", type: { kind: "int", min: 1 }, required: true, positional: true, doc: "Number of output channels." };
}

export function kernelParam(length: number): ParamDef {
  return {
    name: "kernel",
    type: { kind: "ints", length, min: 1 },
    required: true,
    positional: true,
    doc: length === 1 ? "Kernel length." : "Kernel size: one int for a square kernel, or [height, width].",
  };
}

export function stridesParam(length: number): ParamDef {
  return {
    name: "strides",
    type: { kind: "ints", length, min: 1 },
    default: 1,
    doc: length === 1 ? "Step between windows." : "Step between windows: one int, or [height, width].",
  };
}

export function dilationParam(length: number): ParamDef {
  return {
    name: "dilation",
    type: { kind: "ints", length, min: 1 },
    default: 1,
    doc: "Spacing between kernel taps (Keras `dilation_rate`); cannot be combined with strides > 1.",
  };
}

export function poolParam(length: number): ParamDef {
  return {
    name: "pool",
    type: { kind: "ints", length, min: 1 },
    default: 2,
    positional: true,
    doc: length === 1 ? "Window length (Keras `pool_size`)." : "Window size: one int, or [height, width] (Keras `pool_size`).",
  };
}

export function poolStridesParam(length: number): ParamDef {
  return {
    name: "strides",
    type: { kind: "ints", length, min: 1 },
    doc: "Step between windows; defaults to the window size.",
  };
}

export const DEPTH_MULTIPLIER: ParamDef = {
  name: "depth_multiplier",
  type: { kind: "int", min: 1 },
  default: 1,
  doc: "Output channels of the depthwise step per input channel.",
};

export const KEEPDIMS: ParamDef = {
  name: "keepdims",
  type: { kind: "bool" },
  default: false,
  doc: "Keep the pooled spatial axes as size 1 instead of dropping them.",
};
