/** Running two models on the same random inputs and measuring how far their outputs are apart. */
import * as tf from "@tensorflow/tfjs";

/** Size used for a run-time (`?`) dimension in check inputs. */
export const DYNAMIC_DIM = 6;

/**
 * A deterministic random batch for each model input: floats in [-1, 1) (or [lo, hi)) for float inputs,
 * ints in [0, intMax) for int inputs (token ids; must stay below the smallest embedding's input_dim).
 */
export function randomInputs(model: tf.LayersModel, opts: { batch?: number; seed?: number; intMax?: number; range?: readonly [number, number] } = {}): tf.Tensor[] {
  const { batch = 4, seed = 1, intMax = 2, range = [-1, 1] } = opts;
  return model.inputs.map((input, k) => {
    const shape = [batch, ...input.shape.slice(1).map((d) => d ?? DYNAMIC_DIM)];
    if (input.dtype === "int32") return tf.randomUniform(shape, 0, intMax, "int32", seed + k);
    return tf.randomUniform(shape, range[0], range[1], "float32", seed + k);
  });
}

/** Predictions as a list (one per output), whatever `predict` returned. */
export function predictAll(model: tf.LayersModel, xs: readonly tf.Tensor[]): tf.Tensor[] {
  const y = model.predict(xs.length === 1 ? xs[0]! : [...xs]);
  return Array.isArray(y) ? y : [y as tf.Tensor];
}

/**
 * Largest |a − b| over all outputs (outputs paired by position); Infinity if the shapes differ. Reads
 * asynchronously, so it works on backends without synchronous reads (webgpu).
 */
export async function maxAbsDiff(a: readonly tf.Tensor[], b: readonly tf.Tensor[]): Promise<number> {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (const [i, x] of a.entries()) {
    const y = b[i]!;
    if (x.shape.join() !== y.shape.join()) return Infinity;
    const [xs, ys] = await Promise.all([x.data(), y.data()]);
    for (let k = 0; k < xs.length; k++) {
      const d = Math.abs(xs[k]! - ys[k]!);
      // NaN compares false: treat it as the worst disagreement.
      if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
    }
  }
  return worst;
}

/** Runs both models on the same inputs; returns the largest output difference. */
export async function compareModels(a: tf.LayersModel, b: tf.LayersModel, inputs: readonly tf.Tensor[]): Promise<number> {
  const ya = predictAll(a, inputs);
  const yb = predictAll(b, inputs);
  const diff = await maxAbsDiff(ya, yb);
  tf.dispose([...ya, ...yb]);
  return diff;
}
