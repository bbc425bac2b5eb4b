/**
 * Validation split and sample selection for in-memory data. The split takes the LAST fraction of the
 * samples, as Keras' `validation_split` does: no shuffling, so time-ordered data does not leak the
 * future into training.
 */
import { dataError } from "./data-error.js";
import type { InMemoryDataset, SampleArray } from "./types.js";

/** Copies the samples at `indices` (in that order) into a new array. */
export function takeSamples(arr: SampleArray, indices: ArrayLike<number>): SampleArray {
  const per = arr.sampleShape.reduce((a, b) => a * b, 1);
  const out = arr.dtype === "int32" ? new Int32Array(indices.length * per) : new Float32Array(indices.length * per);
  for (let i = 0; i < indices.length; i++) {
    const src = indices[i]! * per;
    out.set(arr.data.subarray(src, src + per), i * per);
  }
  return { data: out, sampleShape: arr.sampleShape, dtype: arr.dtype };
}

/** The samples `[start, end)` of a dataset (views, no copy). */
export function sliceDataset(ds: InMemoryDataset, start: number, end: number): InMemoryDataset {
  const cut = (arr: SampleArray): SampleArray => {
    const per = arr.sampleShape.reduce((a, b) => a * b, 1);
    return { data: arr.data.subarray(start * per, end * per), sampleShape: arr.sampleShape, dtype: arr.dtype };
  };
  const map = (r: Readonly<Record<string, SampleArray>>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, cut(v)]));
  return { kind: "memory", size: end - start, inputs: map(ds.inputs), targets: map(ds.targets), ...(ds.weights === undefined ? {} : { weights: ds.weights.subarray(start, end) }) };
}

/** How many of `n` samples a validation split of `fraction` keeps for training (the rest validate). */
export function trainCount(n: number, fraction: number, file: string): number {
  const nTrain = n - Math.round(n * fraction);
  if (nTrain < 1 || nTrain >= n) {
    throw dataError("MFG4502", file, `a validation split of ${fraction} of ${n} samples leaves ${nTrain} for training and ${n - nTrain} for validation; both need at least one`, 0, [
      n < 2 ? "one sample cannot be split: add samples, or remove `validation: split(…)`" : `hold out between 1 and ${n - 1} of the ${n} samples, e.g. \`split(${Number((1 / n).toPrecision(3))})\` holds out one`,
    ]);
  }
  return nTrain;
}

/** Splits off the last `fraction` of the samples for validation. */
export function splitDataset(ds: InMemoryDataset, fraction: number, file: string): { train: InMemoryDataset; validation: InMemoryDataset } {
  const nTrain = trainCount(ds.size, fraction, file);
  return { train: sliceDataset(ds, 0, nTrain), validation: sliceDataset(ds, nTrain, ds.size) };
}
