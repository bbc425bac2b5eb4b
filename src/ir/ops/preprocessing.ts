/** Preprocessing inside the model: rescaling and feature normalization. */
import type { OpDef } from "./types.js";
import { intAttr } from "./attrs.js";
import { checkArity, checkAxis, checkDType, checkKnownDim } from "./checks.js";
import { featureSize } from "./normalization.js";
import { numelOr1 } from "./shape-utils.js";

export const RESCALING: OpDef = {
  name: "rescaling",
  category: "preprocessing",
  doc: "Computes `x * scale + offset` element-wise, e.g. `rescaling(1/255)` maps pixels to [0, 1]. Integer inputs are cast to `f32`.",
  inputs: { min: 1, max: 1 },
  inputDoc: "one `f32` or `i32` tensor",
  keras: "keras.layers.Rescaling",
  params: [
    { name: "scale", type: { kind: "float" }, required: true, positional: true, doc: "Multiplier." },
    { name: "offset", type: { kind: "float" }, default: 0, positional: true, doc: "Added after scaling." },
  ],
  infer(ctx) {
    if (!checkArity(ctx, 1, 1)) return undefined;
    const input = ctx.inputs[0]!;
    if (!checkDType(ctx, input, ["f32", "i32"])) return undefined;
    return { shape: input.shape, dtype: "f32" };
  },
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  flops: (_attrs, _inputs, output) => 2 * numelOr1(output),
};

export const NORMALIZATION: OpDef = {
  name: "normalization",
  category: "preprocessing",
  doc: "Standardizes each feature along `axis` to zero mean and unit variance using `mean` and `variance` computed from the training data before training (Keras `adapt`); they are not trained.",
  inputs: { min: 1, max: 1 },
  inputDoc: "one `f32` or `i32` tensor whose `axis` dimension is known",
  keras: "keras.layers.Normalization",
  params: [{ name: "axis", type: { kind: "int" }, default: -1, doc: "Feature axis with its own mean and variance, counted as in Keras (0 is the batch, 1 the first input dimension; −1: last)." }],
  infer(ctx) {
    if (!checkArity(ctx, 1, 1)) return undefined;
    const input = ctx.inputs[0]!;
    if (!checkDType(ctx, input, ["f32", "i32"])) return undefined;
    const axis = checkAxis(ctx, input, intAttr(ctx.attrs, "axis"));
    if (axis === undefined || !checkKnownDim(ctx, input, axis, `the size of axis ${intAttr(ctx.attrs, "axis")}`)) return undefined;
    return { shape: input.shape, dtype: "f32" };
  },
  paramCount(attrs, [input]) {
    // Keras: non-trainable mean (C) + variance (C) + count (a scalar).
    return { trainable: 0, nonTrainable: 2 * featureSize(attrs, input!) + 1 };
  },
  flops: (_attrs, _inputs, output) => 2 * numelOr1(output),
};
