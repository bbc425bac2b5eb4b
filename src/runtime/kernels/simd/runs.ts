/**
 * Whether one of mfgc's own wasm kernels built on the SIMD kernels (MfgcAdamUpdate, MfgcReluGrad) can
 * serve the active backend. Apart from instance.ts so that module stays free of TensorFlow.js (the
 * backend's start-up line reads its MFGC_SIMD_KERNELS check).
 */
import * as tf from "@tensorflow/tfjs";
import { simdKernels } from "./instance.js";

/**
 * True when the active backend is wasm, `kernelName` is registered there and the SIMD kernels can run on
 * it; callers fall back to tfjs ops otherwise.
 */
export function simdKernelRuns(kernelName: string): boolean {
  return tf.getBackend() === "wasm" && tf.getKernel(kernelName, "wasm") !== undefined && simdKernels(tf.backend()) !== null;
}
