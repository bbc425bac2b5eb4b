/**
 * Keras's spellings of what mfgc names differently, in one table: the checker's hints ("Keras's
 * `learning_rate` is `lr` here") and the "Coming from Keras" table of docs/train.md both read it.
 * Names that mfgc spells as Keras does (`units`, `filters`, `patience`, `monitor`, …) are not listed.
 */

/** A Keras name and what to write in a spec instead. */
export interface KerasSpelling {
  /** As written in Keras (Python argument, class or string name). */
  readonly keras: string;
  /** The mfgc name it corresponds to. */
  readonly mfgc: string;
  /** Where the mfgc name is used, for the docs. */
  readonly where: string;
  /** What to write instead, when the name alone does not say it (shown in the hint). */
  readonly example?: string;
}

/** Layer and option arguments (`conv2d(kernel: 3)`, `adam(lr: 1e-3)`). */
export const KERAS_ARGUMENTS: readonly KerasSpelling[] = [
  { keras: "kernel_size", mfgc: "kernel", where: "conv1d, conv2d, conv2d_transpose, depthwise_conv2d, separable_conv2d" },
  { keras: "pool_size", mfgc: "pool", where: "maxpool*/avgpool*" },
  { keras: "dilation_rate", mfgc: "dilation", where: "convolutions" },
  { keras: "num_heads", mfgc: "heads", where: "multi_head_attention" },
  { keras: "target_shape", mfgc: "target", where: "reshape" },
  { keras: "learning_rate", mfgc: "lr", where: "every optimizer" },
  { keras: "beta_1", mfgc: "beta1", where: "adam, adamw, adamax" },
  { keras: "beta_2", mfgc: "beta2", where: "adam, adamw, adamax" },
  { keras: "initial_accumulator_value", mfgc: "initial_accumulator", where: "adagrad" },
  { keras: "restore_best_weights", mfgc: "restore_best", where: "early_stopping" },
  { keras: "save_freq", mfgc: "every", where: "checkpoint (in epochs)" },
  { keras: "clipnorm", mfgc: "norm", where: "clip", example: "`clip { norm: 1.0 }`" },
  { keras: "clipvalue", mfgc: "value", where: "clip", example: "`clip { value: 0.5 }`" },
  { keras: "global_clipnorm", mfgc: "global_norm", where: "clip", example: "`clip { global_norm: 1.0 }`" },
];

/** `model.fit(...)` / `compile(...)` arguments that are `train` settings (or parts of one) in mfgc. */
export const KERAS_SETTINGS: readonly KerasSpelling[] = [
  { keras: "batch_size", mfgc: "batch", where: "train setting", example: "`batch 32`" },
  { keras: "validation_split", mfgc: "data", where: "train setting", example: "`data { train: …, validation: split(0.1) }`" },
  { keras: "validation_data", mfgc: "data", where: "train setting", example: "`data { train: …, validation: <source> }`" },
  { keras: "callbacks", mfgc: "early_stopping", where: "train setting", example: "`early_stopping { … }`, `schedule reduce_on_plateau(…)`, `checkpoint { … }`" },
  { keras: "clipnorm", mfgc: "clip", where: "train setting", example: "`clip { norm: 1.0 }`" },
  { keras: "clipvalue", mfgc: "clip", where: "train setting", example: "`clip { value: 0.5 }`" },
  { keras: "global_clipnorm", mfgc: "clip", where: "train setting", example: "`clip { global_norm: 1.0 }`" },
  { keras: "learning_rate", mfgc: "optimizer", where: "train setting", example: "`optimizer adam(lr: 1e-3)`" },
];

/** Class and string names of optimizers, schedules, losses, metrics, callbacks and data utilities. */
export const KERAS_NAMES: readonly KerasSpelling[] = [
  { keras: "SGD", mfgc: "sgd", where: "optimizer" },
  { keras: "Adam", mfgc: "adam", where: "optimizer" },
  { keras: "AdamW", mfgc: "adamw", where: "optimizer" },
  { keras: "RMSprop", mfgc: "rmsprop", where: "optimizer" },
  { keras: "Adagrad", mfgc: "adagrad", where: "optimizer" },
  { keras: "Adadelta", mfgc: "adadelta", where: "optimizer" },
  { keras: "Adamax", mfgc: "adamax", where: "optimizer" },
  { keras: "ExponentialDecay", mfgc: "exponential_decay", where: "schedule" },
  { keras: "CosineDecay", mfgc: "cosine", where: "schedule" },
  { keras: "cosine_decay", mfgc: "cosine", where: "schedule" },
  { keras: "ReduceLROnPlateau", mfgc: "reduce_on_plateau", where: "schedule" },
  { keras: "mean_squared_error", mfgc: "mse", where: "loss, metric" },
  { keras: "mean_absolute_error", mfgc: "mae", where: "loss, metric" },
  { keras: "root_mean_squared_error", mfgc: "rmse", where: "metric" },
  { keras: "Huber", mfgc: "huber", where: "loss" },
  { keras: "acc", mfgc: "accuracy", where: "metric" },
  { keras: "AUC", mfgc: "auc", where: "metric" },
  { keras: "image_dataset_from_directory", mfgc: "image_folder", where: "data source" },
  { keras: "EarlyStopping", mfgc: "early_stopping", where: "train setting" },
  { keras: "ModelCheckpoint", mfgc: "checkpoint", where: "train setting" },
];

/** The entry of `table` that spells one of `candidates` as `name` does in Keras, if any. */
export function kerasSpelling(name: string, table: readonly KerasSpelling[], candidates: readonly string[]): KerasSpelling | undefined {
  return table.find((k) => k.keras === name && candidates.includes(k.mfgc));
}

/**
 * The hint for a name that is Keras's spelling of one of `candidates`, e.g. "Keras's `learning_rate`
 * is `lr` in mfgc"; none when the name is not a Keras spelling or its mfgc name does not fit here.
 */
export function kerasSpellingHint(name: string, table: readonly KerasSpelling[], candidates: readonly string[]): string[] {
  const match = kerasSpelling(name, table, candidates);
  if (match === undefined) return [];
  return [`Keras's \`${name}\` is \`${match.mfgc}\` in mfgc${match.example === undefined ? "" : `: write ${match.example}`}`];
}
