/**
 * The part of a data-parallel step every replica runs the same way, the coordinating thread (replica 0)
 * and each worker alike: the model's weights as one flat list in checkpoint order, and the loss and
 * gradients of one shard under that replica's seeded randomness.
 */
import type * as tf from "@tensorflow/tfjs";
import type { TrainConfig } from "../../config.js";
import type { ModelSignature, TensorBatch } from "../../data/types.js";
import { Prng, withSeededMathRandomSync } from "../../prng.js";
import { batchGradients, type ShardGradients } from "../step.js";
import { withAllTrainable } from "../weight-order.js";

/** A model's weights in checkpoint order, with where each sits in the flat shared-memory layout. */
export interface FlatWeights {
  readonly variables: readonly tf.Variable[];
  /** Element offset of each weight in the flat layout. */
  readonly offsets: readonly number[];
  /** Total elements (the flat layout's length). */
  readonly size: number;
  /**
   * Indices of the weights that are not trainable with every layer trainable: state a forward pass in
   * training mode may update (BatchNormalization's moving mean and variance), averaged across replicas.
   */
  readonly state: readonly number[];
}

export function flatWeights(model: tf.LayersModel): FlatWeights {
  return withAllTrainable(model, () => {
    const all = model.weights;
    const nonTrainable = new Set(model.nonTrainableWeights);
    const offsets: number[] = [];
    let size = 0;
    for (const w of all) {
      offsets.push(size);
      size += w.read().size;
    }
    const state = all.flatMap((w, i) => (nonTrainable.has(w) ? [i] : []));
    return { variables: all.map((w) => w.read() as tf.Variable), offsets, size, state };
  });
}

/**
 * Loss and gradients of replica `replica`'s shard. Dropout and other unseeded tfjs randomness draw from
 * a generator seeded by (`seed`, `replica`), so a step is the same whenever it is repeated (same seed,
 * same worker count), also after a resume, whatever thread runs it.
 */
export function shardGradients(
  model: tf.LayersModel,
  variables: readonly tf.Variable[],
  sig: ModelSignature,
  config: TrainConfig,
  shard: TensorBatch,
  seed: number,
  replica: number,
): ShardGradients {
  return withSeededMathRandomSync(new Prng(`replica:${seed}:${replica}`), () => batchGradients(model, variables, sig, config, shard));
}
