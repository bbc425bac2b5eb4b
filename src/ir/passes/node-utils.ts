/** Small attribute readers shared by passes (attrs are validated by the builder, so shapes of values are known). */
import type { AttrValue, IRNode } from "../types.js";

export function attr(node: IRNode, name: string): AttrValue | undefined {
  return node.attrs[name];
}

export function numAttr(node: IRNode, name: string): number | undefined {
  const v = node.attrs[name];
  return typeof v === "number" ? v : undefined;
}

export function strAttr(node: IRNode, name: string): string | undefined {
  const v = node.attrs[name];
  return typeof v === "string" ? v : undefined;
}

export function numListAttr(node: IRNode, name: string): number[] | undefined {
  const v = node.attrs[name];
  return Array.isArray(v) && v.every((x) => typeof x === "number") ? (v as number[]) : undefined;
}

export function sameShape(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Ops whose `activation` parameter tfjs applies inside the layer (fused kernels for relu/linear/elu). */
export const OPS_WITH_ACTIVATION = new Set(["dense", "conv1d", "conv2d", "depthwise_conv2d", "separable_conv2d", "conv2d_transpose"]);

/**
 * Activations a tfjs layer config can name as a string with Keras's meaning. `leaky_relu` is a separate
 * layer in tfjs (and Keras's slope differs from its default), and tfjs's `hardSigmoid` is Keras 2's, so
 * neither (nor `log_softmax`) is ever folded into a dense/conv.
 */
export const LAYER_CONFIG_ACTIVATIONS = new Set(["linear", "relu", "relu6", "elu", "selu", "sigmoid", "tanh", "softmax", "softplus", "softsign", "swish", "gelu"]);
