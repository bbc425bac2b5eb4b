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
    name: "data", example: 'data { train: csv("train.csv", features: [s1, s2], labels: label), validation: split(0.1) }',
    doc: "Data sources: `{ train: <source>, validation: split(0.1) | <source>, test: <source> }`; a source is idx(...), csv(...), image_folder(...) or synthetic(...).",
  },
  { name: "optimizer", example: "optimizer adam(lr: 1e-3)", doc: "Optimizer and its hyper-parameters, e.g. `adam(lr: 1e-3)` (Keras defaults fill the rest). Default: adam." },
  {
    name: "schedule", example: "schedule cosine(decay_steps: 1000)",
    doc: "Learning-rate schedule: constant, exponential_decay(decay_steps, decay_rate), step(every_epochs, factor), cosine(decay_steps) or reduce_on_plateau(monitor, factor, patience). Default: constant.",
  },
  { name: "loss", example: "loss categorical_crossentropy", doc: "Loss name for a single-output model, or one per output: `{ rul: mse, failure: binary_crossentropy }`. Required." },
  { name: "loss_weights", example: "loss_weights { rul: 1.0, failure: 0.5 }", doc: "Weight of each output's loss in the total: `{ rul: 1.0, failure: 0.5 }` (weights outputs; for classes see `class_weight`). Default: 1 for every output." },
  {
    name: "class_weight", example: "class_weight [1, 1, 8, 12]",
    doc: "Weight of each class id in the training loss of a single classifier output, for imbalanced data: `[1, 1, 8, 12]` (Keras `class_weight`). Rows can be weighted with a CSV `sample_weight` column. Default: 1 for every class.",
  },
  { name: "metrics", example: "metrics [accuracy]", doc: "Metrics to report: a list for every output, or one list per output. Default: none." },
  { name: "epochs", example: "epochs 10", doc: "Number of passes over the training data (positive integer). Default: 10." },
  { name: "batch", example: "batch 32", doc: "Samples per gradient step (positive integer). Default: 32." },
  { name: "seed", example: "seed 42", doc: "Seed for weight initialization, shuffling and data splits (non-negative integer). Default: 42." },
  { name: "shuffle", example: "shuffle true", doc: "Whether to shuffle the training data every epoch. Default: true." },
  {
    name: "early_stopping", example: "early_stopping { monitor: val_loss, patience: 3 }",
    doc: "Stop when a monitored value stops improving: `{ monitor: val_loss, patience: 3, min_delta: 0, mode: min, restore_best: true }`. Default: off.",
  },
  { name: "checkpoint", example: "checkpoint { every: 1, keep: 3 }", doc: "Checkpointing: `{ every: 1, keep: 3 }` (save every N epochs, keep the last K). Default: every 1, keep 3." },
  { name: "clip", example: "clip { global_norm: 1.0 }", doc: "Gradient clipping: `{ global_norm: 1.0 }`, `{ norm: 1.0 }` or `{ value: 0.5 }` (at most one). Default: none." },
  {
    name: "classes", example: 'classes ["ok", "scratch", "dent"]',
    doc: 'Class names of a classifier output, for reports and explanations: `["ok", "scratch", "dent"]`, or one list per output `{ defect: [...] }`. Default: from the data (image-folder names, a CSV label column\'s text values), else the class ids.',
  },
  {
    name: "transfer", example: 'transfer { from: run("runs/Pretrained"), freeze: true }',
    doc: 'Start from a trained model: `{ from: run("runs/Pretrained") | export("export/dir"), layers: [...], freeze: [...] | true, lr_scale: 0.1, unfreeze_at: 5 }`. Weights are matched by layer name. Default: none.',
  },
];
