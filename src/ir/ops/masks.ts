/**
 * Mask rules shared by the ops, after Keras 3 (`supports_masking` / `compute_mask`): a padding mask is a
 * boolean per step — over every axis but the last — made by `embedding(mask_zero: true)` or `masking`.
 * Ops that compute each step on its own pass it on; recurrent layers, attention and
 * `global_avgpool1d` honour it; every other op refuses a masked input (MFG3231), where Keras would
 * silently drop the mask.
 */
import type { MaskEffect } from "./types.js";

/** Computed step by step (dense, activations, dropout, layernorm): the output keeps the input's mask. */
export function propagateMask(_attrs: unknown, masked: readonly boolean[]): MaskEffect {
  return { output: masked.some((m) => m) };
}

/** Honours the mask and reduces the steps away (global average pooling): no mask on the output. */
export function consumeMask(): MaskEffect {
  return { output: false };
}

/**
 * Keras 3's element-wise merges (`Add`, `Subtract`, `Multiply`, `Average`): no mask unless every input
 * has one; then a step is kept where any input keeps it.
 */
export function mergeMask(_attrs: unknown, masked: readonly boolean[]): MaskEffect {
  return { output: masked.length > 0 && masked.every((m) => m) };
}
