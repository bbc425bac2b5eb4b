/**
 * Installs mfgc's kernels over tfjs's: on the wasm backend the gradient kernels it lacks and
 * replacements for the ones that are slow or wrong there; on the cpu backend a replacement for a kernel
 * that is wrong there (`Transform`, wrong on both, in different ways: see transform.ts). Idempotent: a
 * second call changes nothing.
 */
import { getGradient, getKernel, registerGradient, registerKernel, unregisterKernel } from "@tensorflow/tfjs";
import type { GradConfig, KernelConfig } from "@tensorflow/tfjs";
import { adamUpdateConfig } from "./adam-update.js";
import { batchMatMulConfig, originalBatchMatMul } from "./batch-mat-mul.js";
import { biasAddConfig, originalAdd } from "./bias-add.js";
import { conv2dBackpropFilterConfig } from "./conv2d-backprop-filter.js";
import { conv2dConfig, originalConv2D } from "./conv2d.js";
import { conv2dBackpropInputConfig } from "./conv2d-backprop-input.js";
import { depthwiseBackpropFilterConfig, depthwiseBackpropInputConfig } from "./depthwise-backprop.js";
import { identityConfig, originalIdentity } from "./identity.js";
import { maxPoolGradConfig } from "./max-pool-grad.js";
import type { OriginalKernel } from "./original-kernel.js";
import { reluGradConfig, reluGradKernelConfig } from "./relu-grad.js";
import { originalSum, sumConfig } from "./sum.js";
import { tileGradConfig } from "./tile-grad.js";
import { tileConfig } from "./tile.js";
import { cpuTransformConfig, wasmTransformConfig } from "./transform.js";
import { unpackConfig } from "./unpack.js";
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
  // Per-element C++ loop in tfjs 4.22; tfjs-layers' LayerNormalization tiles four tensors per call.
  tileConfig,
  // Bias additions broadcast through a generic loop in tfjs 4.22's wasm build; other Adds go to it.
  biasAddConfig,
  // XNNPACK's convolution is slow on inputs with few channels (a first layer's); others go to it.
  conv2dConfig,
  // A copy in tfjs 4.22's wasm build; every tensor saved for the backward pass is cloned through it.
  identityConfig,
  // Bias gradients: sums over leading axes, which tfjs 4.22's wasm Sum transposes first.
  sumConfig,
  // One Slice per output in tfjs 4.22; recurrent layers unstack their input along time.
  unpackConfig,
  // Not tfjs kernels: Adam/AdamW's update and ReLU's gradient in one pass each (used when they are there).
  adamUpdateConfig,
  reluGradKernelConfig,
  // Not a training kernel: tfjs-backend-wasm 4.22's Transform mirrors coordinates below 0 wrongly under
  // fill_mode `reflect`, the default of random_translation/rotation/zoom (see transform.ts).
  wasmTransformConfig,
];

/** Every kernel mfgc puts on the cpu backend: `Transform`, which tfjs 4.22 gets wrong for batches > 1. */
export const CPU_KERNELS: readonly KernelConfig[] = [cpuTransformConfig];

/** mfgc kernels that hand some cases back to the backend's own kernel, which they must keep. */
const DELEGATING = new Map<KernelConfig, OriginalKernel>([
  [batchMatMulConfig, originalBatchMatMul],
  [sumConfig, originalSum],
  [identityConfig, originalIdentity],
  [conv2dConfig, originalConv2D],
  [biasAddConfig, originalAdd],
]);

/** What a registration call did. */
export interface KernelRegistration {
  /** Kernels the backend did not have. */
  readonly added: readonly string[];
  /** Backend kernels replaced by mfgc's. */
  readonly replaced: readonly string[];
  /** Kernels that were already mfgc's (an earlier call). */
  readonly alreadyInstalled: readonly string[];
}

/** Puts each of `configs` on `backendName` in place of what is registered there. */
function install(configs: readonly KernelConfig[], backendName: string): KernelRegistration {
  const added: string[] = [];
  const replaced: string[] = [];
  const alreadyInstalled: string[] = [];
  for (const config of configs) {
    const current = getKernel(config.kernelName, backendName);
    if (current?.kernelFunc === config.kernelFunc) {
      alreadyInstalled.push(config.kernelName);
      continue;
    }
    if (current !== undefined) {
      // e.g. mfgc's BatchMatMul delegates the untransposed case to the backend's own kernel.
      DELEGATING.get(config)?.remember(current);
      unregisterKernel(config.kernelName, backendName);
      replaced.push(config.kernelName);
    } else {
      added.push(config.kernelName);
    }
    registerKernel(config);
  }
  return { added, replaced, alreadyInstalled };
}

export function registerWasmTrainingKernels(): KernelRegistration {
  return install(WASM_TRAINING_KERNELS, "wasm");
}

/**
 * Installs {@link CPU_KERNELS}. `@tensorflow/tfjs` registers the cpu backend's own kernels when it is
 * imported (this module imports it), so they are in place to be replaced, not registered over ours later.
 */
export function registerCpuKernels(): KernelRegistration {
  return install(CPU_KERNELS, "cpu");
}

/**
 * Gradients mfgc replaces on every backend: Tile's (tfjs's is correct but makes thousands of kernel
 * calls), ReLU's (one kernel on wasm; tfjs's composition elsewhere).
 */
export const TRAINING_GRADIENTS: readonly GradConfig[] = [tileGradConfig, reluGradConfig];

/** Installs {@link TRAINING_GRADIENTS}; returns the names it (re)placed. Idempotent. */
export function registerTrainingGradients(): string[] {
  const placed: string[] = [];
  for (const config of TRAINING_GRADIENTS) {
    if (getGradient(config.kernelName)?.gradFunc === config.gradFunc) continue;
    registerGradient(config);
    placed.push(config.kernelName);
  }
  return placed;
}
