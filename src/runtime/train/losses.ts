/**
 * Losses with Keras 3's semantics (keras/src/losses/losses.py over keras/src/backend/tensorflow/nn.py).
 * Each returns the batch mean (`sum_over_batch_size`) as a scalar.
 *
 * Cross-entropies are computed the way Keras's TensorFlow backend computes them inside `fit`: from the
 * logits when the output's last op is the matching activation (softmax for the categorical losses,
 * sigmoid for the binary one; see `applyWithLogits`), otherwise from probabilities clipped to
 * [ε, 1 − ε] with ε = 1e-7 (`keras.backend.epsilon()`). Value tests: test/runtime/train/losses.test.ts.
 *
 * With per-sample weights (`class_weight`, a CSV `sample_weight` column) the reduction is still Keras's
 * `sum_over_batch_size`: the mean over every element of w·loss, so the weights scale the loss and are
 * not normalized.
 */
import * as tf from "@tensorflow/tfjs";
import type { LossName } from "../config.js";

/** keras.backend.epsilon(). */
const EPSILON = 1e-7;

/**
 * The pre-activation values of an output whose last op is `activation`, the counterpart of the
 * `_keras_logits` Keras's activations cache on their results. Same shape as the output.
 */
export interface OutputLogits {
  readonly activation: "softmax" | "sigmoid";
  readonly logits: tf.Tensor;
}

function clip(p: tf.Tensor): tf.Tensor {
  return tf.clipByValue(p, EPSILON, 1 - EPSILON);
}

/** `y` as one-hot rows over the last axis of `like` (sparse class ids of shape `[n]` or `[n, 1]`). */
function oneHotLike(y: tf.Tensor, like: tf.Tensor): tf.Tensor {
  const classes = like.shape[like.shape.length - 1]!;
  return tf.reshape(tf.oneHot(tf.cast(tf.reshape(y, [-1]), "int32"), classes), like.shape);
}

/** `−Σ y·log_softmax(z)` per row: tf.nn.softmax_cross_entropy_with_logits. */
function softmaxCrossEntropyWithLogits(y: tf.Tensor, z: tf.Tensor): tf.Tensor {
  return tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(z, -1)), -1));
}

/**
 * `max(z, 0) − z·y + log(1 + e^{−|z|})`, tf.nn.sigmoid_cross_entropy_with_logits, written with the same
 * `where` as TensorFlow so the gradient at z = 0 is σ(0) − y rather than the −y that `relu`/`abs` give.
 */
function sigmoidCrossEntropyWithLogits(y: tf.Tensor, z: tf.Tensor): tf.Tensor {
  const positive = tf.greaterEqual(z, 0);
  const reluZ = tf.where(positive, z, tf.zerosLike(z));
  const negAbsZ = tf.where(positive, tf.neg(z), z);
  return tf.add(tf.sub(reluZ, tf.mul(z, y)), tf.log1p(tf.exp(negAbsZ)));
}

/** mean(values · w), w [batch] broadcast over each sample's elements; plain mean without weights. */
function weightedMean(values: tf.Tensor, sampleWeight: tf.Tensor | undefined): tf.Scalar {
  if (sampleWeight === undefined) return tf.mean(values);
  const w = tf.reshape(sampleWeight, [values.shape[0]!, ...values.shape.slice(1).map(() => 1)]);
  return tf.mean(tf.mul(values, w));
}

/**
 * The loss `name` of predictions `yPred` against `yTrue`, as a scalar batch mean.
 *
 * Shapes: `yPred` `[batch, …, units]`; `yTrue` the same, or `[batch]`/`[batch, 1]` class ids for
 * sparse_categorical_crossentropy (and any shape with as many elements for the element-wise losses).
 * `logits`, when given and matching the loss's activation, replaces the probability path as in Keras.
 * `sampleWeight` `[batch]`: each sample's loss is multiplied by its weight before the mean.
 */
export function computeLoss(name: LossName, yTrue: tf.Tensor, yPred: tf.Tensor, logits: OutputLogits | null = null, sampleWeight?: tf.Tensor): tf.Scalar {
  const mean = (values: tf.Tensor) => weightedMean(values, sampleWeight);
  return tf.tidy(() => {
    switch (name) {
      case "categorical_crossentropy": {
        if (logits?.activation === "softmax") return mean(softmaxCrossEntropyWithLogits(tf.reshape(yTrue, logits.logits.shape), logits.logits));
        // Keras renormalises the rows before clipping (nn.categorical_crossentropy).
        const p = clip(tf.div(yPred, tf.sum(yPred, -1, true)));
        return mean(tf.neg(tf.sum(tf.mul(tf.reshape(yTrue, p.shape), tf.log(p)), -1)));
      }
      case "sparse_categorical_crossentropy": {
        if (logits?.activation === "softmax") return mean(softmaxCrossEntropyWithLogits(oneHotLike(yTrue, logits.logits), logits.logits));
        // Keras takes log(clip(p)) as logits of sparse_softmax_cross_entropy_with_logits, so the rows are
        // renormalised after clipping: −log p̃_y + log Σ p̃.
        const logP = tf.log(clip(yPred));
        return mean(softmaxCrossEntropyWithLogits(oneHotLike(yTrue, yPred), logP));
      }
      case "binary_crossentropy": {
        if (logits?.activation === "sigmoid") return mean(sigmoidCrossEntropyWithLogits(tf.reshape(yTrue, logits.logits.shape), logits.logits));
        const p = clip(yPred);
        const y = tf.reshape(yTrue, p.shape);
        return mean(tf.neg(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p))))));
      }
      case "mse":
        return mean(tf.squaredDifference(tf.reshape(yTrue, yPred.shape), yPred));
      case "mae":
        return mean(tf.abs(tf.sub(tf.reshape(yTrue, yPred.shape), yPred)));
      case "huber": {
        // keras.losses.Huber with its default δ = 1: ½x² for |x| ≤ δ, δ·|x| − ½δ² beyond; written as
        // ½·min(|x|, δ)² + (|x| − min(|x|, δ)), which is the same for δ = 1.
        const err = tf.abs(tf.sub(tf.reshape(yTrue, yPred.shape), yPred));
        const quad = tf.minimum(err, 1);
        return mean(tf.add(tf.mul(0.5, tf.square(quad)), tf.sub(err, quad)));
      }
    }
  }) as tf.Scalar;
}
