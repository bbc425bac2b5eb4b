/**
 * The backends mfgc can train on and how each one is brought up. The native TensorFlow packages are
 * optional peers (never dependencies: they download libtensorflow at install time), WebGPU comes from
 * optional dependencies; all are loaded with a dynamic `import()` through an injectable loader.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { describeError, setBackend, type Candidate, type CandidateContext, type CandidateResult } from "./bring-up.js";
import { simdKernelsTurnedOff } from "../kernels/simd/instance.js";
import { bringUpWebGpu } from "./webgpu/candidate.js";

export { BACKEND_NAMES, type BackendName } from "./names.js";
export type { Candidate, CandidateContext, CandidateResult, ModuleLoader } from "./bring-up.js";

/** Loads a package, then switches to the backend it registers. */
async function loadAndSet(ctx: CandidateContext, specifier: string, backend: string, fixes: readonly string[]): Promise<CandidateResult> {
  try {
    await ctx.load(specifier);
  } catch (error) {
    return { ok: false, reason: `${specifier} ${describeError(error)}`, fixes };
  }
  return setBackend(ctx, backend, `${specifier} loaded but backend '${backend}'`, fixes);
}

function usesGpu(tf: typeof tfjs): boolean {
  return (tf.backend() as unknown as { isUsingGpuDevice?: unknown }).isUsingGpuDevice === true;
}

const TFJS_NODE_GPU_FIXES = [
  "install it where libtensorflow can be downloaded: `npm install @tensorflow/tfjs-node-gpu@4.22.0` (its install script downloads libtensorflow 2.9.1)",
  "it needs CUDA 11.2 and cuDNN 8.1 on the library path (libcudart.so.11.0); with only CUDA 12 TensorFlow runs on the CPU",
  "or train on the GPU through Vulkan with `--backend webgpu`",
];
const TFJS_NODE_FIXES = [
  "install it where libtensorflow can be downloaded: `npm install @tensorflow/tfjs-node@4.22.0` (its install script downloads libtensorflow 2.9.1)",
  "or use `--backend wasm`, which needs no native library",
];
const WASM_FIXES = ["reinstall dependencies (`npm ci`): @tensorflow/tfjs-backend-wasm is a dependency of mfgc", "or use `--backend cpu`"];

const TENSORFLOW_GPU: Candidate = {
  name: "tensorflow-gpu",
  gpu: true,
  async bringUp(ctx) {
    const up = await loadAndSet(ctx, "@tensorflow/tfjs-node-gpu", "tensorflow", TFJS_NODE_GPU_FIXES);
    if (!up.ok) return up;
    if (usesGpu(ctx.tf)) return { ok: true, reason: "@tensorflow/tfjs-node-gpu, TensorFlow is using the GPU" };
    // Loaded but on the CPU: the `tensorflow` candidate can still use the backend it registered.
    return { ok: false, reason: "@tensorflow/tfjs-node-gpu loaded but TensorFlow is not using a GPU", fixes: TFJS_NODE_GPU_FIXES.slice(1) };
  },
};

const TENSORFLOW: Candidate = {
  name: "tensorflow",
  gpu: false,
  async bringUp(ctx) {
    // tfjs-node-gpu that came up without a GPU already registered a CPU TensorFlow backend; loading
    // tfjs-node beside it would bring a second libtensorflow into the process.
    if (ctx.tf.findBackendFactory("tensorflow") !== null) {
      const up = await setBackend(ctx, "tensorflow", "backend 'tensorflow'", TFJS_NODE_FIXES);
      return up.ok ? { ok: true, reason: "native TensorFlow on the CPU (@tensorflow/tfjs-node-gpu loaded, no GPU in use)" } : up;
    }
    const up = await loadAndSet(ctx, "@tensorflow/tfjs-node", "tensorflow", TFJS_NODE_FIXES);
    if (up.ok) return { ok: true, reason: "@tensorflow/tfjs-node, native TensorFlow on the CPU" };
    if (!ctx.requested) return up;
    // Asked for by name: tfjs-node-gpu provides the same backend (on the CPU when no GPU is usable).
    const gpuPackage = await loadAndSet(ctx, "@tensorflow/tfjs-node-gpu", "tensorflow", TFJS_NODE_FIXES);
    if (gpuPackage.ok) return { ok: true, reason: `@tensorflow/tfjs-node-gpu, native TensorFlow${usesGpu(ctx.tf) ? " using the GPU" : " on the CPU"}` };
    return { ok: false, reason: `${up.reason}, and ${gpuPackage.reason}`, fixes: TFJS_NODE_FIXES };
  },
};

const WEBGPU: Candidate = { name: "webgpu", gpu: true, bringUp: bringUpWebGpu };

const WASM: Candidate = {
  name: "wasm",
  gpu: false,
  async bringUp(ctx) {
    try {
      await ctx.load("@tensorflow/tfjs-backend-wasm");
    } catch (error) {
      return { ok: false, reason: `@tensorflow/tfjs-backend-wasm ${describeError(error)}`, fixes: WASM_FIXES };
    }
    ctx.beforeWasm();
    const up = await setBackend(ctx, "wasm", "backend 'wasm'", WASM_FIXES);
    // Said here, so a run's log shows which kernels trained it.
    const simdOff = simdKernelsTurnedOff(ctx.env) ? " (its SIMD kernels off: MFGC_SIMD_KERNELS=0)" : "";
    return up.ok ? { ok: true, reason: `WebAssembly SIMD with XNNPACK (one thread per training worker), mfgc training kernels registered${simdOff}` } : up;
  },
};

const CPU: Candidate = {
  name: "cpu",
  gpu: false,
  async bringUp(ctx) {
    const up = await setBackend(ctx, "cpu", "backend 'cpu'", []);
    return up.ok ? { ok: true, reason: "pure JavaScript (slowest; always available)" } : up;
  },
};

/** Best first: a real GPU, then native TensorFlow on the CPU, then wasm, then pure JavaScript. */
export const CANDIDATES: readonly Candidate[] = [TENSORFLOW_GPU, WEBGPU, TENSORFLOW, WASM, CPU];
