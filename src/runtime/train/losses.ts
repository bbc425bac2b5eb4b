/**
 * Losses with Keras semantics (probabilities in, not logits; predictions clipped to [ε, 1 − ε]).
 * Each returns the batch mean as a scalar; with per-sample weights, Keras's `sum_over_batch_size`
 * reduction: the mean over every element of w·loss (so the weights scale the loss, they are not
 * normalized).
 */
import * as tf from "@tensorflow/tfjs";
import type { LossName } from "../config.js";

const EPSILON = 1e-7;

/** mean(values · w), w [batch] broadcast over each sample's elements; plain mean without weights. */
function weightedMean(values: tf.Tensor, sampleWeight: tf.Tensor | undefined): tf.Scalar {
  if (sampleWeight === undefined) return tf.mean(values);
  const w = tf.reshape(sampleWeight, [values.shape[0]!, ...values.shape.slice(1).map(() => 1)]);
  return tf.mean(tf.mul(values, w));
}

export function computeLoss(name: LossName, yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): tf.Scalar {
  const mean = (values: tf.Tensor) => weightedMean(values, sampleWeight);
  return tf.tidy(() => {
    switch (name) {
      case "categorical_crossentropy": {
        const p = tf.clipByValue(tf.div(yPred, tf.sum(yPred, -1, true)), EPSILON, 1 - EPSILON);
        return mean(tf.neg(tf.sum(tf.mul(yTrue, tf.log(p)), -1)));
      }
      case "sparse_categorical_crossentropy": {
        const classes = yPred.shape[yPred.shape.length - 1]!;
        const oneHot = tf.oneHot(tf.cast(tf.reshape(yTrue, [-1]), "int32"), classes);
        const p = tf.clipByValue(tf.div(yPred, tf.sum(yPred, -1, true)), EPSILON, 1 - EPSILON);
        return mean(tf.neg(tf.sum(tf.mul(tf.reshape(oneHot, p.shape), tf.log(p)), -1)));
      }
      case "binary_crossentropy": {
        const p = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
        const y = tf.reshape(yTrue, p.shape);
        return mean(tf.neg(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p))))));
      }
      case "mse":
        return mean(tf.squaredDifference(tf.reshape(yTrue, yPred.shape), yPred));
      case "mae":
        return mean(tf.abs(tf.sub(tf.reshape(yTrue, yPred.shape), yPred)));
      case "huber": {
        // δ = 1, as Keras' default.
        const err = tf.abs(tf.sub(tf.reshape(yTrue, yPred.shape), yPred));
        const quad = tf.minimum(err, 1);
        return mean(tf.add(tf.mul(0.5, tf.square(quad)), tf.sub(err, quad)));
      }
    }
  }) as tf.Scalar;
}
