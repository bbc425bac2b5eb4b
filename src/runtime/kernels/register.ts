/**
 * Installs mfgc's training kernels on the wasm backend: the gradient kernels it lacks, and
 * replacements for the ones that are slow or wrong there. Idempotent: a second call changes nothing.
 */
import { getKernel, registerKernel, unregisterKernel } from "@tensorflow/tfjs";
import type { KernelConfig } from "@tensorflow/tfjs";
import { batchMatMulConfig, rememberOriginalBatchMatMul } from "./batch-mat-mul.js";
import { conv2dBackpropFilterConfig } from "./conv2d-backprop-filter.js";
import { conv2dBackpropInputConfig } from "./conv2d-backprop-input.js";
import { depthwiseBackpropFilterConfig, depthwiseBackpropInputConfig } from "./depthwise-backprop.js";
import { maxPoolGradConfig } from "./max-pool-grad.js";
import { unsortedSegmentSumConfig } from "./unsorted-segment-sum.js";

/** Every kernel mfgc puts on the wasm backend, by kernel name. */
export const WASM_TRAINING_KERNELS: readonly KernelConfig[] = [
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  maxPoolGradConfig,
  depthwiseBackpropInputConfig,
  depthwiseBackpropFilterConfig,
  unsortedSegmentSumConfig,
  batchMatMulConfig,
];

/** What a registration call did. */
export interface KernelRegistration {
  /** Kernels the backend did not have. */
  readonly added: readonly string[];
  /** Backend kernels replaced by mfgc's. */
  readonly replaced: readonly string[];
  /** Kernels that were already mfgc's (an earlier call). */
  readonly alreadyInstalled: readonly string[];
}

export function registerWasmTrainingKernels(): KernelRegistration {
  const added: string[] = [];
  const replaced: string[] = [];
  const alreadyInstalled: string[] = [];
  for (const config of WASM_TRAINING_KERNELS) {
    const current = getKernel(config.kernelName, "wasm");
    if (current?.kernelFunc === config.kernelFunc) {
      alreadyInstalled.push(config.kernelName);
      continue;
    }
    if (current !== undefined) {
      // mfgc's BatchMatMul delegates the untransposed case to the backend's own kernel.
      if (config === batchMatMulConfig) rememberOriginalBatchMatMul(current);
      unregisterKernel(config.kernelName, "wasm");
      replaced.push(config.kernelName);
    } else {
      added.push(config.kernelName);
    }
    registerKernel(config);
  }
  return { added, replaced, alreadyInstalled };
}
