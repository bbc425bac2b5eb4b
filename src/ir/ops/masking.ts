/** `masking`: marks time steps equal to `mask_value` as padding for later recurrent layers. */
import type { OpDef } from "./types.js";
import { checkAllFloat, checkArity, checkRank } from "./checks.js";
import { numelOr1 } from "./shape-utils.js";

export const MASKING: OpDef = {
  name: "masking",
  category: "core",
  doc: "Skips time steps whose features all equal `mask_value` in the recurrent layers that follow (padding of variable-length sequences). Values pass through unchanged.",
  inputs: { min: 1, max: 1 },
  inputDoc: "one `f32` tensor (steps, features)",
  keras: "keras.layers.Masking",
  params: [{ name: "mask_value", type: { kind: "float" }, default: 0, positional: true, doc: "Feature value that marks a padded step." }],
  // A new mask from the values; a mask arriving from before is replaced, as in Keras.
  mask: () => ({ output: true, makes: true }),
  infer(ctx) {
    if (!checkArity(ctx, 1, 1) || !checkAllFloat(ctx)) return undefined;
    const input = ctx.inputs[0]!;
    if (!checkRank(ctx, input, { min: 2 }, "steps, features", "masking works on sequences; reshape to (steps, features)")) return undefined;
    return { shape: input.shape, dtype: "f32" };
  },
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  flops: (_attrs, _inputs, output) => numelOr1(output),
};
