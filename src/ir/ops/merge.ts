/** Merges of several tensors: element-wise add/subtract/multiply/average and concat along an axis. */
import type { Attrs, Dim, Shape } from "../types.js";
import type { InferContext, InferInput, MaskEffect, OpDef } from "./types.js";
import { mergeMask } from "./masks.js";
import { intAttr } from "./attrs.js";
import { checkAllFloat, checkArity, checkAxis, checkDType, inputNote } from "./checks.js";
import { dimsCompatible, formatShape, mergeDim, numelOr1, sampleAxis, shapesCompatible } from "./shape-utils.js";

const NO_PARAMS = { trainable: 0, nonTrainable: 0 } as const;

/** "(13, 13, 32) from `a` and (11, 11, 64) from `b`", plus notes at both producers. */
function describePair(a: InferInput, b: InferInput): { text: string; notes: { message: string; span: InferInput["span"] }[] } {
  return {
    text: `${formatShape(a.shape)} from \`${a.from}\` and ${formatShape(b.shape)} from \`${b.from}\``,
    notes: [inputNote(a, `the first input ${formatShape(a.shape)}`), inputNote(b, `the other input ${formatShape(b.shape)}`)],
  };
}

function makeElementwise(name: string, keras: string, doc: string, maxInputs: number): OpDef {
  return {
    name,
    category: "merge",
    doc,
    inputs: { min: 2, max: maxInputs },
    inputDoc: maxInputs === 2 ? "exactly two `f32` tensors of the same shape" : "two or more `f32` tensors of the same shape",
    keras,
    params: [],
    mask: mergeMask,
    infer(ctx) {
      if (!checkArity(ctx, 2, maxInputs) || !checkAllFloat(ctx)) return undefined;
      const first = ctx.inputs[0]!;
      let shape = first.shape;
      for (const other of ctx.inputs.slice(1)) {
        if (!shapesCompatible(first.shape, other.shape)) {
          const { text, notes } = describePair(first, other);
          ctx.error("MFG3204", `\`${name}\` needs inputs of the same shape but gets ${text}`, {
            hints: ["project one input to the other's shape first, e.g. with a 1×1 `conv2d` or a `dense`"],
            notes,
          });
          return undefined;
        }
        shape = shape.map((d, i) => mergeDim(d, other.shape[i] ?? null));
      }
      return { shape, dtype: "f32" };
    },
    paramCount: () => NO_PARAMS,
    flops: (_attrs, inputs, output) => (inputs.length - 1) * numelOr1(output),
  };
}

export const ADD = makeElementwise("add", "keras.layers.Add", "Element-wise sum of its inputs (residual connections).", Infinity);
export const SUBTRACT = makeElementwise("subtract", "keras.layers.Subtract", "Element-wise difference: first input minus second.", 2);
export const MULTIPLY = makeElementwise("multiply", "keras.layers.Multiply", "Element-wise product of its inputs (gating).", Infinity);
export const AVERAGE = makeElementwise("average", "keras.layers.Average", "Element-wise mean of its inputs (ensembles).", Infinity);

function inferConcat(ctx: InferContext) {
  if (!checkArity(ctx, 2, Infinity)) return undefined;
  const first = ctx.inputs[0]!;
  if (!ctx.inputs.every((i) => checkDType(ctx, i, [first.dtype], "cast the inputs to one dtype first"))) return undefined;
  const axis = checkAxis(ctx, first, intAttr(ctx.attrs, "axis"));
  if (axis === undefined) return undefined;
  const shape: Dim[] = [...first.shape];
  for (const other of ctx.inputs.slice(1)) {
    const fits = other.shape.length === first.shape.length && other.shape.every((d, i) => i === axis || dimsCompatible(d, shape[i] ?? null));
    if (!fits) {
      const { text, notes } = describePair(first, other);
      ctx.error("MFG3205", `\`concat\` inputs must match on every axis except axis ${intAttr(ctx.attrs, "axis")} but gets ${text}`, {
        hints: other.shape.length === first.shape.length ? ["choose the axis along which the inputs differ, or reshape them"] : ["flatten or reshape the inputs to the same rank first"],
        notes,
      });
      return undefined;
    }
    shape.forEach((d, i) => {
      const o = other.shape[i] ?? null;
      shape[i] = i === axis ? (d === null || o === null ? null : d + o) : mergeDim(d, o);
    });
  }
  return { shape, dtype: first.dtype };
}

/**
 * Keras 3's `Concatenate.compute_mask`: each input's mask (all-true for an unmasked input) is joined along
 * the axis and a step is kept where any feature keeps it. Along the last axis, an unmasked input makes
 * every step kept: no mask. Along another axis the masks are joined.
 */
function concatMask(attrs: Attrs, masked: readonly boolean[], inputs: readonly Shape[]): MaskEffect {
  if (!masked.some((m) => m)) return { output: false };
  const rank = inputs[0]?.length ?? 0;
  const alongLast = sampleAxis(intAttr(attrs, "axis"), rank) === rank - 1;
  return { output: alongLast ? masked.every((m) => m) : true };
}

export const CONCAT: OpDef = {
  name: "concat",
  category: "merge",
  doc: "Concatenates its inputs along `axis` (default: the last, i.e. features/channels); all other dimensions must agree.",
  inputs: { min: 2, max: Infinity },
  inputDoc: "two or more tensors of the same dtype and rank",
  keras: "keras.layers.Concatenate",
  mask: concatMask,
  params: [{ name: "axis", type: { kind: "int" }, default: -1, doc: "Axis to join along, counted as in Keras (0 is the batch and cannot be joined along, 1 the first input dimension; −1: last)." }],
  infer: inferConcat,
  paramCount: () => NO_PARAMS,
  flops: () => 0,
};
