/**
 * Activation function names, shared by the `activation` op and the `activation` parameter of dense,
 * convolution and recurrent ops. Keras names; `swish` is Keras's `silu`.
 */
export const ACTIVATIONS = [
  "elu",
  "gelu",
  "leaky_relu",
  "linear",
  "relu",
  "relu6",
  "selu",
  "sigmoid",
  "softmax",
  "swish",
  "tanh",
] as const;

export type ActivationName = (typeof ACTIVATIONS)[number];

export function isActivationName(s: string): s is ActivationName {
  return (ACTIVATIONS as readonly string[]).includes(s);
}
