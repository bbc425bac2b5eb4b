/**
 * What the data of a run looks like from the model's side: split sizes, class names and class balance
 * (samples per class, per split) of every classifier output. Recorded in `run-info.json` for the report.
 */
import type { TrainConfig } from "../config.js";
import { classCount, isClassification } from "../data/labels.js";
import type { Dataset, LoadedData, ModelSignature, SampleArray } from "../data/types.js";

/** One split: its size and, per classifier output, samples per class (null: streamed, not counted). */
export interface SplitSummary {
  readonly size: number;
  readonly classCounts: Readonly<Record<string, readonly number[] | null>>;
}

export interface DataSummary {
  readonly train: SplitSummary;
  readonly validation: SplitSummary | null;
  readonly test: SplitSummary | null;
  /** Class names per classifier output (from the spec's `classes`, else from the data, else `"0"`, `"1"`, …). */
  readonly classNames: Readonly<Record<string, readonly string[]>>;
}

/** Class id of each sample of a target array: one-hot rows → argmax, ids as they are, 1-unit binary → ≥ 0.5. */
export function classIdsOf(target: SampleArray, classes: number): Int32Array {
  const width = target.sampleShape.reduce((a, b) => a * b, 1);
  const n = width === 0 ? 0 : target.data.length / width;
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (width === 1) {
      const v = target.data[i]!;
      ids[i] = classes === 2 && target.dtype === "float32" ? (v >= 0.5 ? 1 : 0) : Math.round(v);
      continue;
    }
    let best = 0;
    for (let j = 1; j < width; j++) if (target.data[i * width + j]! > target.data[i * width + best]!) best = j;
    ids[i] = best;
  }
  return ids;
}

function countClasses(ds: Dataset, output: string, classes: number): number[] | null {
  if (ds.kind !== "memory") return null;
  const target = ds.targets[output];
  if (target === undefined) return null;
  const counts = new Array<number>(classes).fill(0);
  for (const id of classIdsOf(target, classes)) if (id >= 0 && id < classes) counts[id]!++;
  return counts;
}

function summarizeSplit(ds: Dataset, sig: ModelSignature): SplitSummary {
  const classCounts: Record<string, number[] | null> = {};
  for (const o of sig.outputs) if (isClassification(o.loss)) classCounts[o.name] = countClasses(ds, o.name, classCount(o.shape.slice(1), o.loss));
  return { size: ds.size, classCounts };
}

/**
 * Names of each classifier output's classes. The spec's `classes` win; then names the data carries
 * (image-folder names, a CSV label column's values); then the class ids as text.
 */
export function resolveClassNames(sig: ModelSignature, config: TrainConfig, data: Pick<LoadedData, "classNames" | "classNamesByOutput">): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const o of sig.outputs) {
    if (!isClassification(o.loss)) continue;
    const classes = classCount(o.shape.slice(1), o.loss);
    const fromData = data.classNamesByOutput?.[o.name] ?? (sig.outputs.length === 1 ? data.classNames : null);
    const names = config.classes?.[o.name] ?? fromData ?? null;
    out[o.name] = names !== null && names.length === classes ? [...names] : Array.from({ length: classes }, (_, c) => String(c));
  }
  return out;
}

export function summarizeData(data: LoadedData, sig: ModelSignature, config: TrainConfig): DataSummary {
  return {
    train: summarizeSplit(data.train, sig),
    validation: data.validation === null ? null : summarizeSplit(data.validation, sig),
    test: data.test === null ? null : summarizeSplit(data.test, sig),
    classNames: resolveClassNames(sig, config, data),
  };
}
