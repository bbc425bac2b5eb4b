/**
 * What every backend candidate shares: the context it is brought up in, its result, and the two steps
 * all of them take (load a package, switch tfjs to the backend it registered).
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { BackendName } from "./names.js";
import type { AdapterDescription } from "./webgpu/adapter.js";

/** Loads a module by specifier; tests inject fakes for present, absent and failing packages. */
export type ModuleLoader = (specifier: string) => Promise<unknown>;

/** What bringing a candidate up needs. */
export interface CandidateContext {
  readonly tf: typeof tfjs;
  readonly load: ModuleLoader;
  /** Called just before `setBackend("wasm")`, so kernels are in place when the backend initializes. */
  readonly beforeWasm: () => void;
  /** The process environment (WebGPU setup reads and may set variables in it). */
  readonly env: Record<string, string | undefined>;
  readonly platform: NodeJS.Platform;
  /**
   * Asked for by name: a software WebGPU adapter is accepted only then, and tfjs-node-gpu may run on
   * the CPU only when `tensorflow` was asked for.
   */
  readonly requested: boolean;
  /**
   * The GPU device nodes of this machine (Linux: see webgpu/device-nodes.ts); automatic selection
   * does not ask Dawn for an adapter where there are none.
   */
  readonly gpuDeviceNodes: () => readonly string[];
}

/** A candidate either comes up (with a one-line reason) or says why not and how to fix that. */
export type CandidateResult =
  | { readonly ok: true; readonly reason: string; readonly adapter?: AdapterDescription }
  | { readonly ok: false; readonly reason: string; readonly fixes: readonly string[] };

export interface Candidate {
  readonly name: BackendName;
  /** Whether it computes on a GPU when it comes up (tfjs-node-gpu on a GPU, WebGPU on a hardware adapter). */
  readonly gpu: boolean;
  bringUp(ctx: CandidateContext): Promise<CandidateResult>;
}

/** A failure's cause in a few words: "not installed", or the first line of the error. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split("\n")[0] ?? message;
  if (/Cannot find (module|package)|ERR_MODULE_NOT_FOUND/.test(message)) return "not installed";
  return `failed to load: ${firstLine.slice(0, 200)}`;
}

/** Switches tfjs to `backend`, or says why it did not come up. */
export async function setBackend(ctx: CandidateContext, backend: string, what: string, fixes: readonly string[]): Promise<CandidateResult> {
  if (ctx.tf.findBackendFactory(backend) === null) return { ok: false, reason: `${what} is not registered`, fixes };
  try {
    if (!(await ctx.tf.setBackend(backend))) return { ok: false, reason: `${what} failed to initialize`, fixes };
    await ctx.tf.ready();
  } catch (error) {
    return { ok: false, reason: `${what} failed to initialize: ${describeError(error)}`, fixes };
  }
  return { ok: true, reason: "" };
}

