/**
 * Keras's activation functions as tfjs ops, by Keras snake_case or tfjs camelCase name: shared by
 * `MfgActivation` and `MfgGRU`. Formulas are Keras 3's (keras/src/activations/activations.py); where
 * tfjs has an op of the same meaning it is used.
 *
 * Imports only `@tensorflow/tfjs`, so generated code may copy it beside the layers that use it.
 */
import * as tf from "@tensorflow/tfjs";

/** Parameters of the parameterised activations; each applies only to the functions that name it. */
export interface ActivationParams {
  /** leaky_relu: slope below 0 (Keras's activation default 0.2); elu: scale of the negative part (1). */
  readonly alpha?: number;
  /** relu: upper clip (null: none). */
  readonly maxValue?: number | null;
  /** relu: slope below `threshold` (0). */
  readonly negativeSlope?: number;
  /** relu: values below it are `negativeSlope · (x − threshold)` (0). */
  readonly threshold?: number;
  /** softmax, log_softmax: the axis normalized over, counting the batch (−1: last). */
  readonly axis?: number;
}

/** The canonical (tfjs camelCase) form of an activation name: `leaky_relu` → `leakyRelu`. */
export function activationKey(name: string): string {
  return name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * Keras's ReLU layer: `max_value` for x ≥ max_value, x for threshold ≤ x < max_value, and
 * `negative_slope · (x − threshold)` below (keras.layers.ReLU / keras.activations.relu).
 */
function relu(x: tf.Tensor, p: ActivationParams): tf.Tensor {
  const slope = p.negativeSlope ?? 0;
  const threshold = p.threshold ?? 0;
  const maxValue = p.maxValue ?? null;
  const below = slope === 0 ? tf.zerosLike(x) : tf.mul(tf.sub(x, threshold), slope);
  let y = tf.where(tf.greaterEqual(x, threshold), x, below);
  if (maxValue !== null) y = tf.minimum(y, maxValue);
  return y;
}

/**
 * Softmax (or log-softmax) along any axis, stabilized by the maximum: tfjs's own ops accept only the last
 * axis. exp(x − m) / Σ exp(x − m); log form x − m − log Σ exp(x − m).
 */
function softmax(x: tf.Tensor, axis: number, log: boolean): tf.Tensor {
  const a = axis < 0 ? axis + x.rank : axis;
  if (a === x.rank - 1) return log ? tf.logSoftmax(x) : tf.softmax(x);
  const shifted = tf.sub(x, tf.max(x, a, true));
  const sum = tf.sum(tf.exp(shifted), a, true);
  return log ? tf.sub(shifted, tf.log(sum)) : tf.div(tf.exp(shifted), sum);
}

/** The function computing activation `name` with `params`; throws for a name it does not know. */
export function activationFunction(name: string, params: ActivationParams = {}): (x: tf.Tensor) => tf.Tensor {
  const axis = params.axis ?? -1;
  switch (activationKey(name)) {
    case "tanh": return (x) => tf.tanh(x);
    case "sigmoid": return (x) => tf.sigmoid(x);
    case "relu": return (x) => relu(x, params);
    case "relu6": return (x) => tf.relu6(x);
    case "elu": {
      const alpha = params.alpha ?? 1;
      return (x) => (alpha === 1 ? tf.elu(x) : tf.where(tf.greater(x, 0), x, tf.mul(tf.sub(tf.exp(x), 1), alpha)));
    }
    case "selu": return (x) => tf.selu(x);
    case "linear": return (x) => x;
    case "softmax": return (x) => softmax(x, axis, false);
    case "logSoftmax": return (x) => softmax(x, axis, true);
    case "softplus": return (x) => tf.softplus(x);
    // x / (|x| + 1).
    case "softsign": return (x) => tf.div(x, tf.add(tf.abs(x), 1));
    case "swish":
    case "silu": return (x) => tf.mul(x, tf.sigmoid(x));
    // Keras's gelu default (approximate=False) is the exact erf form.
    case "gelu": return (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
    // Keras's leaky_relu activation function has slope 0.2 (the LeakyReLU layer's default is 0.3).
    case "leakyRelu": return (x) => tf.leakyRelu(x, params.alpha ?? 0.2);
    // Keras 3's hard_sigmoid: relu6(x + 3) / 6 (tfjs's hardSigmoid is Keras 2's clip(0.2x + 0.5, 0, 1)).
    case "hardSigmoid": return (x) => tf.div(tf.relu6(tf.add(x, 3)), 6);
    default: throw new Error(`unsupported activation '${name}'`);
  }
}
