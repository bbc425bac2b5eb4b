/**
 * What the training runtime calls first: install mfgc's cpu kernel fix, pick the backend, install
 * mfgc's wasm kernels when it is wasm, switch tfjs to it, and say so in one line. A request that cannot
 * be met throws a {@link BackendError} (see select.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { registerCpuKernels, registerTrainingGradients, registerWasmTrainingKernels } from "../kernels/register.js";
import { selectBackend } from "./select.js";
import type { BackendChoice } from "./select.js";
import type { ModuleLoader } from "./candidates.js";

export type { BackendChoice, BackendFallback } from "./select.js";
export type { BackendName, BackendRequest } from "./names.js";
export { BackendError } from "./errors.js";

/** Options of {@link prepareBackend}. */
export interface PrepareBackendOptions {
  /** `auto` (default), `gpu`, `tensorflow-gpu`, `webgpu`, `tensorflow`, `wasm` or `cpu`; wins over `MFGC_BACKEND`. */
  readonly backend?: string;
  /** Receives the one start-up line (default: stderr). */
  readonly log?: (line: string) => void;
  /** Module loader for the optional backend packages (tests inject one). */
  readonly load?: ModuleLoader;
}

const importModule: ModuleLoader = (specifier) => import(specifier);

/**
 * Selects and switches to the backend (see select.ts for the order and the rules for requests).
 * @throws BackendError MFG9020 when a requested backend cannot be used, MFG9021 for an unknown name.
 */
export async function prepareBackend(opts: PrepareBackendOptions = {}): Promise<BackendChoice> {
  // Whatever is chosen: cpu may be the choice, or be switched to later (a parity test's reference), and
  // its tfjs Transform kernel transforms only the first image of a batch (see kernels/transform.ts).
  registerCpuKernels();
  // Every backend: tfjs's Tile gradient is one Slice + Add per repetition (see kernels/tile-grad.ts).
  registerTrainingGradients();
  const choice = await selectBackend(
    { backend: opts.backend, log: opts.log ?? ((line) => process.stderr.write(`${line}\n`)) },
    { tf, load: opts.load ?? importModule, env: process.env, platform: process.platform, beforeWasm: () => void registerWasmTrainingKernels() },
  );
  // We already said which backend we got and why; tfjs's own "install tfjs-node" banner on the cpu
  // backend would only repeat that, in the middle of the output.
  if (choice.tfjsBackend === "cpu") tf.env().set("PROD", true);
  return choice;
}
