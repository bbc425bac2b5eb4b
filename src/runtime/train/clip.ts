/** Gradient clipping: by global norm (all gradients together), per-tensor norm, or value. */
import * as tf from "@tensorflow/tfjs";
import type { OptimizerConfig } from "../config.js";

/** Returns clipped gradients (new tensors) or the same array when no clipping is configured. */
export function clipGradients(grads: readonly tf.Tensor[], cfg: OptimizerConfig): tf.Tensor[] {
  if (cfg.clipGlobalNorm !== null) {
    const limit = cfg.clipGlobalNorm;
    return tf.tidy(() => {
      const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
      const factor = tf.div(limit, tf.maximum(norm, limit));
      return grads.map((g) => tf.mul(g, factor));
    });
  }
  if (cfg.clipNorm !== null) {
    const limit = cfg.clipNorm;
    return tf.tidy(() => grads.map((g) => tf.mul(g, tf.div(limit, tf.maximum(tf.sqrt(tf.sum(tf.square(g))), limit)))));
  }
  if (cfg.clipValue !== null) {
    const limit = cfg.clipValue;
    return tf.tidy(() => grads.map((g) => tf.clipByValue(g, -limit, limit)));
  }
  return [...grads];
}
