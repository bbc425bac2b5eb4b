/** `dense`: a fully connected layer on the last axis (Keras `Dense`). */
import type { OpDef } from "./types.js";
import { boolAttr, intAttr } from "./attrs.js";
import { checkAllFloat, checkArity, checkKnownDim, checkRank, lastDim } from "./checks.js";
import { USE_BIAS, activationParam } from "./params.js";
import { numelOr1 } from "./shape-utils.js";
import { propagateMask } from "./masks.js";

export const DENSE: OpDef = {
  name: "dense",
  category: "core",
  doc: "Fully connected layer: `activation(x · kernel + bias)` on the last axis. On inputs of rank > 1 it applies the same weights at every leading position, as Keras does.",
  inputs: { min: 1, max: 1 },
  inputDoc: "one `f32` tensor of rank ≥ 1 whose last dimension (features) is known",
  keras: "keras.layers.Dense",
  params: [
    { name: "units", type: { kind: "int", min: 1 }, required: true, positional: true, doc: "Number of output features." },
    activationParam(),
    USE_BIAS,
  ],
  mask: propagateMask,
  infer(ctx) {
    if (!checkArity(ctx, 1, 1) || !checkAllFloat(ctx)) return undefined;
    const input = ctx.inputs[0]!;
    if (!checkRank(ctx, input, { min: 1 }, "..., features")) return undefined;
    if (!checkKnownDim(ctx, input, input.shape.length - 1, "the feature size (last dimension)")) return undefined;
    return { shape: [...input.shape.slice(0, -1), intAttr(ctx.attrs, "units")], dtype: "f32" };
  },
  paramCount(attrs, [input]) {
    // Keras: kernel (in × units) + bias (units).
    const units = intAttr(attrs, "units");
    const features = lastDim(input!) ?? 0;
    return { trainable: features * units + (boolAttr(attrs, "use_bias") ? units : 0), nonTrainable: 0 };
  },
  flops(attrs, [input], output) {
    const units = intAttr(attrs, "units");
    const positions = numelOr1(output.slice(0, -1));
    return positions * (2 * (lastDim(input!) ?? 1) * units + (boolAttr(attrs, "use_bias") ? units : 0));
  },
};
