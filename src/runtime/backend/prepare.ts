/**
 * What the training runtime calls first: pick the backend, install mfgc's wasm kernels when it is
 * wasm, switch tfjs to it, and say so in one line.
 */
import * as tf from "@tensorflow/tfjs";
import { registerWasmTrainingKernels } from "../kernels/register.js";
import { selectBackend } from "./select.js";
import type { BackendChoice } from "./select.js";
import type { ModuleLoader } from "./candidates.js";

export type { BackendChoice, BackendFallback } from "./select.js";
export type { BackendName } from "./candidates.js";

/** Options of {@link prepareBackend}. */
export interface PrepareBackendOptions {
  /** `auto` (default), `tensorflow-gpu`, `tensorflow`, `wasm` or `cpu`; wins over `MFGC_BACKEND`. */
  readonly backend?: string;
  /** Receives the one start-up line (default: stderr). */
  readonly log?: (line: string) => void;
  /** Module loader for the optional backend packages (tests inject one). */
  readonly load?: ModuleLoader;
}

const importModule: ModuleLoader = (specifier) => import(specifier);

export async function prepareBackend(opts: PrepareBackendOptions = {}): Promise<BackendChoice> {
  const choice = await selectBackend(
    { backend: opts.backend, log: opts.log ?? ((line) => process.stderr.write(`${line}\n`)) },
    { tf, load: opts.load ?? importModule, env: process.env, beforeWasm: () => void registerWasmTrainingKernels() },
  );
  // We already said which backend we got and why; tfjs's own "install tfjs-node" banner on the cpu
  // backend would only repeat that, in the middle of the output.
  if (choice.tfjsBackend === "cpu") tf.env().set("PROD", true);
  return choice;
}
