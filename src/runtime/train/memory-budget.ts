/**
 * How much memory training a model takes, estimated from its sizes alone, and the budget beyond which
 * mfgc refuses to start (a warning at `mfgc check`, an error at `mfgc train` unless the run raises it).
 * Shared by the compiler (which knows the IR) and the runtime (which knows the built tfjs model), so
 * both judge a model the same way.
 */

/** Bytes per element: mfgc trains in float32 (int32 inputs are the same width). */
const BYTES_PER_ELEMENT = 4;

/**
 * The most elements one tensor may hold: 2^31 − 1. TensorFlow's kernels (behind tfjs-node) index
 * tensors with int32, and the wasm backend's 32-bit address space holds 4 GiB in all; V8's own
 * typed-array limit (2^32) is higher and so is never the one that binds.
 */
export const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;

/** Training memory above which a run needs an explicit budget: 4 GiB (the wasm backend's whole heap). */
export const DEFAULT_MEMORY_BUDGET_BYTES = 4 * 2 ** 30;

/** The sizes an estimate needs. */
export interface ModelSizes {
  /** Trainable plus non-trainable parameters. */
  readonly params: number;
  /** Sum of every layer's output elements for one sample. */
  readonly activationElementsPerSample: number;
}

/**
 * Estimated bytes to train: weights, their gradients and up to two optimizer slots per weight (Adam's
 * m and v), so 4 copies of the parameters; plus every activation kept for backpropagation and its
 * gradient, so 2 copies of the activations for each sample of a batch. An estimate of the working set,
 * not an exact figure (backends keep extra temporaries), so the budget has headroom.
 */
export function estimateTrainingBytes(sizes: ModelSizes, batchSize: number): number {
  return BYTES_PER_ELEMENT * (4 * sizes.params + 2 * batchSize * sizes.activationElementsPerSample);
}

/** The words of MFG4903 (the same from `mfgc train` and from a generated `train.ts`). */
export function budgetRefusal(model: string, bytes: number, batchSize: number, budgetBytes: number): { message: string; hint: string } {
  return {
    message: `training \`${model}\` needs about ${formatGiB(bytes)} at batch ${batchSize}, more than the ${formatGiB(budgetBytes)} memory budget`,
    hint: `raise the budget with \`--memory-budget ${Math.ceil(bytes / 2 ** 30)}\` (GiB) if the machine has the memory, or make the model or the batch smaller`,
  };
}

/** `3.2 GiB`: sizes for budget messages, whatever their magnitude. */
export function formatGiB(bytes: number): string {
  return `${(bytes / 2 ** 30).toPrecision(3)} GiB`;
}
