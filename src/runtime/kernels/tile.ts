/**
 * `Tile` for wasm: a JS pass over the heap that copies whole rows. tfjs-backend-wasm 4.22's C++ Tile
 * computes every output element's source index one by one; on the Transformer example its 16 calls
 * per step (tfjs-layers' LayerNormalization tiles the moments and its scale/offset to
 * [batch, time, d]) took ~22 ms each on this machine (bench/results/train-profile.md, `before`).
 *
 * tile(x, reps)[o₀, o₁, …] = x[o₀ mod s₀, o₁ mod s₁, …] for x of shape [s₀, s₁, …] (tf.tile's
 * definition). Each output row along the last axis is that axis's input row repeated reps₋₁ times.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { heapOutput } from "./heap.js";
import type { HeapArray } from "./heap.js";

/**
 * Writes tile(x, reps) into `out` (row-major, size Π sₖ·repsₖ). `x` has shape `shape`; `reps` has
 * one entry per axis (≥ 0). Rank 0 copies the scalar.
 */
export function tileInto(x: HeapArray, shape: readonly number[], reps: readonly number[], out: HeapArray): void {
  const rank = shape.length;
  if (rank === 0) {
    if (out.length > 0) out[0] = x[0] ?? 0;
    return;
  }
  const last = shape[rank - 1] ?? 1;
  const rowLength = last * (reps[rank - 1] ?? 1);
  if (rowLength === 0 || out.length === 0) return;
  const outShape = shape.map((s, k) => s * (reps[k] ?? 1));
  const rows = out.length / rowLength;
  const coord = new Array<number>(Math.max(0, rank - 1)).fill(0);
  for (let row = 0; row < rows; row++) {
    let src = 0;
    for (let k = 0; k < rank - 1; k++) src = src * (shape[k] ?? 1) + ((coord[k] ?? 0) % (shape[k] ?? 1));
    src *= last;
    const dst = row * rowLength;
    if (last === 1) {
      out.fill(x[src] ?? 0, dst, dst + rowLength);
    } else {
      const source = x.subarray(src, src + last);
      for (let at = dst; at < dst + rowLength; at += last) out.set(source, at);
    }
    for (let k = rank - 2; k >= 0; k--) {
      coord[k] = (coord[k] ?? 0) + 1;
      if ((coord[k] ?? 0) < (outShape[k] ?? 0)) break;
      coord[k] = 0;
    }
  }
}

const tile: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x } = inputs as { x: TensorInfo };
  const reps = (attrs?.["reps"] ?? []) as number[];
  if (reps.length !== x.shape.length) throw new Error(`mfgc wasm Tile: reps [${reps.join(", ")}] do not match rank ${x.shape.length}`);
  const outShape = x.shape.map((s, k) => s * (reps[k] ?? 1));
  const { out, outView, inputViews } = heapOutput(backend, outShape, x.dtype, [x]);
  tileInto(inputViews[0] as HeapArray, x.shape, reps, outView);
  return out;
};

export const tileConfig: KernelConfig = {
  kernelName: "Tile",
  backendName: "wasm",
  kernelFunc: tile,
};
