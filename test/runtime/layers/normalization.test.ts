import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { MfgNormalization } from "../../../src/runtime/layers/index.js";
import { maxAbsDiff, roundTrip } from "./helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function model(layer: MfgNormalization, shape: number[]): tf.LayersModel {
  const input = tf.input({ shape });
  return tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
}

describe("MfgNormalization", () => {
  it("has Keras's non-trainable mean, variance and count: 2·C + 1 parameters", () => {
    const layer = new MfgNormalization();
    const m = model(layer, [5]);
    expect(m.countParams()).toBe(11);
    expect(layer.trainableWeights).toHaveLength(0);
    expect(layer.nonTrainableWeights.map((w) => [w.originalName.split("/").pop(), w.shape])).toEqual([
      ["mean", [5]],
      ["variance", [5]],
      ["count", []],
    ]);
  });

  it("adapts to data and standardizes each feature: (x − mean) / √variance", () => {
    const data = [[1, 10, -3], [3, 20, -3], [5, 60, -3], [7, 30, -3]];
    const layer = new MfgNormalization();
    const m = model(layer, [3]);
    layer.adapt(tf.tensor2d(data));
    const columns = [0, 1, 2].map((j) => data.map((row) => row[j]!));
    const mean = columns.map((c) => c.reduce((a, b) => a + b, 0) / c.length);
    const variance = columns.map((c, j) => c.reduce((a, b) => a + (b - mean[j]!) ** 2, 0) / c.length);
    const [m0, v0, count] = layer.getWeights();
    expect(maxAbsDiff(m0!, tf.tensor1d(mean))).toBeLessThan(1e-5);
    expect(maxAbsDiff(v0!, tf.tensor1d(variance))).toBeLessThan(1e-3);
    expect(count!.dataSync()[0]).toBe(4);
    // A constant feature has variance 0: Keras divides by max(√var, 1e-7), giving 0 here, not NaN.
    const expected = data.map((row) => row.map((v, j) => (v - mean[j]!) / Math.max(Math.sqrt(variance[j]!), 1e-7)));
    expect(maxAbsDiff(m.predict(tf.tensor2d(data)) as tf.Tensor, tf.tensor2d(expected))).toBeLessThan(1e-5);
  });

  it("normalizes along a chosen axis of a sequence, and casts integer input", () => {
    const layer = new MfgNormalization({ axis: -1 });
    const m = model(layer, [4, 2]);
    const x = tf.randomNormal([8, 4, 2], 3, 2, "float32", 1);
    layer.adapt(x);
    const { mean, variance } = tf.moments(x, [0, 1]);
    const expected = tf.div(tf.sub(x, mean), tf.sqrt(variance));
    expect(maxAbsDiff(m.predict(x) as tf.Tensor, expected)).toBeLessThan(1e-5);
    expect(layer.getWeights()[2]!.dataSync()[0]).toBe(32);
    const ints = tf.tensor3d([[[1, 2], [3, 4], [5, 6], [7, 8]]], undefined, "int32");
    expect((m.predict(ints) as tf.Tensor).dtype).toBe("float32");
  });

  it("takes fixed mean and variance, and inverts", () => {
    const forward = model(new MfgNormalization({ mean: [1, 2], variance: [4, 9] }), [2]);
    const inverse = model(new MfgNormalization({ mean: [1, 2], variance: [4, 9], invert: true }), [2]);
    const x = tf.tensor2d([[3, 8], [-1, 2]]);
    const y = forward.predict(x) as tf.Tensor;
    expect(Array.from(y.dataSync())).toEqual([1, 2, -1, 0]);
    expect(maxAbsDiff(inverse.predict(y) as tf.Tensor, x)).toBeLessThan(1e-6);
  });

  it("is not changed by training, and keeps adapted statistics through save/load", async () => {
    const layer = new MfgNormalization();
    const input = tf.input({ shape: [3] });
    const out = tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(layer.apply(input)) as tf.SymbolicTensor;
    const m = tf.model({ inputs: input, outputs: out });
    const xs = tf.randomNormal([32, 3], 5, 3, "float32", 3);
    layer.adapt(xs);
    const stats = layer.getWeights().map((w) => w.clone());
    m.compile({ optimizer: tf.train.adam(0.01), loss: "meanSquaredError" });
    await m.fit(xs, tf.sum(xs, 1, true), { epochs: 2, verbose: 0 });
    layer.getWeights().forEach((w, i) => expect(maxAbsDiff(w, stats[i]!)).toBe(0));
    const loaded = await roundTrip(m);
    expect(loaded.layers[1]).toBeInstanceOf(MfgNormalization);
    expect(maxAbsDiff(m.predict(xs) as tf.Tensor, loaded.predict(xs) as tf.Tensor)).toBe(0);
    expect(loaded.layers[1]!.getWeights()[2]!.dataSync()[0]).toBe(32);
  });
});
