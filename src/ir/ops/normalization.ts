/** Normalization layers: batchnorm and layernorm. */
import type { Attrs, Shape } from "../types.js";
import type { InferContext, InferResult, OpDef } from "./types.js";
import { boolAttr, intAttr } from "./attrs.js";
import { checkAllFloat, checkArity, checkAxis, checkKnownDim } from "./checks.js";
import { numelOr1, sampleAxis } from "./shape-utils.js";
import { propagateMask } from "./masks.js";

const AXIS = { name: "axis", type: { kind: "int" }, default: -1, doc: "Feature axis that gets its own scale and offset, counted as in Keras (0 is the batch, 1 the first input dimension; −1: last, i.e. channels)." } as const;
const EPSILON = { name: "epsilon", type: { kind: "float", min: 0, exclusiveMin: true }, default: 0.001, doc: "Added to the variance to avoid division by zero." } as const;
const CENTER = { name: "center", type: { kind: "bool" }, default: true, doc: "Learn an offset (beta)." } as const;
const SCALE = { name: "scale", type: { kind: "bool" }, default: true, doc: "Learn a scale (gamma)." } as const;

/** Same shape out; the normalized axis must be known because weights are sized by it. */
function inferPerFeature(ctx: InferContext): InferResult | undefined {
  if (!checkArity(ctx, 1, 1) || !checkAllFloat(ctx)) return undefined;
  const input = ctx.inputs[0]!;
  const axis = checkAxis(ctx, input, intAttr(ctx.attrs, "axis"));
  if (axis === undefined || !checkKnownDim(ctx, input, axis, `the size of axis ${intAttr(ctx.attrs, "axis")}`)) return undefined;
  return { shape: input.shape, dtype: "f32" };
}

/** Size of the normalized axis (known after a successful `infer`). */
export function featureSize(attrs: Attrs, input: Shape): number {
  const axis = sampleAxis(intAttr(attrs, "axis"), input.length);
  return (axis === undefined ? null : input[axis]) ?? 0;
}

function affineWeights(attrs: Attrs, features: number): number {
  return (boolAttr(attrs, "scale") ? features : 0) + (boolAttr(attrs, "center") ? features : 0);
}

export const BATCHNORM: OpDef = {
  name: "batchnorm",
  category: "normalization",
  doc: "Batch normalization: normalizes each feature with batch statistics while training and moving averages at inference, then scales and shifts.",
  inputs: { min: 1, max: 1 },
  inputDoc: "one `f32` tensor whose `axis` dimension is known",
  keras: "keras.layers.BatchNormalization",
  params: [
    AXIS,
    { name: "momentum", type: { kind: "float", min: 0, max: 1 }, default: 0.99, doc: "Momentum of the moving mean and variance." },
    EPSILON,
    CENTER,
    SCALE,
  ],
  // Keras 3 leaves masked steps out of the batch statistics; tfjs's BatchNormalization cannot.
  mask: () => ({ refuse: "Keras leaves padded steps out of the batch statistics, which mfgc's `batchnorm` cannot do" }),
  infer: inferPerFeature,
  paramCount(attrs, [input]) {
    // Keras: gamma + beta trainable; moving_mean + moving_variance non-trainable.
    const c = featureSize(attrs, input!);
    return { trainable: affineWeights(attrs, c), nonTrainable: 2 * c };
  },
  // Folded to one multiply-add per element at inference.
  flops: (_attrs, _inputs, output) => 2 * numelOr1(output),
};

export const LAYERNORM: OpDef = {
  name: "layernorm",
  category: "normalization",
  doc: "Layer normalization: normalizes each sample over `axis` (the features), then scales and shifts; the usual norm in Transformer blocks.",
  inputs: { min: 1, max: 1 },
  inputDoc: "one `f32` tensor whose `axis` dimension is known",
  keras: "keras.layers.LayerNormalization",
  params: [AXIS, EPSILON, CENTER, SCALE],
  mask: propagateMask,
  infer: inferPerFeature,
  paramCount(attrs, [input]) {
    // Keras: gamma + beta, one each per feature.
    return { trainable: affineWeights(attrs, featureSize(attrs, input!)), nonTrainable: 0 };
  },
  // Mean, variance, normalize, scale and shift: about 8 operations per element.
  flops: (_attrs, _inputs, output) => 8 * numelOr1(output),
};
