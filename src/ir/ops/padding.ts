/**
 * Zero padding and cropping of the spatial axes, as Keras: `zero_padding1d`, `zero_padding2d`,
 * `cropping1d`, `cropping2d`. Amounts may differ before and after each axis (`[[top, bottom], [left,
 * right]]`), or be one int for every side, or one int per axis.
 */
import type { Attrs, Dim } from "../types.js";
import type { InferContext, OpDef, ParamDef } from "./types.js";
import { checkAllFloat, checkArity, inputNote } from "./checks.js";
import { checkSpatialRank } from "./spatial.js";
import { formatShape } from "./shape-utils.js";

const NO_PARAMS = { trainable: 0, nonTrainable: 0 } as const;

/** A `pairs` attr: per spatial axis, [before, after]. */
export function pairsAttr(attrs: Attrs, name: string, n: number): [number, number][] {
  const v = attrs[name];
  if (!Array.isArray(v) || v.length !== n || !v.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === "number"))) {
    throw new Error(`internal: attr \`${name}\` should be ${n} pairs but is ${JSON.stringify(v)}`);
  }
  return v as [number, number][];
}

function amountsParam(name: "padding" | "cropping", n: 1 | 2, fallback: number): ParamDef {
  const what = name === "padding" ? "Zeros added" : "Rows/steps removed";
  return {
    name,
    type: { kind: "pairs", length: n, min: 0 },
    default: fallback,
    positional: true,
    doc:
      n === 1
        ? `${what} at the start and end of the steps: one int for both, or [start, end].`
        : `${what} around the image: one int for every side, [height, width] (the same on both sides of each), or [[top, bottom], [left, right]].`,
  };
}

function make(kind: "pad" | "crop", n: 1 | 2): OpDef {
  const name = kind === "pad" ? `zero_padding${n}d` : `cropping${n}d`;
  const param = kind === "pad" ? "padding" : "cropping";
  const axes = n === 1 ? "steps" : "height and width";
  return {
    name,
    category: "reshaping",
    doc:
      kind === "pad"
        ? `Adds zeros before and after the ${axes}; channels are kept.`
        : `Removes ${n === 1 ? "steps" : "rows and columns"} at the start and end of the ${axes}; channels are kept.`,
    inputs: { min: 1, max: 1 },
    inputDoc: `one \`f32\` tensor (${n === 1 ? "steps, channels" : "height, width, channels"})`,
    keras: `keras.layers.${kind === "pad" ? "ZeroPadding" : "Cropping"}${n}D`,
    params: [amountsParam(param, n, kind === "pad" ? 1 : 0)],
    infer(ctx: InferContext) {
      if (!checkArity(ctx, 1, 1) || !checkAllFloat(ctx)) return undefined;
      const input = ctx.inputs[0]!;
      if (!checkSpatialRank(ctx, input, n, n === 1 ? (kind === "pad" ? "zero_padding2d" : "cropping2d") : kind === "pad" ? "zero_padding1d" : "cropping1d")) return undefined;
      const amounts = pairsAttr(ctx.attrs, param, n);
      const spatial: Dim[] = [];
      for (let i = 0; i < n; i++) {
        const d = input.shape[i] ?? null;
        const [before, after] = amounts[i]!;
        const size = d === null ? null : kind === "pad" ? d + before + after : d - before - after;
        if (size !== null && size < 1) {
          ctx.error("MFG3234", `\`${name}\` removes ${before + after} of ${d} along axis ${i + 1} of shape ${formatShape(input.shape)}, leaving nothing`, {
            span: ctx.paramSpan(param),
            hints: ["crop less, or crop a larger input"],
            notes: [inputNote(input)],
          });
          return undefined;
        }
        spatial.push(size);
      }
      return { shape: [...spatial, input.shape[n] ?? null], dtype: "f32" };
    },
    paramCount: () => NO_PARAMS,
    flops: () => 0,
  };
}

export const ZERO_PADDING1D = make("pad", 1);
export const ZERO_PADDING2D = make("pad", 2);
export const CROPPING1D = make("crop", 1);
export const CROPPING2D = make("crop", 2);
