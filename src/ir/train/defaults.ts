/**
 * Defaults of the training configuration, in one place so docs, generated code and tests agree.
 * Optimizer defaults are Keras's (see `OPTIMIZERS` in optimizers.ts).
 */
export const TRAIN_DEFAULTS = {
  epochs: 10,
  batchSize: 32,
  /** Any fixed value makes runs reproducible; 42 is the conventional one. */
  seed: 42,
  shuffle: true,
  optimizer: "adam",
  checkpointEvery: 1,
  checkpointKeep: 3,
  lossWeight: 1,
} as const;
