/**
 * `Sum` over leading axes for wasm, the shape of every bias gradient (dy [batch, h, w, c] summed to
 * [c]). tfjs-backend-wasm 4.22's Sum reduces only innermost axes, so it first transposes the whole
 * input (e.g. 692k floats for the tutorial CNN's first convolution) and then sums; this sums the rows
 * straight into float64 sums in one pass — in mfgc's SIMD kernel (simd/kernels.wat), or in a JS loop
 * where WebAssembly SIMD is missing. Every other case goes to the backend's kernel, and so do small
 * inputs, where the call itself dominates. Alternating the kernels on the same tensors (quiet machine,
 * ms, SIMD/JS/tfjs): [32, 26, 26, 32] 0.27/0.59/2.03, [32, 11, 11, 64] 0.075/0.22/0.68, [32, 3, 3, 64]
 * 0.019/0.027/0.12, [64, 30, 64] 0.049/0.11/0.28, but [32, 64] 0.014/0.010/0.009 and [32, 10]
 * 0.015/0.020/0.011.
 *
 * Values: the same additions in the same order as tfjs's cpu kernel (float64 accumulation over the
 * reduced elements in row-major order, rounded to float32 once), so the results equal cpu's bit for bit.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { heapByteOffsets, heapOutput } from "./heap.js";
import { simdKernels } from "./simd/instance.js";
import { OriginalKernel } from "./original-kernel.js";

export const originalSum = new OriginalKernel("Sum");

/** Inputs smaller than this (elements) go to the backend's kernel (see the measurements above: 2,048 lost, 18,432 won). */
export const MIN_ELEMENTS_FOR_ROW_SUM = 2 ** 13;

/** How many leading axes `axis` names when it is exactly 0…k−1 (k ≥ 1), else 0. */
export function leadingAxisCount(axis: unknown, rank: number): number {
  const list = (Array.isArray(axis) ? axis : [axis]).map((a) => (typeof a === "number" && a < 0 ? a + rank : a));
  if (list.length === 0 || list.length > rank) return 0;
  const sorted = [...list].sort((p, q) => Number(p) - Number(q));
  return sorted.every((a, i) => a === i) ? sorted.length : 0;
}

/** Rows per block of the row sums: about 8 KB of input, which stays in L1 cache while its columns are summed. */
function rowsPerBlock(inner: number): number {
  return Math.max(1, Math.floor(2048 / inner));
}

/**
 * out[i] = Σ_o x[o · inner + i] for o < outer, accumulated in float64 in row order. Blocks of rows small
 * enough to stay in L1 cache are summed four columns at a time with the running sums in registers (one
 * load and one add per element; a Float64Array accumulator read and written per element ran 3× slower:
 * 1.49 ms against 0.49 for [21632, 32]). The order of additions per column is unchanged.
 */
export function sumLeadingRows(x: Float32Array, outer: number, inner: number, out: Float32Array): void {
  const acc = new Float64Array(inner);
  const blockRows = rowsPerBlock(inner);
  for (let o0 = 0; o0 < outer; o0 += blockRows) {
    const o1 = Math.min(outer, o0 + blockRows);
    let i = 0;
    for (; i + 3 < inner; i += 4) {
      let s0 = acc[i] as number;
      let s1 = acc[i + 1] as number;
      let s2 = acc[i + 2] as number;
      let s3 = acc[i + 3] as number;
      for (let p = o0 * inner + i, end = o1 * inner + i; p < end; p += inner) {
        s0 += x[p] as number;
        s1 += x[p + 1] as number;
        s2 += x[p + 2] as number;
        s3 += x[p + 3] as number;
      }
      acc[i] = s0;
      acc[i + 1] = s1;
      acc[i + 2] = s2;
      acc[i + 3] = s3;
    }
    for (; i < inner; i++) {
      let s0 = acc[i] as number;
      for (let p = o0 * inner + i, end = o1 * inner + i; p < end; p += inner) s0 += x[p] as number;
      acc[i] = s0;
    }
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
  const simd = simdKernels(backend);
  if (simd !== null) {
    // float64 scratch for the running sums: 2·inner float32s' worth of heap, released before returning.
    const scratch = heapOutput(backend, [2 * inner], "float32", []).out;
    const { out } = heapOutput(backend, outShape, "float32", []);
    const [xAt, accAt, outAt] = heapByteOffsets(backend, [x, scratch, out]) as [number, number, number];
    simd.sumLeadingRows(xAt, accAt, outAt, outer, inner, rowsPerBlock(inner));
    (backend as { disposeData(dataId: object): void }).disposeData(scratch.dataId);
    return out;
  }
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
