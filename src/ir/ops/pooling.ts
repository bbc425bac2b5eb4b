/** Pooling: max/average windows (1-D, 2-D) and global pooling over all spatial axes. */
import type { Shape } from "../types.js";
import type { OpDef } from "./types.js";
import { boolAttr, intsAttr, optionalIntsAttr, stringAttr } from "./attrs.js";
import { checkAllFloat, checkArity } from "./checks.js";
import { KEEPDIMS, PADDING, poolParam, poolStridesParam } from "./params.js";
import { checkSpatialRank, inferWindowed, spatialAxes } from "./spatial.js";
import { numelOr1, type Padding } from "./shape-utils.js";
import { consumeMask } from "./masks.js";

const NO_PARAMS = { trainable: 0, nonTrainable: 0 } as const;

function makePool(kind: "max" | "avg", n: 1 | 2): OpDef {
  const other = `${kind}pool${n === 1 ? 2 : 1}d`;
  return {
    name: `${kind}pool${n}d`,
    category: "pooling",
    doc: `${kind === "max" ? "Max" : "Average"} pooling over ${n === 1 ? "steps" : "height and width"}: each window of \`pool\` is reduced to its ${kind === "max" ? "maximum" : "mean"}; channels are kept.`,
    inputs: { min: 1, max: 1 },
    inputDoc: `one \`f32\` tensor (${spatialAxes(n)})`,
    keras: `keras.layers.${kind === "max" ? "Max" : "Average"}Pooling${n}D`,
    params: [poolParam(n), poolStridesParam(n), PADDING],
    infer(ctx) {
      if (!checkArity(ctx, 1, 1) || !checkAllFloat(ctx)) return undefined;
      const input = ctx.inputs[0]!;
      if (!checkSpatialRank(ctx, input, n, other)) return undefined;
      const pool = intsAttr(ctx.attrs, "pool", n);
      const spatial = inferWindowed(ctx, input, {
        kernel: pool,
        strides: optionalIntsAttr(ctx.attrs, "strides", n) ?? pool,
        dilation: pool.map(() => 1),
        padding: stringAttr(ctx.attrs, "padding") as Padding,
      });
      return spatial && { shape: [...spatial, input.shape[n]!], dtype: "f32" };
    },
    paramCount: () => NO_PARAMS,
    flops(attrs, _inputs, output) {
      // One comparison or addition per window element.
      return numelOr1(output) * intsAttr(attrs, "pool", n).reduce((a, b) => a * b, 1);
    },
  };
}

function makeGlobalPool(kind: "max" | "avg", n: 1 | 2): OpDef {
  const other = `global_${kind}pool${n === 1 ? 2 : 1}d`;
  return {
    name: `global_${kind}pool${n}d`,
    category: "pooling",
    doc: `Global ${kind === "max" ? "max" : "average"} pooling: reduces all ${n === 1 ? "steps" : "spatial positions"} to one value per channel (unknown ${n === 1 ? "sequence lengths" : "sizes"} are fine).${kind === "avg" && n === 1 ? " With a padding mask (`embedding(mask_zero: true)`, `masking`) it averages the unmasked steps only, as Keras." : ""}`,
    inputs: { min: 1, max: 1 },
    inputDoc: `one \`f32\` tensor (${spatialAxes(n)})`,
    keras: `keras.layers.Global${kind === "max" ? "Max" : "Average"}Pooling${n}D`,
    params: [KEEPDIMS],
    // Keras's GlobalAveragePooling1D averages the unmasked steps only; its max pooling ignores masks.
    ...(kind === "avg" && n === 1
      ? { mask: consumeMask }
      : kind === "max" && n === 1
        ? { mask: () => ({ refuse: "`global_maxpool1d` would take padded steps into the maximum (Keras ignores the mask here); `global_avgpool1d` honours it" }) }
        : {}),
    infer(ctx) {
      if (!checkArity(ctx, 1, 1) || !checkAllFloat(ctx)) return undefined;
      const input = ctx.inputs[0]!;
      if (!checkSpatialRank(ctx, input, n, other)) return undefined;
      const channels = input.shape[n]!;
      const shape: Shape = boolAttr(ctx.attrs, "keepdims") ? [...input.shape.slice(0, n).map(() => 1), channels] : [channels];
      return { shape, dtype: "f32" };
    },
    paramCount: () => NO_PARAMS,
    flops: (_attrs, [input]) => numelOr1(input!),
  };
}

export const MAXPOOL1D = makePool("max", 1);
export const MAXPOOL2D = makePool("max", 2);
export const AVGPOOL1D = makePool("avg", 1);
export const AVGPOOL2D = makePool("avg", 2);
export const GLOBAL_MAXPOOL1D = makeGlobalPool("max", 1);
export const GLOBAL_MAXPOOL2D = makeGlobalPool("max", 2);
export const GLOBAL_AVGPOOL1D = makeGlobalPool("avg", 1);
export const GLOBAL_AVGPOOL2D = makeGlobalPool("avg", 2);
