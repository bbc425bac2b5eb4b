/** Reshaping: flatten, reshape (with `-1`), permute, upsampling2d. */
import type { Dim, Shape } from "../types.js";
import type { OpDef } from "./types.js";
import { intListAttr, intsAttr, stringAttr } from "./attrs.js";
import { checkAllFloat, checkArity, checkRank, inputNote } from "./checks.js";
import { checkSpatialRank } from "./spatial.js";
import { formatShape, numel, numelOr1 } from "./shape-utils.js";

const NO_PARAMS = { trainable: 0, nonTrainable: 0 } as const;

export const FLATTEN: OpDef = {
  name: "flatten",
  category: "reshaping",
  doc: "Flattens each sample to one dimension, e.g. (3, 3, 64) → (576). The size is unknown if any input dimension is.",
  inputs: { min: 1, max: 1 },
  inputDoc: "one tensor of any dtype and rank ≥ 1",
  keras: "keras.layers.Flatten",
  params: [],
  infer(ctx) {
    if (!checkArity(ctx, 1, 1)) return undefined;
    const input = ctx.inputs[0]!;
    if (!checkRank(ctx, input, { min: 1 }, "any dimensions")) return undefined;
    return { shape: [numel(input.shape)], dtype: input.dtype };
  },
  paramCount: () => NO_PARAMS,
  flops: () => 0,
};

export const RESHAPE: OpDef = {
  name: "reshape",
  category: "reshaping",
  doc: "Reshapes each sample to `target` (batch excluded). One entry may be `-1`: it is inferred from the element count.",
  inputs: { min: 1, max: 1 },
  inputDoc: "one tensor of any dtype",
  keras: "keras.layers.Reshape",
  params: [{ name: "target", type: { kind: "intList" }, required: true, positional: true, doc: "New shape without the batch dimension; at most one `-1`." }],
  check(ctx) {
    const target = intListAttr(ctx.attrs, "target");
    const span = ctx.paramSpan("target");
    if (target.filter((d) => d === -1).length > 1) {
      ctx.error("MFG3102", `\`reshape\` target ${formatShape(target)} has more than one \`-1\``, { span, hints: ["give every size but one explicitly"] });
    }
    const bad = target.find((d) => d === 0 || d < -1);
    if (bad !== undefined) {
      // With no `-1` yet, one bad entry is most likely the size meant to be computed (`[0, 784]`).
      const bads = target.filter((d) => d === 0 || d < -1);
      const hint =
        bads.length === 1 && !target.includes(-1) && target.length <= 16
          ? `did you mean \`[${target.map((d) => (d === bad ? -1 : d)).join(", ")}]\`? (-1: computed from the input)`
          : `replace ${bad} with the size you mean; \`-1\`, once, lets mfgc compute one size from the input`;
      ctx.error("MFG3103", `\`reshape\` target ${formatShape(target)} contains ${bad}; entries must be positive sizes or -1`, { span, hints: [hint] });
    }
  },
  infer(ctx) {
    if (!checkArity(ctx, 1, 1)) return undefined;
    const input = ctx.inputs[0]!;
    const target = intListAttr(ctx.attrs, "target");
    const total = numel(input.shape);
    const hole = target.indexOf(-1);
    const known = target.reduce((a, d) => (d === -1 ? a : a * d), 1);
    const mismatch = (detail: string): undefined => {
      // A fix: let the last size be computed (-1) when the others divide the input's size.
      const rest = target.slice(0, -1).reduce((a, d) => (d === -1 ? a : a * d), 1);
      const hint = total !== null && target.length > 1 && total % rest === 0 ? `did you mean \`[${[...target.slice(0, -1), -1].join(", ")}]\`? (-1: computed from the input)` : `the sizes must multiply to ${total ?? "the input's size"}`;
      ctx.error("MFG3207", `\`reshape\` cannot turn shape ${formatShape(input.shape)} (${total} elements) into ${formatShape(target)}: ${detail}`, {
        span: ctx.paramSpan("target"),
        notes: [inputNote(input)],
        hints: [hint],
      });
      return undefined;
    };
    if (hole < 0) {
      if (total !== null && total !== known) return mismatch(`that holds ${known} elements`);
      return { shape: target, dtype: input.dtype };
    }
    if (total === null) return { shape: target.map((d): Dim => (d === -1 ? null : d)), dtype: input.dtype };
    if (total % known !== 0) return mismatch(`${total} is not a multiple of ${known}`);
    return { shape: target.map((d) => (d === -1 ? total / known : d)), dtype: input.dtype };
  },
  paramCount: () => NO_PARAMS,
  flops: () => 0,
};

