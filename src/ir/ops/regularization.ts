/** Regularization: dropout (identity at inference). */
import type { OpDef } from "./types.js";
import { checkAllFloat, checkArity } from "./checks.js";
import { propagateMask } from "./masks.js";

export const DROPOUT: OpDef = {
  name: "dropout",
  category: "regularization",
  doc: "While training, zeroes each element with probability `rate` and scales the rest by 1 / (1 − rate); does nothing at inference.",
  inputs: { min: 1, max: 1 },
  inputDoc: "one `f32` tensor",
  keras: "keras.layers.Dropout",
  params: [
    { name: "rate", type: { kind: "float", min: 0, max: 1, exclusiveMax: true }, required: true, positional: true, doc: "Fraction of elements dropped, in [0, 1)." },
  ],
  mask: propagateMask,
  infer(ctx) {
    if (!checkArity(ctx, 1, 1) || !checkAllFloat(ctx)) return undefined;
    return { shape: ctx.inputs[0]!.shape, dtype: "f32" };
  },
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  flops: () => 0,
};
