/** Convolutions: conv1d, conv2d, depthwise_conv2d, separable_conv2d, conv2d_transpose (channels-last). */
import type { Attrs, Shape } from "../types.js";
import type { InferContext, OpDef, ParamDef } from "./types.js";
import { boolAttr, intAttr, intsAttr, optionalIntsAttr, stringAttr } from "./attrs.js";
import { checkAllFloat, checkArity, checkKnownDim, lastDim } from "./checks.js";
import { DEPTH_MULTIPLIER, PADDING, USE_BIAS, activationParam, dilationParam, filtersParam, kernelParam, stridesParam } from "./params.js";
import { checkSpatialRank, inferWindowed } from "./spatial.js";
import { deconvOutputLength, numelOr1, type Padding } from "./shape-utils.js";

function product(xs: readonly number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

/** Keras rejects strides > 1 together with dilation > 1. */
function checkStridesDilation(ctx: InferContext, n: number): void {
  const strides = intsAttr(ctx.attrs, "strides", n);
  const dilation = intsAttr(ctx.attrs, "dilation", n);
  if (strides.some((s) => s > 1) && dilation.some((d) => d > 1)) {
    ctx.error("MFG3101", `\`${ctx.op}\` cannot use strides > 1 together with dilation > 1 (strides ${strides.join("×")}, dilation ${dilation.join("×")})`, {
      span: ctx.paramSpan("dilation"),
      hints: ["use strides 1 with dilation, or dilation 1 with strides"],
    });
  }
}

/** Common shape inference: returns output spatial dims and the known input channel count. */
function inferConvSpatial(ctx: InferContext, n: number, alternative: string): { spatial: Shape; channels: number } | undefined {
  if (!checkArity(ctx, 1, 1) || !checkAllFloat(ctx)) return undefined;
  const input = ctx.inputs[0]!;
  if (!checkSpatialRank(ctx, input, n, alternative)) return undefined;
  if (!checkKnownDim(ctx, input, n, "the channel count (last dimension)")) return undefined;
  const spatial = inferWindowed(ctx, input, {
    kernel: intsAttr(ctx.attrs, "kernel", n),
    strides: intsAttr(ctx.attrs, "strides", n),
    dilation: intsAttr(ctx.attrs, "dilation", n),
    // Causal padding keeps the length as `same` does; only where the zeros go differs.
    padding: (stringAttr(ctx.attrs, "padding") === "causal" ? "same" : stringAttr(ctx.attrs, "padding")) as Padding,
  });
  return spatial === undefined ? undefined : { spatial, channels: lastDim(input.shape) };
}

function bias(attrs: Attrs, n: number): number {
  return boolAttr(attrs, "use_bias") ? n : 0;
}

/** conv1d's padding also has Keras's `causal`: zeros on the left only, so step t sees no later step. */
const CAUSAL_PADDING: ParamDef = {
  ...PADDING,
  type: { kind: "enum", values: ["valid", "same", "causal"] },
  doc: "`valid`: no padding; `same`: zero-pad so the output is ceil(input / strides); `causal`: zero-pad (kernel − 1)·dilation steps on the left only, so each output step sees no later input (TCN-style).",
};

function makeConv(n: 1 | 2): OpDef {
  const alternative = n === 1 ? "conv2d" : "conv1d";
  return {
    name: `conv${n}d`,
    category: "convolution",
    doc: `${n === 1 ? "1-D convolution over steps (time series, spectra)" : "2-D convolution over height and width (images)"}: \`filters\` kernels slide over the input, each summing over all input channels.`,
    inputs: { min: 1, max: 1 },
    inputDoc: `one \`f32\` tensor (${n === 1 ? "steps, channels" : "height, width, channels"}) with known channels`,
    keras: `keras.layers.Conv${n}D`,
    params: [filtersParam(), kernelParam(n), stridesParam(n), n === 1 ? CAUSAL_PADDING : PADDING, dilationParam(n), activationParam(), USE_BIAS],
    check: (ctx) => checkStridesDilation(ctx, n),
    infer(ctx) {
      const r = inferConvSpatial(ctx, n, alternative);
      return r && { shape: [...r.spatial, intAttr(ctx.attrs, "filters")], dtype: "f32" };
    },
    paramCount(attrs, [input]) {
      // Keras: kernel (k… × in_channels × filters) + bias (filters).
      const filters = intAttr(attrs, "filters");
      return { trainable: product(intsAttr(attrs, "kernel", n)) * lastDim(input!) * filters + bias(attrs, filters), nonTrainable: 0 };
    },
    flops(attrs, [input], output) {
      const filters = intAttr(attrs, "filters");
      const positions = numelOr1(output.slice(0, n));
      return positions * (2 * product(intsAttr(attrs, "kernel", n)) * lastDim(input!) * filters + bias(attrs, filters));
    },
  };
}

export const CONV1D = makeConv(1);
export const CONV2D = makeConv(2);

export const DEPTHWISE_CONV2D: OpDef = {
  name: "depthwise_conv2d",
  category: "convolution",
  doc: "Depthwise 2-D convolution: each input channel is convolved with its own `depth_multiplier` kernels; channels are not mixed. With `dilation` > 1 it is computed by space-to-batch (TensorFlow's atrous rewrite), as tfjs ignores a depthwise dilation.",
  inputs: { min: 1, max: 1 },
  inputDoc: "one `f32` tensor (height, width, channels) with known channels",
  keras: "keras.layers.DepthwiseConv2D",
  params: [kernelParam(2), stridesParam(2), PADDING, DEPTH_MULTIPLIER, dilationParam(2), activationParam(), USE_BIAS],
  check: (ctx) => checkStridesDilation(ctx, 2),
  infer(ctx) {
    const r = inferConvSpatial(ctx, 2, "conv1d");
    return r && { shape: [...r.spatial, r.channels * intAttr(ctx.attrs, "depth_multiplier")], dtype: "f32" };
  },
  paramCount(attrs, [input]) {
    // Keras: depthwise kernel (kh × kw × channels × multiplier) + bias (channels × multiplier).
    const out = lastDim(input!) * intAttr(attrs, "depth_multiplier");
    return { trainable: product(intsAttr(attrs, "kernel", 2)) * out + bias(attrs, out), nonTrainable: 0 };
  },
  flops(attrs, [input], output) {
    const out = lastDim(input!) * intAttr(attrs, "depth_multiplier");
    return numelOr1(output.slice(0, 2)) * out * (2 * product(intsAttr(attrs, "kernel", 2)) + (boolAttr(attrs, "use_bias") ? 1 : 0));
  },
};

export const SEPARABLE_CONV2D: OpDef = {
  name: "separable_conv2d",
  category: "convolution",
  doc: "Depthwise-separable 2-D convolution: a depthwise convolution followed by a 1×1 pointwise convolution to `filters` channels; far fewer weights than `conv2d`.",
  inputs: { min: 1, max: 1 },
  inputDoc: "one `f32` tensor (height, width, channels) with known channels",
  keras: "keras.layers.SeparableConv2D",
  params: [filtersParam(), kernelParam(2), stridesParam(2), PADDING, DEPTH_MULTIPLIER, dilationParam(2), activationParam(), USE_BIAS],
  check: (ctx) => checkStridesDilation(ctx, 2),
  infer(ctx) {
    const r = inferConvSpatial(ctx, 2, "conv1d");
    return r && { shape: [...r.spatial, intAttr(ctx.attrs, "filters")], dtype: "f32" };
  },
  paramCount(attrs, [input]) {
    // Keras: depthwise (kh × kw × C × m) + pointwise (C × m × filters) + bias (filters).
    const mid = lastDim(input!) * intAttr(attrs, "depth_multiplier");
    const filters = intAttr(attrs, "filters");
    return { trainable: product(intsAttr(attrs, "kernel", 2)) * mid + mid * filters + bias(attrs, filters), nonTrainable: 0 };
  },
  flops(attrs, [input], output) {
    const mid = lastDim(input!) * intAttr(attrs, "depth_multiplier");
    const filters = intAttr(attrs, "filters");
    const positions = numelOr1(output.slice(0, 2));
    return positions * (2 * product(intsAttr(attrs, "kernel", 2)) * mid + 2 * mid * filters + bias(attrs, filters));
  },
};

export const CONV2D_TRANSPOSE: OpDef = {
  name: "conv2d_transpose",
  category: "convolution",
  doc: "Transposed 2-D convolution (a learned upsampling): output size is `input × strides` with `same`, `input × strides + max(kernel − strides, 0)` with `valid` (Keras's rule; `output_padding` changes it, see there).",
  inputs: { min: 1, max: 1 },
  inputDoc: "one `f32` tensor (height, width, channels) with known channels",
  keras: "keras.layers.Conv2DTranspose",
  params: [
    filtersParam(),
    kernelParam(2),
    stridesParam(2),
    PADDING,
    activationParam(),
    USE_BIAS,
    {
      name: "output_padding",
      type: { kind: "ints", length: 2, min: 0 },
      doc: "Extra rows and columns at the end of the output (Keras `output_padding`), each smaller than its stride; when given, the output is (input − 1)·strides + kernel − 2·pad + output_padding, pad = kernel // 2 for `same`, 0 for `valid`.",
    },
  ],
  check(ctx) {
    const op = optionalIntsAttr(ctx.attrs, "output_padding", 2);
    const strides = intsAttr(ctx.attrs, "strides", 2);
    if (op !== null && op.some((p, i) => p >= strides[i]!)) {
      ctx.error("MFG3233", `\`conv2d_transpose\` output_padding ${op.join("×")} must be smaller than the strides ${strides.join("×")}`, {
        span: ctx.paramSpan("output_padding"),
        hints: ["Keras requires output_padding < strides on every axis"],
      });
    }
  },
  infer(ctx) {
    if (!checkArity(ctx, 1, 1) || !checkAllFloat(ctx)) return undefined;
    const input = ctx.inputs[0]!;
    if (!checkSpatialRank(ctx, input, 2, "conv1d")) return undefined;
    if (!checkKnownDim(ctx, input, 2, "the channel count (last dimension)")) return undefined;
    const kernel = intsAttr(ctx.attrs, "kernel", 2);
    const strides = intsAttr(ctx.attrs, "strides", 2);
    const padding = stringAttr(ctx.attrs, "padding") as Padding;
    const extra = optionalIntsAttr(ctx.attrs, "output_padding", 2);
    const spatial = input.shape.slice(0, 2).map((d, i) => deconvOutputLength(d, kernel[i]!, strides[i]!, padding, extra?.[i] ?? null));
    return { shape: [...spatial, intAttr(ctx.attrs, "filters")], dtype: "f32" };
  },
  paramCount(attrs, [input]) {
    // Keras: kernel (kh × kw × filters × in_channels) + bias (filters).
    const filters = intAttr(attrs, "filters");
    return { trainable: product(intsAttr(attrs, "kernel", 2)) * filters * lastDim(input!) + bias(attrs, filters), nonTrainable: 0 };
  },
  flops(attrs, [input], output) {
    // Each input position scatters a kernel-sized patch to every filter.
    const filters = intAttr(attrs, "filters");
    const macs = numelOr1(input!.slice(0, 2)) * product(intsAttr(attrs, "kernel", 2)) * lastDim(input!) * filters;
    return 2 * macs + (boolAttr(attrs, "use_bias") ? numelOr1(output) : 0);
  },
};
