/**
 * The settings a `train` section accepts, in the order the docs list them. The YAML JSON Schema's
 * `train` keys and the `mfgc explain`/hover text are generated from this table, so a new setting is
 * added here first and then handled in the train checker.
 */

/** One `train` setting: its key, a one-line description, and one way to write it (for hints). */
export interface TrainSettingInfo {
  readonly name: string;
  readonly doc: string;
  /** The setting written out in the DSL, e.g. `epochs 10`. */
  readonly example: string;
}

export const TRAIN_SETTINGS: readonly TrainSettingInfo[] = [
  {
    name: "data",
    doc: "Data sources: `{ train: <source>, validation: split(0.1) | <source>, test: <source> }`; a source is idx(...), csv(...), image_folder(...) or synthetic(...).",
    example: 'data { train: csv("train.csv", features: [s1, s2], labels: label), validation: split(0.1) }',
  },
  { name: "optimizer", doc: "Optimizer and its hyper-parameters, e.g. `adam(lr: 1e-3)` (Keras defaults fill the rest). Default: adam.", example: "optimizer adam(lr: 1e-3)" },
  {
    name: "schedule",
    doc: "Learning-rate schedule: constant, exponential_decay(decay_steps, decay_rate), step(every_epochs, factor), cosine(decay_steps) or reduce_on_plateau(monitor, factor, patience). Default: constant.",
    example: "schedule cosine(decay_steps: 1000)",
  },
  { name: "loss", doc: "Loss name for a single-output model, or one per output: `{ rul: mse, failure: binary_crossentropy }`. Required.", example: "loss categorical_crossentropy" },
  { name: "loss_weights", doc: "Weight of each output's loss in the total: `{ rul: 1.0, failure: 0.5 }` (weights outputs; for classes see `class_weight`). Default: 1 for every output.", example: "loss_weights { rul: 1.0, failure: 0.5 }" },
  {
    name: "class_weight",
    doc: "Weight of each class id in the training loss of a single classifier output, for imbalanced data: `[1, 1, 8, 12]` (Keras `class_weight`). Rows can be weighted with a CSV `sample_weight` column. Default: 1 for every class.",
    example: "class_weight [1, 1, 8, 12]",
  },
  { name: "metrics", doc: "Metrics to report: a list for every output, or one list per output. Default: none.", example: "metrics [accuracy]" },
  { name: "epochs", doc: "Number of passes over the training data (positive integer). Default: 10.", example: "epochs 10" },
  { name: "batch", doc: "Samples per gradient step (positive integer). Default: 32.", example: "batch 32" },
  { name: "seed", doc: "Seed for weight initialization, shuffling and data splits (non-negative integer). Default: 42.", example: "seed 42" },
  { name: "shuffle", doc: "Whether to shuffle the training data every epoch. Default: true.", example: "shuffle true" },
  {
    name: "early_stopping",
    doc: "Stop when a monitored value stops improving: `{ monitor: val_loss, patience: 3, min_delta: 0, mode: min, restore_best: true }`. Default: off.",
    example: "early_stopping { monitor: val_loss, patience: 3 }",
  },
  { name: "checkpoint", doc: "Checkpointing: `{ every: 1, keep: 3 }` (save every N epochs, keep the last K). Default: every 1, keep 3.", example: "checkpoint { every: 1, keep: 3 }" },
  { name: "clip", doc: "Gradient clipping: `{ global_norm: 1.0 }`, `{ norm: 1.0 }` or `{ value: 0.5 }` (at most one). Default: none.", example: "clip { global_norm: 1.0 }" },
  {
    name: "classes",
    doc: 'Class names of a classifier output, for reports and explanations: `["ok", "scratch", "dent"]`, or one list per output `{ defect: [...] }`. Default: from the data (image-folder names, a CSV label column\'s text values), else the class ids.',
    example: 'classes ["ok", "scratch", "dent"]',
  },
  {
    name: "transfer",
    doc: 'Start from a trained model: `{ from: run("runs/Pretrained") | export("export/dir"), layers: [...], freeze: [...] | true, lr_scale: 0.1, unfreeze_at: 5 }`. Weights are matched by layer name. Default: none.',
    example: 'transfer { from: run("runs/Pretrained"), freeze: true }',
  },
];
