/**
 * The settings a `train` section accepts, in the order the docs list them. The YAML JSON Schema's
 * `train` keys and the `mfgc explain`/hover text are generated from this table, so a new setting is
 * added here first and then handled in the train checker.
 */

/** One `train` setting: its key and a one-line description. */
export interface TrainSettingInfo {
  readonly name: string;
  readonly doc: string;
}

export const TRAIN_SETTINGS: readonly TrainSettingInfo[] = [
  {
    name: "data",
    doc: "Data sources: `{ train: <source>, validation: split(0.1) | <source>, test: <source> }`; a source is idx(...), csv(...), image_folder(...) or synthetic(...).",
  },
  { name: "optimizer", doc: "Optimizer and its hyper-parameters, e.g. `adam(lr: 1e-3)` (Keras defaults fill the rest). Default: adam." },
  {
    name: "schedule",
    doc: "Learning-rate schedule: constant, exponential_decay(decay_steps, decay_rate), step(every_epochs, factor), cosine(decay_steps) or reduce_on_plateau(monitor, factor, patience). Default: constant.",
  },
  { name: "loss", doc: "Loss name for a single-output model, or one per output: `{ rul: mse, failure: binary_crossentropy }`. Required." },
  { name: "loss_weights", doc: "Weight of each output's loss in the total: `{ rul: 1.0, failure: 0.5 }` (weights outputs; for classes see `class_weight`). Default: 1 for every output." },
  {
    name: "class_weight",
    doc: "Weight of each class id in the training loss of a single classifier output, for imbalanced data: `[1, 1, 8, 12]` (Keras `class_weight`). Rows can be weighted with a CSV `sample_weight` column. Default: 1 for every class.",
  },
  { name: "metrics", doc: "Metrics to report: a list for every output, or one list per output. Default: none." },
  { name: "epochs", doc: "Number of passes over the training data (positive integer). Default: 10." },
  { name: "batch", doc: "Samples per gradient step (positive integer). Default: 32." },
  { name: "seed", doc: "Seed for weight initialization, shuffling and data splits (non-negative integer). Default: 42." },
  { name: "shuffle", doc: "Whether to shuffle the training data every epoch. Default: true." },
  {
    name: "early_stopping",
    doc: "Stop when a monitored value stops improving: `{ monitor: val_loss, patience: 3, min_delta: 0, mode: min, restore_best: true }`. Default: off.",
  },
  { name: "checkpoint", doc: "Checkpointing: `{ every: 1, keep: 3 }` (save every N epochs, keep the last K). Default: every 1, keep 3." },
  { name: "clip", doc: "Gradient clipping: `{ global_norm: 1.0 }`, `{ norm: 1.0 }` or `{ value: 0.5 }` (at most one). Default: none." },
  {
    name: "classes",
    doc: 'Class names of a classifier output, for reports and explanations: `["ok", "scratch", "dent"]`, or one list per output `{ defect: [...] }`. Default: from the data (image-folder names, a CSV label column\'s text values), else the class ids.',
  },
  {
    name: "transfer",
    doc: 'Start from a trained model: `{ from: run("runs/Pretrained") | export("export/dir"), layers: [...], freeze: [...] | true, lr_scale: 0.1, unfreeze_at: 5 }`. Weights are matched by layer name. Default: none.',
  },
];
