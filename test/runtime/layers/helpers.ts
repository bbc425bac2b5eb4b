/** Shared helpers for the custom-layer tests: save/load through memory, training, comparisons. */
import * as tf from "@tensorflow/tfjs";
import { expect } from "vitest";

/** Saves `model` to memory and loads it back (weights and topology, custom classes by name). */
export async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  return tf.loadLayersModel(tf.io.fromMemory(artifacts!));
}

/** Largest absolute element-wise difference between two tensors of one shape. */
export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

/** Fits `model` for a few epochs on (xs, ys) with MSE and returns the first and last losses. */
export async function fitLosses(model: tf.LayersModel, xs: tf.Tensor | tf.Tensor[], ys: tf.Tensor, epochs = 8): Promise<{ first: number; last: number }> {
  model.compile({ optimizer: tf.train.adam(0.01), loss: "meanSquaredError" });
  const history = await model.fit(xs, ys, { epochs, batchSize: 64, shuffle: false, verbose: 0 });
  const losses = history.history["loss"] as number[];
  return { first: losses[0]!, last: losses[losses.length - 1]! };
}

/** Every trainable weight gets a non-zero gradient from the sum of the model's output. */
export function expectGradientsForAll(model: tf.LayersModel, x: tf.Tensor | tf.Tensor[]): void {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  expect(variables.length).toBeGreaterThan(0);
  const { grads } = tf.variableGrads(() => tf.sum(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, variables);
  for (const v of variables) {
    const g = grads[v.name];
    expect(g, `gradient for ${v.name}`).toBeDefined();
    const norm = tf.tidy(() => tf.sum(tf.abs(g!)).dataSync()[0]!);
    expect(norm, `gradient norm of ${v.name}`).toBeGreaterThan(0);
  }
  tf.dispose(Object.values(grads));
}
