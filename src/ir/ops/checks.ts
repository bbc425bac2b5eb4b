/**
 * Shared checks for `infer`: arity, rank, dtype and known dimensions. Each reports one diagnostic
 * through the context (naming the op and the numbers) and returns false, so `infer` can bail out with
 * `return undefined`.
 */
import type { DType, Shape } from "../types.js";
import type { InferContext, InferInput } from "./types.js";
import { formatShape, sampleAxis } from "./shape-utils.js";

/** A note pointing at where an input was produced: "the input came from `pool2` here". */
export function inputNote(input: InferInput, label = "the input"): { message: string; span: InferInput["span"] } {
  return { message: `${label} came from \`${input.from}\` here`, span: input.span };
}

export function checkArity(ctx: InferContext, min: number, max: number): boolean {
  const n = ctx.inputs.length;
  if (n >= min && n <= max) return true;
  const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  const hint =
    n < min
      ? `give it ${want} tensor input${want === "1" ? "" : "s"}: in \`x -> ${ctx.op}(…)\` the flowing \`x\` is the first; further tensors are its leading arguments`
      : `pass it ${want} tensor${want === "1" ? "" : "s"}: remove the extra tensor arguments, or join them first, e.g. with \`concat\``;
  ctx.error("MFG3209", `\`${ctx.op}\` takes ${want} input${want === "1" ? "" : "s"} but gets ${n} here`, { hints: [hint] });
  return false;
}

/**
 * Requires `input` to have one of the given ranks. `axes` names the dimensions for the message
 * ("height, width, channels"); `hint` suggests a fix.
 */
export function checkRank(
  ctx: InferContext,
  input: InferInput,
  ranks: readonly number[] | { readonly min: number },
  axes: string,
  hint?: string,
): boolean {
  const r = input.shape.length;
  const ok = Array.isArray(ranks) ? ranks.includes(r) : r >= (ranks as { min: number }).min;
  if (ok) return true;
  const want = Array.isArray(ranks)
    ? `a rank-${ranks.join(" or rank-")} input`
    : `an input of rank ${(ranks as { min: number }).min} or more`;
  ctx.error("MFG3201", `\`${ctx.op}\` expects ${want} (${axes}) but gets shape ${formatShape(input.shape)}`, {
    hints: [hint ?? `add a \`reshape\` before it so that the input has the axes (${axes})`],
    notes: [inputNote(input)],
  });
  return false;
}

export function checkDType(ctx: InferContext, input: InferInput, allowed: readonly DType[], hint?: string): boolean {
  if (allowed.includes(input.dtype)) return true;
  ctx.error("MFG3203", `\`${ctx.op}\` expects ${allowed.map((d) => `\`${d}\``).join(" or ")} input but gets \`${input.dtype}\``, {
    hints: [hint ?? `declare the model input that feeds it as \`${allowed[0]}\`, e.g. \`input x: ${allowed[0]}[…]\``],
    notes: [inputNote(input)],
  });
  return false;
}

/** Every input must be `f32` (the usual rule for layers that compute on values). */
export function checkAllFloat(ctx: InferContext): boolean {
  return ctx.inputs.every((input) =>
    checkDType(ctx, input, ["f32"], input.dtype === "i32" ? "cast integer ids with `embedding`, or scale them with `rescaling`" : undefined),
  );
}

/** Requires the dimension at `axis` (non-negative) to be known; `what` names it ("the feature size"). */
export function checkKnownDim(ctx: InferContext, input: InferInput, axis: number, what: string): boolean {
  if (input.shape[axis] !== null && input.shape[axis] !== undefined) return true;
  ctx.error("MFG3208", `\`${ctx.op}\` needs ${what} to be known, but it is \`?\` in shape ${formatShape(input.shape)}`, {
    hints: ["give that dimension a fixed size in the model input"],
    notes: [inputNote(input)],
  });
  return false;
}

/** The last dimension, which the caller has checked is known. */
export function lastDim(shape: Shape): number {
  return shape[shape.length - 1] as number;
}

/**
 * Resolves the `axis` attr with Keras's rule ({@link sampleAxis}: 0 is the batch, 1 the first sample
 * dimension, −1 the last) to an index into the batch-excluded shape. Reports MFG3230 for the batch axis
 * and MFG3206 for an axis out of range.
 */
export function checkAxis(ctx: InferContext, input: InferInput, axis: number): number | undefined {
  const rank = input.shape.length;
  const a = sampleAxis(axis, rank);
  if (a !== undefined) return a;
  const valid = rank === 1 ? "1 or -1" : `1..${rank} or -${rank}..-1`;
  if (axis === 0 || axis === -(rank + 1)) {
    ctx.error("MFG3230", `\`${ctx.op}\` axis ${axis} is the batch axis; it must be one of the sample's axes (${valid}) for shape ${formatShape(input.shape)}`, {
      span: ctx.paramSpan("axis"),
      hints: ["axes count as in Keras: 0 is the batch, 1 the first dimension of the input shape, -1 the last"],
      notes: [inputNote(input)],
    });
    return undefined;
  }
  ctx.error("MFG3206", `\`${ctx.op}\` axis ${axis} is out of range for shape ${formatShape(input.shape)} (valid axes are ${valid}; 0 is the batch)`, {
    span: ctx.paramSpan("axis"),
    hints: ["axes count as in Keras: 0 is the batch, 1 the first dimension of the input shape, -1 the last"],
    notes: [inputNote(input)],
  });
  return undefined;
}
