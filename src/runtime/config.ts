/**
 * The training configuration: what a spec's `train` section means once checked. The compiler produces
 * it (src/ir/train), generated `train.ts` files spell it out as a literal, and the runtime executes it.
 * Plain JSON-compatible data only, so it can be printed into generated code and stored in checkpoints.
 *
 * Every field is explicit (defaults are filled in by the compiler), so a reviewer of generated code sees
 * the whole run and the runtime never guesses.
 */

/** Paths are relative to the spec file's directory, resolved by the runtime against `specDir`. */
export type DataSource = IdxSource | CsvSource | ImageFolderSource | SyntheticSource;

/** MNIST-format IDX files (raw or .gz): images `[n, rows, cols]` (channels-last 1 added) and labels `[n]`. */
export interface IdxSource {
  readonly kind: "idx";
  readonly images: string;
  readonly labels: string;
  /** Multiplies pixel values (e.g. 1/255). */
  readonly scale: number;
  /** Use only the first N samples (null: all). */
  readonly limit: number | null;
  /** Keep only samples with these labels, relabelled 0, 1, … in list order (applied before `limit`); absent: all labels. */
  readonly keepLabels?: readonly number[];
}

/** A CSV table; rows are samples, or (with `window`) consecutive rows form a time-series window. */
export interface CsvSource {
  readonly kind: "csv";
  readonly path: string;
  /** Feature columns by header name, in order. */
  readonly features: readonly string[];
  /** Label columns per model output, e.g. `{ rul: "rul", failure: "fail_30" }`. */
  readonly labels: Readonly<Record<string, string>>;
  /** Column whose value changes start a new series (windows never cross it), or null. */
  readonly groupBy: string | null;
  /** z-score normalization of features with statistics from the training split only. */
  readonly normalize: "none" | "zscore" | "minmax";
  readonly window: { readonly size: number; readonly stride: number; readonly horizon: number } | null;
  readonly limit: number | null;
  /**
   * Column with a weight per row (Keras's `sample_weight`): each sample's loss is multiplied by it (a
   * window takes its label row's weight). Absent: every sample weighs 1.
   */
  readonly sampleWeight?: string;
}

/** One sub-folder per class, PNG/JPEG files inside; images are resized to `size`. */
export interface ImageFolderSource {
  readonly kind: "image_folder";
  readonly path: string;
  readonly size: readonly [number, number];
  readonly color: "grayscale" | "rgb";
  readonly scale: number;
  readonly limit: number | null;
}

/**
 * Deterministic synthetic data for the examples and tests: a named generator from the runtime's table
 * (e.g. `defects`, `sensors`, `events`), shaped by the model's inputs/outputs.
 */
export interface SyntheticSource {
  readonly kind: "synthetic";
  readonly generator: string;
  readonly samples: number;
  readonly seed: number;
  /** Generator-specific options (numbers/strings only). */
  readonly options: Readonly<Record<string, number | string | boolean>>;
}

export type ValidationSource = { readonly kind: "split"; readonly fraction: number } | DataSource;

export interface DataConfig {
  readonly train: DataSource;
  readonly validation: ValidationSource | null;
  readonly test: DataSource | null;
}

export type OptimizerName = "sgd" | "momentum" | "adam" | "adamw" | "nadam" | "rmsprop" | "adagrad" | "adadelta" | "adamax";

export interface OptimizerConfig {
  readonly name: OptimizerName;
  readonly learningRate: number;
  /** Optimizer-specific hyper-parameters with Keras names and defaults filled in (beta1, momentum, …). */
  readonly options: Readonly<Record<string, number | boolean>>;
  /** Gradient clipping: by global norm, per-tensor norm, or value (at most one is non-null). */
  readonly clipGlobalNorm: number | null;
  readonly clipNorm: number | null;
  readonly clipValue: number | null;
}

