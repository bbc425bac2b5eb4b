/**
 * Trained weights as plain arrays, keyed the way the IR sees them: node id → one entry per tfjs layer the
 * node lowers to (usually one) → weight name within the layer (`kernel`, `bias`, `gamma`, …). The weight
 * plan rewrites this store; reading and writing go through the lowered graphs, so a node's layers are
 * found by the names the lowering gave them.
 */
import * as tf from "@tensorflow/tfjs";
import type { LoweredGraph } from "../codegen/lower/types.js";
import { weightKeys } from "../runtime/io/weight-names.js";

/**
 * One weight's values and shape. Almost every weight is float32; a few are int32 (the `count` of
 * `MfgNormalization`, as Keras's Normalization keeps it), and must be written back as int32 or tfjs's
 * `setWeights` refuses them.
 */
export interface WeightArray {
  readonly shape: readonly number[];
  readonly values: Float32Array | Int32Array;
  /** Absent: float32. */
  readonly dtype?: "int32";
}

/** Weight name within its layer → values; insertion order is the layer's weight order. */
export type LayerWeights = Map<string, WeightArray>;

/** Node id → per lowered layer of the node, its weights. */
export type WeightStore = Map<string, LayerWeights[]>;

/** Why a model's weights don't fit a lowered graph (missing layer, shape mismatch); for diagnostics. */
export interface WeightMismatch {
  readonly node: string;
  readonly layer: string;
  readonly message: string;
}

export { weightKeys } from "../runtime/io/weight-names.js";

function layerNamesOf(lowered: LoweredGraph, nodeId: string): string[] {
  const node = lowered.nodes.find((n) => n.id === nodeId);
  if (node === undefined) throw new Error(`internal: no lowered node \`${nodeId}\``);
  return node.layers.map((l) => String(l.config["name"]));
}

function findLayer(model: tf.LayersModel, name: string): tf.layers.Layer | undefined {
  return model.layers.find((l) => l.name === name);
}

/**
 * Reads the weights of every node of `lowered` from `model`, layers matched by name. `reference` is the
 * model the spec builds (`instantiate(lowered)`): it says which layers hold which weights with which
 * shapes. Problems (a layer or weight the model lacks, another shape) are returned, not thrown: they mean
 * the weights were trained for another spec.
 */
export function readWeightStore(model: tf.LayersModel, lowered: LoweredGraph, reference: tf.LayersModel = model): { store: WeightStore; mismatches: WeightMismatch[] } {
  const store: WeightStore = new Map();
  const mismatches: WeightMismatch[] = [];
  for (const node of lowered.nodes) {
    const perLayer: LayerWeights[] = [];
    store.set(node.id, perLayer);
    for (const name of layerNamesOf(lowered, node.id)) {
      const weights: LayerWeights = new Map();
      perLayer.push(weights);
      const wanted = findLayer(reference, name);
      // A node that reaches no output is not part of the model (tf.model drops it): nothing to read.
      if (wanted === undefined || wanted.weights.length === 0) continue;
      const layer = findLayer(model, name);
      const miss = (message: string) => mismatches.push({ node: node.id, layer: name, message });
      if (layer === undefined) {
        miss(`the trained model has no layer \`${name}\``);
        continue;
      }
      const keys = weightKeys(layer);
      const values = layer.getWeights();
      for (const [i, key] of weightKeys(wanted).entries()) {
        const at = keys.indexOf(key);
        const shape = wanted.weights[i]!.shape;
        if (at < 0) {
          miss(`layer \`${name}\` of the trained model has no weight \`${key}\``);
          continue;
        }
        const got = values[at]!;
        if (!sameDims(got.shape, shape)) {
          miss(`weight \`${name}/${key}\` has shape [${got.shape.join(", ")}]; the spec builds [${shape.join(", ")}]`);
          continue;
        }
        const data = got.dataSync();
        weights.set(key, got.dtype === "int32" ? { shape: [...got.shape], values: Int32Array.from(data), dtype: "int32" } : { shape: [...got.shape], values: Float32Array.from(data) });
      }
      if (keys.length > wanted.weights.length) {
        miss(`layer \`${name}\` of the trained model has ${keys.length} weights; the spec builds ${wanted.weights.length}`);
      }
    }
  }
  return { store, mismatches };
}

function sameDims(a: readonly number[], b: readonly (number | null)[]): boolean {
  return a.length === b.length && a.every((d, k) => d === b[k]);
}

/**
 * Sets every weight of `model` (built from `lowered`) from the store. Any weight the store lacks or has
 * with another shape is a bug in mfgc (the plan and the inference graph disagree): it throws.
 */
export function writeWeightStore(model: tf.LayersModel, lowered: LoweredGraph, store: WeightStore): void {
  for (const node of lowered.nodes) {
    const names = layerNamesOf(lowered, node.id);
    const perLayer = store.get(node.id);
    for (const [j, name] of names.entries()) {
      const layer = findLayer(model, name);
      if (layer === undefined) throw new Error(`internal: model has no layer \`${name}\``);
      if (layer.weights.length === 0) continue;
      const weights = perLayer?.[j];
      if (weights === undefined) throw new Error(`internal: no weights for layer \`${name}\` of node \`${node.id}\``);
      const tensors = weightKeys(layer).map((key, i) => {
        const w = weights.get(key);
        const shape = layer.weights[i]!.shape;
        if (w === undefined) throw new Error(`internal: no weight \`${key}\` for layer \`${name}\``);
        if (!sameDims(w.shape, shape)) {
          throw new Error(`internal: weight \`${name}/${key}\` is [${w.shape.join(", ")}], layer wants [${shape.join(", ")}]`);
        }
        return w.dtype === "int32" ? tf.tensor(Int32Array.from(w.values), [...w.shape], "int32") : tf.tensor(Float32Array.from(w.values), [...w.shape], "float32");
      });
      layer.setWeights(tensors);
      tensors.forEach((t) => t.dispose());
    }
  }
}
