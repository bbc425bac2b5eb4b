/**
 * Backend selection for a training run: the backend module picks tfjs-node-gpu → tfjs-node → wasm (with
 * mfgc's training kernels) → cpu, honouring `--backend` and `MFGC_BACKEND`.
 */
import * as tf from "@tensorflow/tfjs";
import { prepareBackend, type BackendChoice } from "../backend/prepare.js";

export type { BackendChoice };

export async function selectBackend(backend: string | undefined, log: (line: string) => void): Promise<BackendChoice> {
  const choice = await prepareBackend(backend === undefined ? { log } : { backend, log });
  // The run already said which backend it got and why; tfjs's own "install tfjs-node" banner on the
  // cpu backend would only repeat that, in the middle of the progress output.
  if (choice.tfjsBackend === "cpu") tf.env().set("PROD", true);
  return choice;
}
