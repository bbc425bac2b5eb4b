/**
 * `MfgcAdamUpdate`: one Adam/AdamW step of one variable as a single wasm kernel (mfgc's SIMD kernel,
 * simd/kernels.wat), where the rule written with tfjs ops (optimizers.ts, adamRule) runs 10–11 kernels
 * per variable — ~130 calls a step on the tutorial CNN, serial in data-parallel training while the
 * workers wait. Same float32 operations in the same order, so the same bits (test/runtime/kernels/
 * adam-update.test.ts). Registered on wasm only; {@link fusedAdamAvailable} says when to use it.
 *
 * Inputs w, g, m, v (one shape, float32); outputs [w', m', v'].
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { heapByteOffsets, heapOutputs } from "./heap.js";
import { simdKernels } from "./simd/instance.js";
import { simdKernelRuns } from "./simd/runs.js";

export const ADAM_UPDATE = "MfgcAdamUpdate";

/** The step's constants: Keras's β1, β2, ε; `lrT` the bias-corrected rate; `decay` AdamW's lr·weight_decay (0 for Adam). */
export interface AdamUpdateAttrs {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly lrT: number;
  readonly decay: number;
}

const adamUpdate: KernelFunc = ({ inputs, attrs, backend }) => {
  const { w, g, m, v } = inputs as { w: TensorInfo; g: TensorInfo; m: TensorInfo; v: TensorInfo };
  const a = attrs as unknown as AdamUpdateAttrs;
  const simd = simdKernels(backend);
  if (simd === null) throw new Error(`mfgc wasm kernels: ${ADAM_UPDATE} needs the SIMD kernels (check fusedAdamAvailable first)`);
  const n = w.shape.reduce((x, y) => x * y, 1);
  const { outs } = heapOutputs(backend, 3, [...w.shape], "float32", []);
  const [wAt, gAt, mAt, vAt, wOut, mOut, vOut] = heapByteOffsets(backend, [w, g, m, v, ...outs]) as number[];
  simd.adamUpdate(wAt!, gAt!, mAt!, vAt!, wOut!, mOut!, vOut!, n, a.beta1, 1 - a.beta1, a.beta2, 1 - a.beta2, a.epsilon, a.lrT, a.decay);
  return outs;
};

export const adamUpdateConfig: KernelConfig = {
  kernelName: ADAM_UPDATE,
  backendName: "wasm",
  kernelFunc: adamUpdate,
};

/** Whether the active backend runs {@link ADAM_UPDATE}: wasm, with mfgc's kernels and SIMD. */
export function fusedAdamAvailable(): boolean {
  return simdKernelRuns(ADAM_UPDATE);
}

/** Runs {@link ADAM_UPDATE}; returns [w', m', v'] (new tensors, owned by the caller or the enclosing tidy). */
export function fusedAdamUpdate(w: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, attrs: AdamUpdateAttrs): [tf.Tensor, tf.Tensor, tf.Tensor] {
  return tf.engine().runKernel(ADAM_UPDATE, { w, g, m, v }, attrs as unknown as tf.NamedAttrMap) as unknown as [tf.Tensor, tf.Tensor, tf.Tensor];
}
