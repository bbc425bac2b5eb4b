/**
 * The backends mfgc can train on, best first, and how each one is brought up. The native TensorFlow
 * packages are optional peers (never dependencies: they download libtensorflow at install time), so
 * they are loaded with a dynamic `import()` through an injectable loader.
 */
import type * as tfjs from "@tensorflow/tfjs";

/** Backend names a user can ask for (`auto` picks the best that works). */
export const BACKEND_NAMES = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"] as const;

/** One of {@link BACKEND_NAMES}. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Loads a module by specifier; tests inject fakes for present, absent and failing packages. */
export type ModuleLoader = (specifier: string) => Promise<unknown>;

/** What bringing a candidate up needs. */
export interface CandidateContext {
  readonly tf: typeof tfjs;
  readonly load: ModuleLoader;
  /** Called just before `setBackend("wasm")`, so kernels are in place when the backend initializes. */
  readonly beforeWasm: () => void;
}

/** A candidate either comes up (with a one-line reason) or says why not. */
export type CandidateResult = { readonly ok: true; readonly reason: string } | { readonly ok: false; readonly reason: string };

export interface Candidate {
  readonly name: BackendName;
  bringUp(ctx: CandidateContext): Promise<CandidateResult>;
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split("\n")[0] ?? message;
  if (/Cannot find (module|package)|ERR_MODULE_NOT_FOUND/.test(message)) return "not installed";
  return `failed to load: ${firstLine.slice(0, 200)}`;
}

/** Loads a package, then switches to the backend it registers. */
async function loadAndSet(ctx: CandidateContext, specifier: string, backend: string): Promise<CandidateResult> {
  try {
    await ctx.load(specifier);
  } catch (error) {
    return { ok: false, reason: `${specifier} ${describeError(error)}` };
  }
  return setBackend(ctx, backend, `${specifier} loaded but backend '${backend}'`);
}

async function setBackend(ctx: CandidateContext, backend: string, what: string): Promise<CandidateResult> {
  if (ctx.tf.findBackendFactory(backend) === null) return { ok: false, reason: `${what} is not registered` };
  try {
    if (!(await ctx.tf.setBackend(backend))) return { ok: false, reason: `${what} failed to initialize` };
    await ctx.tf.ready();
  } catch (error) {
    return { ok: false, reason: `${what} failed to initialize: ${describeError(error)}` };
  }
  return { ok: true, reason: "" };
}

function usesGpu(tf: typeof tfjs): boolean {
  return (tf.backend() as unknown as { isUsingGpuDevice?: unknown }).isUsingGpuDevice === true;
}

export const CANDIDATES: readonly Candidate[] = [
  {
    name: "tensorflow-gpu",
    async bringUp(ctx) {
      const up = await loadAndSet(ctx, "@tensorflow/tfjs-node-gpu", "tensorflow");
      if (!up.ok) return up;
      if (usesGpu(ctx.tf)) return { ok: true, reason: "@tensorflow/tfjs-node-gpu, TensorFlow is using the GPU" };
      // Loaded but on the CPU (no CUDA 11.2/cuDNN 8.1): the selector keeps it as `tensorflow`.
      return { ok: false, reason: "@tensorflow/tfjs-node-gpu loaded but TensorFlow is not using a GPU (needs CUDA 11.2 + cuDNN 8.1)" };
    },
  },
  {
    name: "tensorflow",
    async bringUp(ctx) {
      const up = await loadAndSet(ctx, "@tensorflow/tfjs-node", "tensorflow");
      return up.ok ? { ok: true, reason: "@tensorflow/tfjs-node, native TensorFlow on the CPU" } : up;
    },
  },
  {
    name: "wasm",
    async bringUp(ctx) {
      try {
        await ctx.load("@tensorflow/tfjs-backend-wasm");
      } catch (error) {
        return { ok: false, reason: `@tensorflow/tfjs-backend-wasm ${describeError(error)}` };
      }
      ctx.beforeWasm();
      const up = await setBackend(ctx, "wasm", "backend 'wasm'");
      return up.ok ? { ok: true, reason: "WebAssembly SIMD with XNNPACK (one thread in Node), mfgc training kernels registered" } : up;
    },
  },
  {
    name: "cpu",
    async bringUp(ctx) {
      const up = await setBackend(ctx, "cpu", "backend 'cpu'");
      return up.ok ? { ok: true, reason: "pure JavaScript (slowest; always available)" } : up;
    },
  },
];
