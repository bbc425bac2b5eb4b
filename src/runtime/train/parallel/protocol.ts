/**
 * What the coordinating thread and its replica workers share for data-parallel training: the
 * SharedArrayBuffers each step goes through (no tensor data crosses `postMessage`), the slots of the
 * control word array, and how a global batch is split into shards. Both sides build their typed-array
 * views from the same {@link ReplicaBuffers}, so the layout lives here once.
 */
import type { TrainConfig } from "../../config.js";
import type { ModelSignature } from "../../data/types.js";

/** Slots of a replica's control array (`Int32Array` over {@link ReplicaBuffers.control}). */
export const Slot = {
  /** Bumped by the coordinator to start a step (the worker waits on it). */
  Request: 0,
  /** Set by the worker to the request number it finished (the coordinator waits on it). */
  Done: 1,
  /** Samples in this replica's shard for the requested step. */
  ShardSize: 2,
  /** Seed of this step's randomness (dropout masks), drawn by the coordinator from its checkpointed generator. */
  Seed: 3,
} as const;

export const CONTROL_SLOTS = 4;

/** One input, target or per-sample-weight array of a shard: `sampleShape` per sample, at most `maxShard` samples. */
export interface ShardArray {
  /** Model input or output name (empty for the sample weights). */
  readonly name: string;
  readonly dtype: "float32" | "int32";
  readonly sampleShape: readonly number[];
  readonly buffer: SharedArrayBuffer;
}

/**
 * One worker's shared memory. Weights (in checkpoint order, flattened and concatenated) are one buffer
 * for all workers; everything else is the worker's own.
 */
export interface ReplicaBuffers {
  readonly control: SharedArrayBuffer;
  /** Float32, every weight of the coordinator's model before the step (workers copy them in). */
  readonly weights: SharedArrayBuffer;
  /** Int32 per weight: 1 when it is differentiated this step (the optimizer's variables of the epoch). */
  readonly mask: SharedArrayBuffer;
  readonly inputs: readonly ShardArray[];
  readonly targets: readonly ShardArray[];
  /** Per-sample loss weights, when the data has them. */
  readonly sampleWeights: ShardArray | null;
  /**
   * Float32 laid out like `weights`: the worker writes the gradient of each differentiated weight and
   * the value after its forward pass of each state weight (BatchNormalization's moving statistics).
   */
  readonly result: SharedArrayBuffer;
  /** Float64: the shard's total loss, then each output's loss. */
  readonly losses: SharedArrayBuffer;
  /** Float32 per output: the shard's predictions, `[shard, …sampleShape]`. */
  readonly predictions: readonly ShardArray[];
}

/** What a replica worker starts with (its `workerData`). */
export interface ReplicaInit {
  /** 1 … N−1; the coordinating thread is replica 0. */
  readonly replica: number;
  readonly replicas: number;
  /** URL of the generated training module; it exports `buildModel`. */
  readonly trainModule: string;
  /** The tfjs backend the coordinator trains on (`wasm` or `cpu`). */
  readonly backend: string;
  readonly config: TrainConfig;
  /**
   * The coordinator's signature of the model. Workers use it rather than reading their own model's:
   * tfjs names unnamed tensors uniquely per thread (`image`, then `image_1` for a second model built in
   * the same thread), and the batch is keyed by the coordinator's names. Inputs and outputs match by position.
   */
  readonly sig: ModelSignature;
  readonly buffers: ReplicaBuffers;
}

/** Messages a worker posts: only at start-up (no tensor data). */
export type ReplicaMessage = { readonly kind: "ready" };

/**
 * Sizes of `replicas` contiguous shards of a batch of `batch` samples: the first `batch mod replicas`
 * shards get one sample more, so sizes differ by at most one (a shard is empty when `batch < replicas`).
 */
export function shardSizes(batch: number, replicas: number): number[] {
  const base = Math.floor(batch / replicas);
  const extra = batch % replicas;
  return Array.from({ length: replicas }, (_, k) => base + (k < extra ? 1 : 0));
}

/** Elements per sample of a shape. */
export function sampleSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A typed view over a shard array's buffer. */
export function shardView(a: ShardArray): Float32Array | Int32Array {
  return a.dtype === "int32" ? new Int32Array(a.buffer) : new Float32Array(a.buffer);
}

/** A shard array for up to `maxShard` samples of `sampleShape`. */
export function createShardArray(name: string, dtype: "float32" | "int32", sampleShape: readonly number[], maxShard: number): ShardArray {
  return { name, dtype, sampleShape, buffer: new SharedArrayBuffer(4 * Math.max(1, maxShard * sampleSize(sampleShape))) };
}
