/** Batches of one epoch as tensors, from in-memory data (seeded permutation) or a streamed `tf.data` pipeline. */
import * as tf from "@tensorflow/tfjs";
import { takeSamples } from "../data/split.js";
import type { Dataset, SampleArray, TensorBatch } from "../data/types.js";

export function batchCount(ds: Dataset, batchSize: number): number {
  return Math.ceil(ds.size / batchSize);
}

function toTensor(arr: SampleArray, indices: ArrayLike<number>): tf.Tensor {
  const taken = takeSamples(arr, indices);
  return tf.tensor(taken.data, [indices.length, ...arr.sampleShape], arr.dtype);
}

/**
 * Yields the batches of one pass. `order` is the sample order for in-memory data (null: natural order);
 * `streamSeed` seeds a streamed split's shuffle buffer. The consumer disposes each batch's tensors.
 */
export async function* epochBatches(ds: Dataset, batchSize: number, order: Int32Array | null, streamSeed: number, shuffle: boolean): AsyncGenerator<TensorBatch> {
  if (ds.kind === "memory") {
    for (let start = 0; start < ds.size; start += batchSize) {
      const end = Math.min(ds.size, start + batchSize);
      const indices = order === null ? Int32Array.from({ length: end - start }, (_, i) => start + i) : order.subarray(start, end);
      const xs: Record<string, tf.Tensor> = {};
      const ys: Record<string, tf.Tensor> = {};
      for (const [k, v] of Object.entries(ds.inputs)) xs[k] = toTensor(v, indices);
      for (const [k, v] of Object.entries(ds.targets)) ys[k] = toTensor(v, indices);
      const weights = ds.weights === undefined ? undefined : tf.tensor1d(Float32Array.from(indices, (i) => ds.weights![i]!));
      yield { size: end - start, xs, ys, ...(weights === undefined ? {} : { weights }) };
    }
    return;
  }
  const it = await ds.dataset(streamSeed, batchSize, shuffle).iterator();
  for (;;) {
    const next = await it.next();
    if (next.done) return;
    const first = Object.values(next.value.xs)[0];
    yield { size: first?.shape[0] ?? 0, xs: next.value.xs, ys: next.value.ys };
  }
}

export function disposeBatch(b: TensorBatch): void {
  tf.dispose(Object.values(b.xs));
  tf.dispose(Object.values(b.ys));
  b.weights?.dispose();
}
