/**
 * How each spec activation becomes tfjs. Most are strings a layer config accepts (and tfjs fuses
 * relu/linear/elu into dense/conv kernels); `leaky_relu` exists only as a layer in tfjs, and Keras 3's
 * `hard_sigmoid` and `log_softmax` not at all, so a dense/conv with one of those is lowered to the linear
 * layer followed by an activation layer (tfjs's LeakyReLU with Keras's slope, or mfgc's MfgActivation).
 */
import { LAYER_CONFIG_ACTIVATIONS } from "../../ir/passes/node-utils.js";
import type { LayerSpec } from "./types.js";

/** Keras's `keras.activations.leaky_relu` default slope (tfjs's LeakyReLU layer defaults to 0.3). */
export const KERAS_LEAKY_RELU_SLOPE = 0.2;

export function isConfigActivation(fn: string): boolean {
  return LAYER_CONFIG_ACTIVATIONS.has(fn);
}

/** mfgc's MfgActivation computing Keras's `fn` with `params` (null values are left out). */
export function mfgActivation(fn: string, params: Readonly<Record<string, number | null>>, name: string): LayerSpec {
  const given = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== null)) as Record<string, number>;
  return { factory: "MfgActivation", customClass: "MfgActivation", config: { activation: fn, ...given, name } };
}

/** Activations tfjs has no layer or string for with Keras's meaning: mfgc's MfgActivation computes them. */
const MFG_ONLY = new Set(["hard_sigmoid", "log_softmax"]);

/**
 * A standalone activation layer computing `fn` with Keras's meaning. `masked`: its input carries a
 * padding mask, which tfjs's LeakyReLU layer would drop (it does not support masking); MfgActivation
 * passes it on.
 */
export function activationLayer(fn: string, name: string, masked = false): LayerSpec {
  if (MFG_ONLY.has(fn) || (fn === "leaky_relu" && masked)) return mfgActivation(fn, fn === "leaky_relu" ? { alpha: KERAS_LEAKY_RELU_SLOPE } : {}, name);
  if (fn === "leaky_relu") return { factory: "leakyReLU", config: { alpha: KERAS_LEAKY_RELU_SLOPE, name } };
  if (!isConfigActivation(fn)) throw new Error(`internal: no tfjs lowering for activation \`${fn}\``);
  return { factory: "activation", config: { activation: fn, name } };
}
