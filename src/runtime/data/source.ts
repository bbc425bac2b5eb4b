/** What every loader receives and returns, and the checks that tie data to the model's inputs/outputs. */
import path from "node:path";
import { MAX_TENSOR_ELEMENTS } from "../train/memory-budget.js";
import { dataError } from "./data-error.js";
import type { DataRoots } from "./data-path.js";
import type { Dataset, ModelSignature, Normalization } from "./types.js";

/** Files over this many (decompressed) payload bytes are streamed instead of loaded. */
export const DEFAULT_STREAM_THRESHOLD_BYTES = 512 * 1024 * 1024;

/** Everything a loader needs besides its own source config. */
export interface SourceContext {
  readonly specDir: string;
  /** Where data may be read from (data-path.ts). */
  readonly dataRoots: DataRoots;
  readonly signature: ModelSignature;
  /** Global sample cap (CLI `--limit`), combined with the source's own `limit`. */
  readonly limit: number | null;
  readonly streamThresholdBytes: number;
  /** Fraction to split off for validation (training source only), or null. */
  readonly validationSplit: number | null;
  /** Normalization fitted on the training split, applied to validation/test sources; null for the training source. */
  readonly normalization: Normalization | null;
  /** Text class names of the training source's label columns, which validation/test sources must use. */
  readonly classNamesByOutput?: Readonly<Record<string, readonly string[]>>;
}

/** A loaded source: the samples (already split when asked) and what was fitted on them. */
export interface SourceResult {
  readonly train: Dataset;
  readonly validation: Dataset | null;
  readonly normalization: Normalization | null;
  readonly classNames: readonly string[] | null;
  /** Class names per output when label columns held text (CSV). */
  readonly classNamesByOutput?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Refuses an in-memory split of `n` samples of `perSample` elements that no typed array can hold
 * (MFG4904) before it is allocated: the alternative is V8's bare "Invalid typed array length".
 */
export function checkSampleElements(n: number, perSample: number, file: string): void {
  const total = n * perSample;
  if (total <= MAX_TENSOR_ELEMENTS) return;
  throw dataError(
    "MFG4904",
    file,
    `${n.toLocaleString("en-US")} samples of ${perSample.toLocaleString("en-US")} values each are ${total.toLocaleString("en-US")} values, more than one in-memory array holds (${MAX_TENSOR_ELEMENTS.toLocaleString("en-US")})`,
    0,
    ["use fewer samples (`limit`, `samples` or `--limit`), or smaller samples"],
  );
}

/** The smaller of the two limits (null: no limit). */
export function effectiveLimit(own: number | null, global: number | null): number | null {
  if (own === null) return global;
  if (global === null) return own;
  return Math.min(own, global);
}

/** The model's only input, or a data error (file sources feed single-input models). */
export function soleInput(sig: ModelSignature, file: string): ModelSignature["inputs"][number] {
  const only = sig.inputs[0];
  if (sig.inputs.length !== 1 || only === undefined) {
    throw dataError("MFG4501", file, `this data source provides one input, but the model has ${sig.inputs.length}: ${sig.inputs.map((i) => `\`${i.name}\``).join(", ")}`, 0, [
      "give the model a single input for this source: `idx`, `csv` and `image_folder` each provide one tensor per sample",
    ]);
  }
  return only;
}

/** The model's only output, or a data error. */
export function soleOutput(sig: ModelSignature, file: string): ModelSignature["outputs"][number] {
  const only = sig.outputs[0];
  if (sig.outputs.length !== 1 || only === undefined) {
    throw dataError("MFG4501", file, `this data source provides one label per sample, but the model has ${sig.outputs.length} outputs: ${sig.outputs.map((o) => `\`${o.name}\``).join(", ")}`, 0, [
      "give the model a single output, or use `csv(…)` with one label column per output",
    ]);
  }
  return only;
}

/**
 * The per-sample shape to store data under for a model input of `modelShape` (batch dim dropped):
 * the model's own shape when the element counts agree (so `[28, 28]` images feed a `[784]` input),
 * otherwise a data error naming both shapes.
 */
export function fitSampleShape(dataShape: readonly number[], modelShape: readonly (number | null)[], file: string, inputName: string): number[] {
  const count = dataShape.reduce((a, b) => a * b, 1);
  if (modelShape.every((d) => d !== null)) {
    const modelCount = (modelShape as number[]).reduce((a, b) => a * b, 1);
    if (modelCount === count) return [...(modelShape as number[])];
  } else if (modelShape.length === dataShape.length && modelShape.every((d, i) => d === null || d === dataShape[i])) {
    return [...dataShape];
  }
  throw dataError("MFG4501", file, `samples have shape [${dataShape.join(", ")}], but model input \`${inputName}\` expects [${modelShape.map((d) => d ?? "?").join(", ")}]`, 0, [
    `give \`${inputName}\` the shape [${dataShape.join(", ")}] (or another with ${count} values per sample), or change the data to match the model`,
  ]);
}
