/** The `activation` op: an element-wise activation function as its own layer. */
import type { OpDef } from "./types.js";
import { ACTIVATIONS } from "./activations.js";
import { checkAllFloat, checkArity } from "./checks.js";
import { numelOr1 } from "./shape-utils.js";
import { propagateMask } from "./masks.js";

export const ACTIVATION: OpDef = {
  name: "activation",
  category: "activation",
  doc: "Applies an activation function element-wise (`softmax` and `log_softmax` over the last axis). Keras 3 formulas: `leaky_relu` uses slope 0.2, `swish` is x·sigmoid(x), `gelu` is the exact (erf) form, `hard_sigmoid` is relu6(x + 3) / 6, `softsign` is x / (|x| + 1).",
  inputs: { min: 1, max: 1 },
  inputDoc: "one `f32` tensor",
  keras: "keras.layers.Activation",
  params: [{ name: "fn", type: { kind: "enum", values: ACTIVATIONS }, required: true, positional: true, doc: "The activation function." }],
  mask: propagateMask,
  infer(ctx) {
    if (!checkArity(ctx, 1, 1) || !checkAllFloat(ctx)) return undefined;
    return { shape: ctx.inputs[0]!.shape, dtype: "f32" };
  },
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  flops: (_attrs, _inputs, output) => numelOr1(output),
};
