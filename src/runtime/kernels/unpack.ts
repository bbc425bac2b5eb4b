/**
 * `Unpack` (`tf.unstack`) for wasm: one JS pass that copies each output's rows out of the heap.
 * tfjs-backend-wasm 4.22 makes one `Slice` kernel call per output, and a slice across a middle axis
 * takes the slow generic path: tfjs-layers' recurrent layers unstack their [batch, time, features]
 * input along time every step, and on the LSTM/GRU example Unpack took ~15% of a training step on
 * wasm (bench/results/train-profile.md, `before`).
 *
 * unstack(x, axis)[j][o, i] = x[o, j, i] with x viewed as [outer, n, inner] (outer: the axes before
 * `axis`, inner: the axes after it).
 */
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { heapOutputs } from "./heap.js";
import type { HeapArray } from "./heap.js";

/** Copies slice j of `x` (viewed as [outer, n, inner]) into `outs[j]`, for every j < n. */
export function unstackInto(x: HeapArray, outer: number, n: number, inner: number, outs: readonly HeapArray[]): void {
  for (let j = 0; j < n; j++) {
    const out = outs[j] as HeapArray;
    for (let o = 0; o < outer; o++) {
      const from = (o * n + j) * inner;
      if (inner === 1) out[o] = x[from] as number;
      else out.set(x.subarray(from, from + inner), o * inner);
    }
  }
}

const unpack: KernelFunc = ({ inputs, attrs, backend }) => {
  const { value } = inputs as { value: TensorInfo };
  const rank = value.shape.length;
  const given = Number(attrs?.["axis"] ?? 0);
  const axis = given < 0 ? given + rank : given;
  if (!(axis >= 0 && axis < rank)) throw new Error(`mfgc wasm Unpack: axis ${given} is outside rank ${rank}`);
  const n = value.shape[axis] ?? 0;
  const outer = value.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = value.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outShape = value.shape.filter((_, k) => k !== axis);
  const { outs, outViews, inputViews } = heapOutputs(backend, n, outShape, value.dtype, [value]);
  unstackInto(inputViews[0] as HeapArray, outer, n, inner, outViews);
  return outs;
};

export const unpackConfig: KernelConfig = {
  kernelName: "Unpack",
  backendName: "wasm",
  kernelFunc: unpack,
};
