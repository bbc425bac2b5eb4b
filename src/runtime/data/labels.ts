/**
 * Turns raw label values into the target layout a loss expects: one-hot rows for categorical
 * cross-entropy, class ids for the sparse variant, plain values for binary cross-entropy and regression.
 * Out-of-range or non-integer class labels are data errors (never silent NaN training).
 */
import type { LossName } from "../config.js";
import { dataError } from "./data-error.js";
import type { SampleArray } from "./types.js";

/** Where label `i` came from, for the error message ("row 12", "byte 8 + 3"). */
export type LabelLocator = (i: number) => { readonly file: string; readonly where: string; readonly offset: number };

/** Number of classes a classifier output predicts (its last dimension; 2 for a 1-unit sigmoid). */
export function classCount(outputShape: readonly (number | null)[], loss: LossName): number {
  const last = outputShape[outputShape.length - 1] ?? 1;
  return loss === "binary_crossentropy" && last === 1 ? 2 : last;
}

export function isClassification(loss: LossName): boolean {
  return loss === "categorical_crossentropy" || loss === "sparse_categorical_crossentropy" || loss === "binary_crossentropy";
}

/**
 * Encodes one label per sample for an output with `outputShape` trained with `loss`.
 * Regression and binary outputs with a last dimension of 1 get shape `[1]`.
 */
export function encodeLabels(values: ArrayLike<number>, outputShape: readonly (number | null)[], loss: LossName, locate: LabelLocator): SampleArray {
  const n = values.length;
  if (!isClassification(loss)) {
    const data = Float32Array.from(values as ArrayLike<number>);
    return { data, sampleShape: [1], dtype: "float32" };
  }
  const classes = classCount(outputShape, loss);
  const checkClass = (i: number): number => {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= classes) {
      const at = locate(i);
      throw dataError(
        "MFG4107",
        at.file,
        `label ${v} at ${at.where} is not a class id in 0..${classes - 1} (the output has ${classes} classes)`,
        at.offset,
        [
          Number.isInteger(v) && v >= classes
            ? `make the output predict at least ${v + 1} classes, or relabel the data to 0..${classes - 1}`
            : `relabel the data with whole class ids 0..${classes - 1}`,
        ],
      );
    }
    return v;
  };
  if (loss === "categorical_crossentropy") {
    const data = new Float32Array(n * classes);
    for (let i = 0; i < n; i++) data[i * classes + checkClass(i)] = 1;
    return { data, sampleShape: [classes], dtype: "float32" };
  }
  if (loss === "sparse_categorical_crossentropy") {
    const data = new Int32Array(n);
    for (let i = 0; i < n; i++) data[i] = checkClass(i);
    return { data, sampleShape: [], dtype: "int32" };
  }
  // binary_crossentropy: 0/1 per sample for a 1-unit output, one-hot for a multi-unit output.
  const last = outputShape[outputShape.length - 1] ?? 1;
  if (last === 1) {
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = checkClass(i);
    return { data, sampleShape: [1], dtype: "float32" };
  }
  const data = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) data[i * classes + checkClass(i)] = 1;
  return { data, sampleShape: [classes], dtype: "float32" };
}
