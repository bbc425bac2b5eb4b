/**
 * Activation function names, shared by the `activation` op and the `activation` parameter of dense,
 * convolution and recurrent ops. Keras names and Keras 3 formulas; `swish` is Keras's `silu`,
 * `hard_sigmoid` is relu6(x + 3) / 6.
 */
export const ACTIVATIONS = [
  "elu",
  "gelu",
  "hard_sigmoid",
  "leaky_relu",
  "linear",
  "log_softmax",
  "relu",
  "relu6",
  "selu",
  "sigmoid",
  "softmax",
  "softplus",
  "softsign",
  "swish",
  "tanh",
] as const;

export type ActivationName = (typeof ACTIVATIONS)[number];

export function isActivationName(s: string): s is ActivationName {
  return (ACTIVATIONS as readonly string[]).includes(s);
}
