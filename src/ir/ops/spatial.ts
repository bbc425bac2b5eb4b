/**
 * Shared inference for windowed ops over channels-last inputs (convolutions and pooling): rank check,
 * window-fits check, and output spatial sizes.
 */
import type { Dim } from "../types.js";
import type { InferContext, InferInput } from "./types.js";
import { checkRank, inputNote } from "./checks.js";
import { convOutputLength, dilatedKernel, formatWindow, type Padding } from "./shape-utils.js";

export interface WindowSpec {
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilation: readonly number[];
  readonly padding: Padding;
}

/** Axis names for messages, by number of spatial dims. */
export function spatialAxes(n: number): string {
  return n === 1 ? "steps, channels" : n === 2 ? "height, width, channels" : "depth, height, width, channels";
}

/** Rank check for an input with `n` spatial dims plus channels; `alternative` is the op of the other rank. */
export function checkSpatialRank(ctx: InferContext, input: InferInput, n: number, alternative?: string): boolean {
  const hint = alternative === undefined ? "add `reshape` before it" : `add \`reshape\` or use \`${alternative}\``;
  return checkRank(ctx, input, [n + 1], spatialAxes(n), hint);
}

/**
 * Output spatial sizes of a window sliding over the first `n` axes, or undefined after reporting that a
 * `valid` window does not fit ("`conv2d` needs an input at least 3×3 but gets 2×2 here").
 */
export function inferWindowed(ctx: InferContext, input: InferInput, spec: WindowSpec): Dim[] | undefined {
  const n = spec.kernel.length;
  const spatial = input.shape.slice(0, n);
  const window = spec.kernel.map((k, i) => dilatedKernel(k, spec.dilation[i] ?? 1));
  if (spec.padding === "valid" && spatial.some((d, i) => d !== null && d < window[i]!)) {
    ctx.error("MFG3202", `\`${ctx.op}\` needs an input at least ${formatWindow(window)} but gets ${formatWindow(spatial)} here`, {
      hints: ["use `padding: same`, a smaller kernel, or fewer pooling steps before this op"],
      notes: [inputNote(input)],
    });
    return undefined;
  }
  return spatial.map((d, i) => convOutputLength(d, spec.kernel[i]!, spec.strides[i]!, spec.padding, spec.dilation[i] ?? 1));
}
