/**
 * `BatchMatMul` for wasm. The backend's kernel is fast (XNNPACK) only without transposes: with
 * `transposeA` or `transposeB` it was ~10× slower in measurements here (e.g. 79 ms instead of 8 ms
 * for [3872×288]ᵀ·[3872×64]), and every Dense gradient asks for one. Transposing the operand first
 * (a cheap copy) and multiplying plainly gives the same numbers at the fast speed.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { OriginalKernel } from "./original-kernel.js";
import { withScope } from "./wasm-scope.js";

/** The wasm backend's own kernel, kept when mfgc's replaces it (see register.ts). */
export const originalBatchMatMul = new OriginalKernel("BatchMatMul");

/** Swaps the last two axes. */
function lastTwoSwapped(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

const batchMatMul: KernelFunc = ({ inputs, attrs, backend }) => {
  const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
  const transposeA = Boolean(attrs?.["transposeA"]);
  const transposeB = Boolean(attrs?.["transposeB"]);
  if (!transposeA && !transposeB) return originalBatchMatMul.call({ inputs, attrs, backend });
  return withScope(backend, (s) => {
    const aPlain = transposeA ? s.transpose(a, lastTwoSwapped(a.shape.length)) : a;
    const bPlain = transposeB ? s.transpose(b, lastTwoSwapped(b.shape.length)) : b;
    return s.adopt(originalBatchMatMul.call({ inputs: { a: aPlain, b: bPlain }, attrs: { ...attrs, transposeA: false, transposeB: false }, backend }));
  });
};

export const batchMatMulConfig: KernelConfig = {
  kernelName: "BatchMatMul",
  backendName: "wasm",
  kernelFunc: batchMatMul,
  setupFunc: originalBatchMatMul.setup,
};
