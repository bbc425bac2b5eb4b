/**
 * Data in memory: per-sample arrays for every model input and output, stored as flat typed arrays (not
 * tensors) so shuffling and splitting are index work and nothing can leak GPU/backend memory. Batches
 * become tensors only for the step that uses them.
 */
import type * as tf from "@tensorflow/tfjs";

/** Samples of one input or target: `n` samples of `sampleShape`, flattened row-major. */
export interface SampleArray {
  readonly data: Float32Array | Int32Array;
  readonly sampleShape: readonly number[];
  readonly dtype: "float32" | "int32";
}

/** A fully loaded split. Keys are model input names and model output names. */
export interface InMemoryDataset {
  readonly kind: "memory";
  readonly size: number;
  readonly inputs: Readonly<Record<string, SampleArray>>;
  readonly targets: Readonly<Record<string, SampleArray>>;
  /** A loss weight per sample (Keras `sample_weight`), when the source has one. */
  readonly weights?: Float32Array;
}

/** One batch as tensors, keyed by model input / output name. The consumer disposes them. */
export interface TensorBatch {
  readonly size: number;
  readonly xs: Record<string, tf.Tensor>;
  readonly ys: Record<string, tf.Tensor>;
  /** Per-sample loss weights [size], when the data has them. */
  readonly weights?: tf.Tensor1D;
}

/**
 * A split too large to hold in memory: it is read from its files on every pass, through `tf.data`.
 * `dataset(epochSeed, batchSize, shuffle)` builds the pipeline for one epoch (seeded buffer shuffle).
 */
export interface StreamingDataset {
  readonly kind: "stream";
  readonly size: number;
  dataset(epochSeed: number, batchSize: number, shuffle: boolean): tf.data.Dataset<{ xs: Record<string, tf.Tensor>; ys: Record<string, tf.Tensor> }>;
}

export type Dataset = InMemoryDataset | StreamingDataset;

/** What a model consumes and produces, read from the built model plus the config's losses. */
export interface ModelSignature {
  readonly inputs: readonly {
    readonly name: string;
    readonly shape: readonly (number | null)[];
    readonly dtype: "float32" | "int32";
    /** Set when the input feeds an embedding: its values must be ids in [0, inputDim) (see ids.ts). */
    readonly ids?: import("./ids.js").IdRange;
  }[];
  readonly outputs: readonly { readonly name: string; readonly shape: readonly (number | null)[]; readonly loss: import("../config.js").LossName }[];
}

/** Feature normalization fitted on the training split, applied unchanged to validation, test and inference. */
export interface Normalization {
  readonly kind: "zscore" | "minmax";
  readonly features: readonly string[];
  /** zscore: mean/std; minmax: min/max. */
  readonly a: readonly number[];
  readonly b: readonly number[];
}

/** The three splits ready for training, plus fitted preprocessing. */
export interface LoadedData {
  readonly train: Dataset;
  readonly validation: Dataset | null;
  readonly test: Dataset | null;
  readonly normalization: Normalization | null;
  /** Class names by id for classifier outputs, when the source knows them (image folders). */
  readonly classNames: readonly string[] | null;
  /** Class names by id per output, when the source knows them per output (text labels in a CSV column). */
  readonly classNamesByOutput?: Readonly<Record<string, readonly string[]>>;
}
