/**
 * The order checkpoints store a model's weights in: `model.getWeights()` with every layer trainable.
 * tfjs lists trainable weights before non-trainable ones, so freezing or unfreezing a layer would
 * otherwise reorder the list between saving and resuming. Without frozen layers this is exactly
 * `model.getWeights()`, so checkpoints of ordinary runs are unchanged.
 */
import type * as tf from "@tensorflow/tfjs";

/** Runs `f` with every layer trainable (restored afterwards), so weight lists come in checkpoint order. */
export function withAllTrainable<T>(model: tf.LayersModel, f: () => T): T {
  const frozen = model.layers.filter((l) => !l.trainable);
  for (const l of frozen) l.trainable = true;
  try {
    return f();
  } finally {
    for (const l of frozen) l.trainable = false;
  }
}

/** The model's weights in checkpoint order (the caller owns the returned tensors). */
export function checkpointWeights(model: tf.LayersModel): tf.Tensor[] {
  return withAllTrainable(model, () => model.getWeights());
}

/** Sets weights saved by {@link checkpointWeights}. */
export function setCheckpointWeights(model: tf.LayersModel, weights: readonly tf.Tensor[]): void {
  withAllTrainable(model, () => model.setWeights([...weights]));
}
