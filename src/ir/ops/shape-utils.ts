/**
 * Pure shape arithmetic shared by the ops: output sizes of convolutions and pooling (Keras's
 * `conv_output_length` / `deconv_output_length`), element counts, and shape formatting for messages.
 * A `null` dimension (known only at run time) stays `null` through every computation.
 */
import type { Dim, Shape } from "../types.js";

export type Padding = "valid" | "same";

/** Size of a dilated kernel: `(k - 1) * d + 1`. */
export function dilatedKernel(kernel: number, dilation: number): number {
  return (kernel - 1) * dilation + 1;
}

/**
 * Output length of a convolution or pooling window along one axis, as Keras computes it:
 * `valid`: ceil((in - dilatedKernel + 1) / stride); `same`: ceil(in / stride).
 * Returns a value < 1 when a `valid` window does not fit (callers report that).
 */
export function convOutputLength(input: Dim, kernel: number, stride: number, padding: Padding, dilation = 1): Dim {
  if (input === null) return null;
  const span = padding === "valid" ? input - dilatedKernel(kernel, dilation) + 1 : input;
  return Math.floor((span + stride - 1) / stride);
}

/**
 * Output length of a transposed convolution along one axis, Keras's `deconv_output_length`: without
 * `outputPadding` `valid` gives in·stride + max(kernel − stride, 0) and `same` in·stride; with it,
 * (in − 1)·stride + kernel − 2·pad + outputPadding, pad = kernel // 2 for `same`, 0 for `valid`.
 */
export function deconvOutputLength(input: Dim, kernel: number, stride: number, padding: Padding, outputPadding: number | null = null): Dim {
  if (input === null) return null;
  if (outputPadding !== null) return (input - 1) * stride + kernel - 2 * (padding === "same" ? Math.floor(kernel / 2) : 0) + outputPadding;
  return padding === "valid" ? input * stride + Math.max(kernel - stride, 0) : input * stride;
}

/** Product of the dimensions, or `null` when any is unknown. The empty shape (a scalar) has 1 element. */
export function numel(shape: Shape): number | null {
  let n = 1;
  for (const d of shape) {
    if (d === null) return null;
    n *= d;
  }
  return n;
}

/** Product of the dimensions with unknown ones counted as 1 (for per-sample cost estimates). */
export function numelOr1(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d ?? 1;
  return n;
}

/** A dimension for cost estimates: unknown counts as 1. */
export function dimOr1(d: Dim | undefined): number {
  return d ?? 1;
}

/** `(26, 26, 32)`; unknown dimensions print as `?`, a scalar as `()`. */
export function formatShape(shape: Shape): string {
  return `(${shape.map(formatDim).join(", ")})`;
}

export function formatDim(d: Dim): string {
  return d === null ? "?" : String(d);
}

/** `3×3` for window sizes in messages. */
export function formatWindow(dims: readonly Dim[]): string {
  return dims.map(formatDim).join("×");
}

/** Two dimensions that can be the same at run time (an unknown one matches anything). */
export function dimsCompatible(a: Dim, b: Dim): boolean {
  return a === null || b === null || a === b;
}

/** The more informative of two compatible dimensions. */
export function mergeDim(a: Dim, b: Dim): Dim {
  return a ?? b;
}

export function shapesCompatible(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => dimsCompatible(d, b[i] ?? null));
}

/**
 * The one axis rule for every op that takes an axis — Keras's: axis 0 is the batch, 1 the first
 * dimension of a sample, `rank` the last; a negative axis counts from the end (−1: last). `rank` is the
 * rank of a sample (the IR shape, batch excluded). Returns the index into that batch-excluded shape, or
 * undefined when the axis is the batch axis or out of range.
 */
export function sampleAxis(axis: number, rank: number): number | undefined {
  const withBatch = axis < 0 ? rank + 1 + axis : axis;
  return withBatch >= 1 && withBatch <= rank ? withBatch - 1 : undefined;
}

/**
 * The same axis as tfjs counts it: batch included and never negative (tfjs-layers' `concatenate` turns
 * every negative axis into −1 at run time, so negative axes must not reach it). Throws for an axis
 * {@link sampleAxis} rejects: shape inference reports those before anything is lowered.
 */
export function tfjsAxis(axis: number, rank: number): number {
  const a = sampleAxis(axis, rank);
  if (a === undefined) throw new Error(`internal: axis ${axis} is not a sample axis of a rank-${rank} sample`);
  return a + 1;
}
