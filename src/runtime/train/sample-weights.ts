/**
 * Per-sample loss weights of a batch, as Keras combines them: the data's `sample_weight` times, while
 * training, the `class_weight` of each sample's label (keras `data_adapter_utils.class_weight_to_sample_weights`).
 */
import * as tf from "@tensorflow/tfjs";
import type { LossName } from "../config.js";

/** The class id of each sample from its encoded target, for the classification losses. */
function classIds(loss: LossName, yTrue: tf.Tensor): tf.Tensor1D {
  switch (loss) {
    case "categorical_crossentropy":
      return tf.argMax(tf.reshape(yTrue, [yTrue.shape[0]!, -1]), -1) as tf.Tensor1D;
    case "sparse_categorical_crossentropy":
    case "binary_crossentropy":
      // Sparse targets are ids; a one-unit binary target is 0 or 1.
      return tf.cast(tf.reshape(yTrue, [-1]), "int32") as tf.Tensor1D;
    default:
      throw new Error(`internal: class weights for the regression loss \`${loss}\`; the checker must reject them`);
  }
}

/**
 * The weight of each sample's loss, or undefined when every sample weighs 1. `classWeight` is indexed by
 * class id; `dataWeights` are the batch's sample weights. The caller disposes the result.
 */
export function sampleWeights(loss: LossName, yTrue: tf.Tensor, classWeight: readonly number[] | undefined, dataWeights: tf.Tensor1D | undefined): tf.Tensor1D | undefined {
  if (classWeight === undefined) return dataWeights === undefined ? undefined : tf.clone(dataWeights);
  return tf.tidy(() => {
    const byClass = tf.gather(tf.tensor1d([...classWeight]), classIds(loss, yTrue)) as tf.Tensor1D;
    return dataWeights === undefined ? byClass : (tf.mul(byClass, dataWeights) as tf.Tensor1D);
  });
}
