/**
 * ReLU's gradient. tfjs's (tfjs-core/src/gradients/Relu_grad.ts) is `dy · cast(step(x))`: three
 * kernels and two temporaries the size of the activation per layer. On wasm, mfgc's SIMD kernel
 * `MfgcReluGrad` computes the same product in one pass (Step, Cast and Multiply took ~1.4 ms a step on
 * the tutorial CNN, the one kernel 0.53 ms); other backends keep tfjs's composition. Values: step(x) is
 * 1 for x > 0, NaN for NaN, else 0, as tfjs's Step on cpu, and dy·0 keeps dy's sign — the composition's
 * results bit for bit (test/runtime/kernels/relu-grad.test.ts).
 */
import * as tf from "@tensorflow/tfjs";
import type { GradConfig, KernelConfig, KernelFunc, Tensor, TensorInfo } from "@tensorflow/tfjs";
import { heapByteOffsets, heapOutput } from "./heap.js";
import { simdKernels } from "./simd/instance.js";
import { simdKernelRuns } from "./simd/runs.js";

export const RELU_GRAD = "MfgcReluGrad";

const reluGrad: KernelFunc = ({ inputs, backend }) => {
  const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
  const simd = simdKernels(backend);
  if (simd === null) throw new Error(`mfgc wasm kernels: ${RELU_GRAD} needs the SIMD kernels`);
  const { out } = heapOutput(backend, [...x.shape], "float32", []);
  const [dyAt, xAt, outAt] = heapByteOffsets(backend, [dy, x, out]) as [number, number, number];
  simd.reluGrad(dyAt, xAt, outAt, x.shape.reduce((a, b) => a * b, 1));
  return out;
};

export const reluGradKernelConfig: KernelConfig = {
  kernelName: RELU_GRAD,
  backendName: "wasm",
  kernelFunc: reluGrad,
};

/** dy · step(x): one kernel on wasm (with mfgc's SIMD kernels), tfjs's composition elsewhere. */
export function reluGradient(dy: Tensor, x: Tensor): Tensor {
  if (x.dtype === "float32" && dy.dtype === "float32" && simdKernelRuns(RELU_GRAD)) return tf.engine().runKernel(RELU_GRAD, { dy, x }) as Tensor;
  return tf.mul(dy, tf.cast(tf.step(x), "float32"));
}

export const reluGradConfig: GradConfig = {
  kernelName: "Relu",
  inputsToSave: ["x"],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
    const x = saved[0];
    if (x === undefined || Array.isArray(dy)) throw new Error("mfgc Relu gradient: expected one saved input and one dy");
    return { x: () => reluGradient(dy, x) };
  },
};