export const PERMUTE: OpDef = {
  name: "permute",
  category: "reshaping",
  doc: "Reorders the non-batch axes; `dims` is 1-based as in Keras, e.g. `permute([2, 1])` swaps steps and features.",
  inputs: { min: 1, max: 1 },
  inputDoc: "one tensor of any dtype whose rank equals the length of `dims`",
  keras: "keras.layers.Permute",
  params: [{ name: "dims", type: { kind: "intList", min: 1 }, required: true, positional: true, doc: "A permutation of 1..rank (1-based, batch excluded)." }],
  check(ctx) {
    const dims = intListAttr(ctx.attrs, "dims");
    const sorted = [...dims].sort((a, b) => a - b);
    if (!sorted.every((d, i) => d === i + 1)) {
      ctx.error("MFG3104", `\`permute\` dims ${formatShape(dims)} are not a permutation of 1..${dims.length}`, {
        span: ctx.paramSpan("dims"),
        hints: ["list each axis exactly once, counting from 1 (the batch axis is not counted)"],
      });
    }
  },
  infer(ctx) {
    if (!checkArity(ctx, 1, 1)) return undefined;
    const input = ctx.inputs[0]!;
    const dims = intListAttr(ctx.attrs, "dims");
    if (dims.length !== input.shape.length) {
      ctx.error("MFG3212", `\`permute\` dims ${formatShape(dims)} name ${dims.length} axes but the input has rank ${input.shape.length}, shape ${formatShape(input.shape)}`, {
        span: ctx.paramSpan("dims"),
        notes: [inputNote(input)],
        hints: [`give ${input.shape.length} axes, a permutation of 1..${input.shape.length}, e.g. \`permute(${permuteExample(input.shape.length)})\``],
      });
      return undefined;
    }
    return { shape: dims.map((d) => input.shape[d - 1] ?? null), dtype: input.dtype };
  },
  paramCount: () => NO_PARAMS,
  flops: () => 0,
};

export const UPSAMPLING2D: OpDef = {
  name: "upsampling2d",
  category: "reshaping",
  doc: "Repeats rows and columns `size` times (nearest) or interpolates (bilinear, with half-pixel centres as TF2/Keras: the row [0, 1] doubles to [0, 0.25, 0.75, 1]).",
  inputs: { min: 1, max: 1 },
  inputDoc: "one `f32` tensor (height, width, channels)",
  keras: "keras.layers.UpSampling2D",
  params: [
    { name: "size", type: { kind: "ints", length: 2, min: 1 }, default: 2, positional: true, doc: "Upsampling factor: one int, or [height, width]." },
    { name: "interpolation", type: { kind: "enum", values: ["nearest", "bilinear"] }, default: "nearest", doc: "How new pixels are filled." },
  ],
  infer(ctx) {
    if (!checkArity(ctx, 1, 1) || !checkAllFloat(ctx)) return undefined;
    const input = ctx.inputs[0]!;
    if (!checkSpatialRank(ctx, input, 2)) return undefined;
    const size = intsAttr(ctx.attrs, "size", 2);
    const shape: Shape = [scale(input.shape[0]!, size[0]!), scale(input.shape[1]!, size[1]!), input.shape[2]!];
    return { shape, dtype: "f32" };
  },
  paramCount: () => NO_PARAMS,
  // Bilinear: about 4 multiply-adds per output element; nearest copies.
  flops: (attrs, _inputs, output) => (stringAttr(attrs, "interpolation") === "bilinear" ? 8 * numelOr1(output) : 0),
};

function scale(d: Dim, factor: number): Dim {
  return d === null ? null : d * factor;
}

/** A permutation of 1..rank that swaps the first two axes (the usual use of `permute`): `[2, 1, 3]`. */
function permuteExample(rank: number): string {
  const dims = Array.from({ length: Math.min(rank, 8) }, (_, i) => i + 1);
  if (rank >= 2) [dims[0], dims[1]] = [2, 1];
  return `[${dims.join(", ")}${rank > 8 ? ", …" : ""}]`;
}
