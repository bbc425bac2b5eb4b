/**
 * Zero gradients for tfjs's comparison and boolean kernels. They are piecewise constant, so their
 * derivative is zero wherever it exists; tfjs registers none, and a gradient with respect to the input
 * (integrated gradients) then fails on the mask a `masking` layer computes (`any(notEqual(x, 0))`),
 * although training (gradients with respect to weights) never reaches it. tfjs wants every gradient in
 * float32, also for boolean inputs.
 */
import * as tf from "@tensorflow/tfjs";

const UNARY = ["Any", "All", "LogicalNot", "IsNan", "IsInf", "IsFinite"] as const;
const BINARY = ["NotEqual", "Equal", "Greater", "GreaterEqual", "Less", "LessEqual", "LogicalAnd", "LogicalOr"] as const;

let registered = false;

/** Registers the zero gradients that tfjs lacks (idempotent; existing gradients are kept). */
export function registerZeroGradients(): void {
  if (registered) return;
  registered = true;
  for (const kernelName of UNARY) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({ kernelName, inputsToSave: ["x"], gradFunc: (_dy, saved) => ({ x: () => tf.zeros(saved[0]!.shape) }) });
  }
  for (const kernelName of BINARY) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({ kernelName, inputsToSave: ["a", "b"], gradFunc: (_dy, saved) => ({ a: () => tf.zeros(saved[0]!.shape), b: () => tf.zeros(saved[1]!.shape) }) });
  }
}