export type ScheduleConfig =
  | { readonly kind: "constant" }
  | { readonly kind: "exponential_decay"; readonly decaySteps: number; readonly decayRate: number; readonly staircase: boolean }
  | { readonly kind: "step"; readonly everyEpochs: number; readonly factor: number }
  | { readonly kind: "cosine"; readonly decaySteps: number; readonly alpha: number; readonly warmupSteps: number }
  | {
      readonly kind: "reduce_on_plateau";
      readonly monitor: string;
      readonly factor: number;
      readonly patience: number;
      readonly minLr: number;
      /** An epoch improves only when it beats the best by more than this (Keras `min_delta`). */
      readonly minDelta: number;
      /** Epochs after a reduction during which no waiting is counted (Keras `cooldown`). */
      readonly cooldown: number;
      /** Whether smaller or larger monitored values are better (`auto` resolved by the compiler). */
      readonly mode: "min" | "max";
    };

export type LossName =
  | "categorical_crossentropy"
  | "sparse_categorical_crossentropy"
  | "binary_crossentropy"
  | "mse"
  | "mae"
  | "huber";

export interface OutputLoss {
  /** Model output name (as written in the spec's `output`). */
  readonly output: string;
  readonly loss: LossName;
  readonly weight: number;
}

export type MetricName = "accuracy" | "precision" | "recall" | "f1" | "mae" | "rmse" | "mse" | "auc";

export interface OutputMetrics {
  readonly output: string;
  readonly metrics: readonly MetricName[];
}

export interface EarlyStoppingConfig {
  readonly monitor: string;
  readonly patience: number;
  readonly minDelta: number;
  readonly mode: "min" | "max";
  readonly restoreBest: boolean;
}

export interface CheckpointConfig {
  /** Save every N epochs (1: every epoch). */
  readonly every: number;
  /** How many epoch checkpoints to keep (the latest is always kept). */
  readonly keep: number;
}

export interface TrainConfig {
  readonly data: DataConfig;
  readonly optimizer: OptimizerConfig;
  readonly schedule: ScheduleConfig;
  readonly losses: readonly OutputLoss[];
  readonly metrics: readonly OutputMetrics[];
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly shuffle: boolean;
  readonly earlyStopping: EarlyStoppingConfig | null;
  readonly checkpoint: CheckpointConfig;
  /** Class names per classifier output (the spec's `classes`); absent: names come from the data, else ids. */
  readonly classes?: Readonly<Record<string, readonly string[]>>;
  /** Start from a trained model (the spec's `transfer`); absent: every weight starts from its initializer. */
  readonly transfer?: TransferConfig;
  /**
   * Keras's `class_weight` for the single classifier output: a weight per class id, multiplying each
   * training sample's loss by the weight of its label (validation and test losses are unweighted, as in
   * Keras). Absent: every class weighs 1.
   */
  readonly classWeight?: readonly number[];
}

/**
 * Transfer learning: weights copied from a trained model by layer name before training starts, layers
 * frozen (not trained), and fine-tuning options. Layer names are the trained model's tfjs layer names
 * (the compiler maps spec names through the optimization passes' renames).
 */
export interface TransferConfig {
  /** `run`: a run folder (weights in `<path>/model/`); `export`: a folder with model.json + weights.bin (`mfgc export`). Relative to the spec. */
  readonly source: { readonly kind: "run" | "export"; readonly path: string };
  /** Layers that take the source's weights; null: every layer with weights whose name the source also has. */
  readonly layers: readonly string[] | null;
  /** Layers that do not train (their weights stay as loaded); `transferred`: every layer that took weights. */
  readonly freeze: readonly string[] | "transferred";
  /** Learning-rate multiplier for transferred layers while they train (1: the same rate as the rest). */
  readonly lrScale: number;
  /** 1-based epoch from which frozen layers train too (at `lrScale`); null: they stay frozen. */
  readonly unfreezeAt: number | null;
}
