/**
 * Backend selection for a training run: the backend module picks tfjs-node-gpu on a GPU → WebGPU on a
 * hardware adapter → tfjs-node → wasm (with mfgc's training kernels) → cpu, and honours or refuses
 * `--backend` and `MFGC_BACKEND` (see src/runtime/backend/select.ts).
 */
import { prepareBackend, type BackendChoice } from "../backend/prepare.js";

export type { BackendChoice };

export function selectBackend(backend: string | undefined, log: (line: string) => void): Promise<BackendChoice> {
  return prepareBackend(backend === undefined ? { log } : { backend, log });
}
