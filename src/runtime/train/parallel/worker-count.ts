/**
 * How many replicas a run trains with (`--workers`), and the start-up line that says so and why.
 */
import { availableParallelism } from "node:os";
import type { ModelSignature } from "../../data/types.js";

/** Why a run trains on one thread although more were possible; null when the run may go parallel. */
function singleThreadReason(backend: string, trainModule: string | undefined, sig: ModelSignature, transfer: boolean): string | null {
  if (backend !== "wasm" && backend !== "cpu") return `data-parallel training runs on the wasm and cpu backends; \`${backend}\` trains on one thread`;
  // Frozen layers run in inference mode and unfreeze by epoch (transfer.ts, param-groups.ts); worker
  // models are built fresh and would not know it, so their shards would compute another function.
  if (transfer) return "transfer learning freezes and unfreezes layers, which worker threads do not mirror yet";
  if (trainModule === undefined) return "the training code does not name its module (`trainModule`), so worker threads cannot build the model; regenerate it with `mfgc build`";
  // The shared buffers are sized once, from static per-sample shapes.
  const dynamic = [...sig.inputs, ...sig.outputs].find((t) => t.shape.slice(1).some((d) => d === null));
  if (dynamic !== undefined) return `\`${dynamic.name}\` has a dimension of variable length, which data-parallel training does not support`;
  return null;
}

/**
 * tfjs-layers class names of recurrent layers (mfgc's own GRU and bidirectional wrapper included).
 * They unroll into thousands of small kernel calls per step whose cost does not shrink with the shard,
 * so splitting their batch across threads measured slower than one thread: the turbofan LSTM/GRU
 * trained at 477 samples/s with 1 worker and 428 with 2 (bench/results/train-throughput.md, quiet
 * machine) — PyTorch gains nothing from a second thread on it either. They default to one thread.
 */
const RECURRENT_LAYERS = new Set(["LSTM", "GRU", "SimpleRNN", "RNN", "Bidirectional", "MfgGRU", "MfgBidirectional"]);

/** Whether the model has a recurrent layer (see {@link RECURRENT_LAYERS}), found by tfjs class name. */
export function hasRecurrentLayer(layerClassNames: readonly string[]): boolean {
  return layerClassNames.some((n) => RECURRENT_LAYERS.has(n));
}

/**
 * The number of replicas (the coordinating thread plus workers): `requested`, or the machine's cores
 * (`os.availableParallelism()`) when not given — but 1 where the parallel path does not apply, and 1
 * by default (not when asked for more) for models with recurrent layers.
 * @param requested `--workers`, a positive integer, or undefined for the default
 * @param backend the tfjs backend the run trains on
 * @param trainModule the generated training module workers import, when the caller gave one
 * @param sig the model's inputs and outputs (their per-sample shapes must be static)
 * @param layerClassNames the model's layers' tfjs class names (`layer.getClassName()`)
 * @param transfer whether the run loads transferred (possibly frozen) layers
 * @returns the count and the start-up log line
 */
export function replicaCount(
  requested: number | undefined,
  backend: string,
  trainModule: string | undefined,
  sig: ModelSignature,
  layerClassNames: readonly string[] = [],
  transfer = false,
): { readonly workers: number; readonly line: string } {
  if (requested === 1) return { workers: 1, line: "workers: 1 (one thread)" };
  const reason = singleThreadReason(backend, trainModule, sig, transfer);
  if (reason !== null) return { workers: 1, line: `workers: 1 (${reason})` };
  if (requested === undefined && hasRecurrentLayer(layerClassNames)) {
    return { workers: 1, line: "workers: 1 (recurrent layers train slower split across threads; `--workers N` splits them anyway)" };
  }
  const cores = availableParallelism();
  const workers = requested ?? cores;
  if (workers === 1) return { workers, line: "workers: 1 (the machine has one core)" };
  const note = requested === undefined ? ", one per core" : workers > cores ? `; more than the machine's ${cores} cores, which they share` : "";
  return { workers, line: `workers: ${workers} (data-parallel: each batch is split across ${workers} threads${note})` };
}
