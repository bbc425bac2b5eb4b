/**
 * `Add` on wasm of a tensor and a vector along its last axis — a layer's bias (tfjs does not fuse a
 * convolution or dense product with its bias under a gradient tape, so every training step adds each
 * bias to the whole activation) — in mfgc's SIMD kernel. tfjs-backend-wasm 4.22 broadcasts through a
 * generic loop: on the tutorial CNN's biases (ms, mfgc/tfjs) [32, 26, 26, 32] + [32] 0.19/0.52,
 * [32, 11, 11, 64] + [64] 0.099/0.109, [32, 3, 3, 64] + [64] 0.018/0.014. Each element is one float32
 * addition either way (addition commutes exactly), so results are unchanged. Every other Add, and the
 * small ones, go to the backend.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { heapByteOffsets, heapOutput } from "./heap.js";
import { OriginalKernel } from "./original-kernel.js";
import { simdKernels } from "./simd/instance.js";

export const originalAdd = new OriginalKernel("Add");

/** Elements below which the backend's kernel is as fast or faster (see the figures above). */
const MIN_ELEMENTS = 2 ** 15;

/** [rows, inner] when `big` + `bias` is a bias addition (bias 1-D, its length `big`'s last axis), else null. */
function biasShape(big: TensorInfo, bias: TensorInfo): [number, number] | null {
  const inner = big.shape.at(-1);
  if (bias.shape.length !== 1 || inner === undefined || bias.shape[0] !== inner || big.shape.length < 2) return null;
  const size = big.shape.reduce((a, b) => a * b, 1);
  return size >= MIN_ELEMENTS ? [size / inner, inner] : null;
}

const add: KernelFunc = (args) => {
  const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
  if (a.dtype !== "float32" || b.dtype !== "float32") return originalAdd.call(args);
  const [big, bias] = b.shape.length === 1 ? [a, b] : [b, a];
  const shape = biasShape(big, bias);
  const simd = shape === null ? null : simdKernels(args.backend);
  if (simd === null || shape === null) return originalAdd.call(args);
  const { out } = heapOutput(args.backend, [...big.shape], "float32", []);
  const [bigAt, biasAt, outAt] = heapByteOffsets(args.backend, [big, bias, out]) as [number, number, number];
  simd.biasAdd(bigAt, biasAt, outAt, shape[0], shape[1]);
  return out;
};

export const biasAddConfig: KernelConfig = {
  kernelName: "Add",
  backendName: "wasm",
  kernelFunc: add,
  setupFunc: originalAdd.setup,
};
