/**
 * Keras's `adapt` for the preprocessing layers of a built model, run once before training: each
 * `MfgNormalization` gets the mean and (population) variance of what it sees over the training split,
 * per feature along its axis. A normalization that reads a model input sees the data itself; one deeper
 * in the graph sees the output of the layers before it (computed with a sub-model, in layer order, so a
 * second normalization sees the first one's adapted output). Statistics are summed in float64 on the
 * JS side from async reads (no synchronous tensor reads, so GPU backends work too).
 */
import * as tf from "@tensorflow/tfjs";
import type { Dataset, ModelSignature } from "../data/types.js";
import { MfgNormalization } from "../layers/normalization.js";
import { disposeBatch, epochBatches } from "./batches.js";

const ADAPT_BATCH = 256;

/** Per-feature running sums of x and x² over `count` rows. */
interface Moments {
  readonly sum: Float64Array;
  readonly squares: Float64Array;
  count: number;
}

/** Adds every row of `values` (flattened, feature axis `axis` of a tensor of `shape`) to the sums. */
function accumulate(m: Moments, values: ArrayLike<number>, shape: readonly number[], axis: number): void {
  const features = shape[axis]!;
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  for (let k = 0; k < values.length; k++) {
    const f = Math.floor(k / inner) % features;
    const v = values[k]!;
    m.sum[f] = m.sum[f]! + v;
    m.squares[f] = m.squares[f]! + v * v;
  }
  m.count += values.length / features;
}

function modelInputs(sig: ModelSignature, xs: Record<string, tf.Tensor>): tf.Tensor | tf.Tensor[] {
  const list = sig.inputs.map((i) => xs[i.name]!);
  return list.length === 1 ? list[0]! : list;
}

/**
 * Adapts every `MfgNormalization` of `model` to the training split `train`. Returns the names of the
 * layers it adapted (for the run log).
 */
export async function adaptPreprocessing(model: tf.LayersModel, sig: ModelSignature, train: Dataset): Promise<string[]> {
  const adapted: string[] = [];
  for (const layer of model.layers) {
    if (!(layer instanceof MfgNormalization)) continue;
    const input = layer.input as tf.SymbolicTensor;
    const probe = tf.model({ inputs: model.inputs, outputs: input });
    const rank = input.shape.length;
    const axis = layer.axis < 0 ? layer.axis + rank : layer.axis;
    const features = input.shape[axis];
    if (features == null) throw new Error(`internal: normalization \`${layer.name}\` has an unknown feature size`);
    const m: Moments = { sum: new Float64Array(features), squares: new Float64Array(features), count: 0 };
    for await (const batch of epochBatches(train, ADAPT_BATCH, null, 0, false)) {
      const seen = probe.predict(modelInputs(sig, batch.xs)) as tf.Tensor;
      accumulate(m, await seen.data(), seen.shape, axis);
      seen.dispose();
      disposeBatch(batch);
    }
    const mean = Array.from(m.sum, (s) => s / Math.max(m.count, 1));
    const variance = Array.from(m.squares, (q, f) => Math.max(q / Math.max(m.count, 1) - mean[f]! * mean[f]!, 0));
    layer.setStatistics(mean, variance, m.count);
    adapted.push(layer.name);
  }
  return adapted;
}
