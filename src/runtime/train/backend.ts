/**
 * Backend selection for a training run: the backend module picks tfjs-node-gpu → tfjs-node → wasm (with
 * mfgc's training kernels) → cpu, honouring `--backend` and `MFGC_BACKEND`.
 */
import { prepareBackend, type BackendChoice } from "../backend/prepare.js";

export type { BackendChoice };

export function selectBackend(backend: string | undefined, log: (line: string) => void): Promise<BackendChoice> {
  return prepareBackend(backend === undefined ? { log } : { backend, log });
}
