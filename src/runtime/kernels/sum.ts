/**
 * `Sum` over leading axes for wasm, the shape of every bias gradient (dy [batch, h, w, c] summed to
 * [c]). tfjs-backend-wasm 4.22's Sum reduces only innermost axes, so it first transposes the whole
 * input (e.g. 692k floats for the tutorial CNN's first convolution) and then sums; this sums the rows
 * straight into a float64 accumulator in one pass. Every other case goes to the backend's kernel, and so
 * do small inputs: alternating both kernels on the same tensors (loaded machine, so ratios only), the JS
 * pass was 1.98× as fast on [32, 26, 26, 32] but 0.79× on [32, 11, 11, 64] and 0.60× on [1536, 64].
 *
 * Values: the same additions in the same order as tfjs's cpu kernel (float64 accumulation over the
 * reduced elements in row-major order, rounded to float32 once), so the results equal cpu's bit for bit.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { heapOutput } from "./heap.js";
import { OriginalKernel } from "./original-kernel.js";

export const originalSum = new OriginalKernel("Sum");

/** Inputs smaller than this (elements) go to the backend's kernel (see the measurements above). */
export const MIN_ELEMENTS_FOR_ROW_SUM = 2 ** 19;

/** How many leading axes `axis` names when it is exactly 0…k−1 (k ≥ 1), else 0. */
export function leadingAxisCount(axis: unknown, rank: number): number {
  const list = (Array.isArray(axis) ? axis : [axis]).map((a) => (typeof a === "number" && a < 0 ? a + rank : a));
  if (list.length === 0 || list.length > rank) return 0;
  const sorted = [...list].sort((p, q) => Number(p) - Number(q));
  return sorted.every((a, i) => a === i) ? sorted.length : 0;
}

/** out[i] = Σ_o x[o · inner + i] for o < outer (float64 accumulation). */
export function sumLeadingRows(x: Float32Array, outer: number, inner: number, out: Float32Array): void {
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * inner;
    for (let i = 0; i < inner; i++) acc[i] = (acc[i] as number) + (x[base + i] as number);
  }
  out.set(acc);
}

const sum: KernelFunc = (args) => {
  const { inputs, attrs, backend } = args;
  const { x } = inputs as { x: TensorInfo };
  const rank = x.shape.length;
  const k = leadingAxisCount(attrs?.["axis"], rank);
  const outer = x.shape.slice(0, k).reduce((a, b) => a * b, 1);
  const rest = x.shape.slice(k);
  const inner = rest.reduce((a, b) => a * b, 1);
  // Leading axes only, float32, large, and something left over (a full reduction has no transpose to save).
  if (x.dtype !== "float32" || k === 0 || k === rank || outer * inner < MIN_ELEMENTS_FOR_ROW_SUM) return originalSum.call(args);
  const outShape = attrs?.["keepDims"] === true ? [...new Array<number>(k).fill(1), ...rest] : rest;
  const { out, outView, inputViews } = heapOutput(backend, outShape, "float32", [x]);
  sumLeadingRows(inputViews[0] as Float32Array, outer, inner, outView as Float32Array);
  return out;
};

export const sumConfig: KernelConfig = {
  kernelName: "Sum",
  backendName: "wasm",
  kernelFunc: sum,
  setupFunc: originalSum.setup,
};
