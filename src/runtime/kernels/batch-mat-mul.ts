/**
 * `BatchMatMul` for wasm. The backend's kernel is fast (XNNPACK) only without transposes: with
 * `transposeA` or `transposeB` it was ~10× slower in measurements here (e.g. 79 ms instead of 8 ms
 * for [3872×288]ᵀ·[3872×64]), and every Dense gradient asks for one. Transposing the operand first
 * (a cheap copy) and multiplying plainly gives the same numbers at the fast speed.
 */
import type { KernelConfig, KernelFunc, KernelSetupFunc, TensorInfo } from "@tensorflow/tfjs";
import { withScope } from "./wasm-scope.js";

/** The wasm backend's own kernel, kept when mfgc's replaces it (see register.ts). */
let original: KernelFunc | null = null;
let originalSetup: KernelSetupFunc | undefined;

/**
 * Keeps the backend's kernel to delegate to. Its setup (binding the C++ function) must still run when
 * the backend initializes after the swap, so mfgc's setup calls it.
 */
export function rememberOriginalBatchMatMul(config: KernelConfig): void {
  original = config.kernelFunc;
  originalSetup = config.setupFunc;
}

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
  const plain = original;
  if (plain === null) throw new Error("mfgc wasm kernels: BatchMatMul replaced before the original was kept");
  if (!transposeA && !transposeB) return plain({ inputs, attrs, backend });
  return withScope(backend, (s) => {
    const aPlain = transposeA ? s.transpose(a, lastTwoSwapped(a.shape.length)) : a;
    const bPlain = transposeB ? s.transpose(b, lastTwoSwapped(b.shape.length)) : b;
    const out = plain({ inputs: { a: aPlain, b: bPlain }, attrs: { ...attrs, transposeA: false, transposeB: false }, backend });
    if (Array.isArray(out)) throw new Error("mfgc wasm kernels: BatchMatMul returned several outputs");
    return s.adopt(out);
  });
};

export const batchMatMulConfig: KernelConfig = {
  kernelName: "BatchMatMul",
  backendName: "wasm",
  kernelFunc: batchMatMul,
  setupFunc: (backend) => originalSetup?.(backend),
};
