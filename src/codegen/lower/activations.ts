/**
 * How each spec activation becomes tfjs. Most are strings a layer config accepts (and tfjs fuses
 * relu/linear/elu into dense/conv kernels); `leaky_relu` exists only as a layer in tfjs, so a dense/conv
 * with it is lowered to the linear layer followed by a LeakyReLU layer with Keras's slope.
 */
import { LAYER_CONFIG_ACTIVATIONS } from "../../ir/passes/node-utils.js";
import type { LayerSpec } from "./types.js";

/** Keras's `keras.activations.leaky_relu` default slope (tfjs's LeakyReLU layer defaults to 0.3). */
export const KERAS_LEAKY_RELU_SLOPE = 0.2;

export function isConfigActivation(fn: string): boolean {
  return LAYER_CONFIG_ACTIVATIONS.has(fn);
}

/** A standalone activation layer computing `fn` with Keras's meaning. */
export function activationLayer(fn: string, name: string): LayerSpec {
  switch (fn) {
    case "leaky_relu":
      return { factory: "leakyReLU", config: { alpha: KERAS_LEAKY_RELU_SLOPE, name } };
    default:
      if (!isConfigActivation(fn)) throw new Error(`internal: no tfjs lowering for activation \`${fn}\``);
      return { factory: "activation", config: { activation: fn, name } };
  }
}
