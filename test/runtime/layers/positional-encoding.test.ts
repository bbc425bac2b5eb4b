import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { MfgPositionalEncoding } from "../../../src/runtime/layers/index.js";
import { expectGradientsForAll, fitLosses, maxAbsDiff, roundTrip } from "./helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Vaswani et al.: PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(p / 10000^(2i/d)). */
function vaswani(seqLen: number, d: number): number[][] {
  return Array.from({ length: seqLen }, (_r, p) =>
    Array.from({ length: d }, (_c, k) => {
      const i = Math.floor(k / 2);
      const angle = p / Math.pow(10000, (2 * i) / d);
      return k % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }),
  );
}

function model(layer: MfgPositionalEncoding, steps: number | null, d: number): tf.LayersModel {
  const input = tf.input({ shape: [steps, d] });
  return tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
}

describe("MfgPositionalEncoding", () => {
  it("sinusoidal: adds the Vaswani table, has no weights, accepts any shorter length", () => {
    const layer = new MfgPositionalEncoding({ mode: "sinusoidal", maxLength: 50 });
    const m = model(layer, null, 7);
    expect(m.countParams()).toBe(0);
    for (const steps of [12, 50]) {
      const x = tf.randomNormal([2, steps, 7], 0, 1, "float32", steps);
      const expected = tf.add(x, tf.tensor2d(vaswani(steps, 7)));
      expect(maxAbsDiff(m.predict(x) as tf.Tensor, expected)).toBeLessThan(1e-5);
    }
    expect(() => m.predict(tf.zeros([1, 51, 7]))).toThrow(/exceeds maxLength 50/);
  });

  it("sinusoidal without maxLength accepts any length", () => {
    const m = model(new MfgPositionalEncoding({ mode: "sinusoidal" }), null, 4);
    const y = m.predict(tf.zeros([1, 300, 4])) as tf.Tensor;
    expect(maxAbsDiff(y, tf.tensor3d([vaswani(300, 4)]))).toBeLessThan(1e-5);
  });

  it("learned: a [maxLength, d] table (Keras count), of which the first steps are added", () => {
    const layer = new MfgPositionalEncoding({ mode: "learned", maxLength: 20, seed: 3 });
    const m = model(layer, null, 6);
    expect(m.countParams()).toBe(120);
    expect(layer.getWeights()[0]!.shape).toEqual([20, 6]);
    const x = tf.randomNormal([2, 9, 6], 0, 1, "float32", 4);
    const table = tf.slice(layer.getWeights()[0]!, [0, 0], [9, 6]);
    expect(maxAbsDiff(m.predict(x) as tf.Tensor, tf.add(x, table))).toBeLessThan(1e-6);
    expect(() => new MfgPositionalEncoding({ mode: "learned" })).toThrow(/needs maxLength/);
  });

  it("learned: has a gradient, trains, and leaves rows beyond the sequence untouched", async () => {
    const layer = new MfgPositionalEncoding({ mode: "learned", maxLength: 8, seed: 5 });
    const m = model(layer, 4, 3);
    const before = layer.getWeights()[0]!.clone();
    const xs = tf.randomNormal([32, 4, 3], 0, 1, "float32", 6);
    const ys = tf.add(xs, 1);
    expectGradientsForAll(m, xs);
    const { first, last } = await fitLosses(m, xs, ys, 10);
    expect(last).toBeLessThan(first);
    const after = layer.getWeights()[0]!;
    expect(maxAbsDiff(tf.slice(before, [4, 0], [4, 3]), tf.slice(after, [4, 0], [4, 3]))).toBe(0);
    expect(maxAbsDiff(tf.slice(before, [0, 0], [4, 3]), tf.slice(after, [0, 0], [4, 3]))).toBeGreaterThan(0);
  });

  it("passes a padding mask through", () => {
    const layer = new MfgPositionalEncoding({ mode: "sinusoidal", maxLength: 5 });
    const mask = tf.tensor2d([[1, 1, 0]], [1, 3], "bool");
    expect(Array.from((layer.computeMask(tf.zeros([1, 3, 2]), mask) as tf.Tensor).dataSync())).toEqual([1, 1, 0]);
  });

  for (const mode of ["sinusoidal", "learned"] as const) {
    it(`saves and loads to identical outputs (${mode})`, async () => {
      const m = model(new MfgPositionalEncoding({ mode, maxLength: 10, seed: 7 }), 6, 4);
      const x = tf.randomNormal([2, 6, 4], 0, 1, "float32", 8);
      const loaded = await roundTrip(m);
      expect(loaded.layers[1]).toBeInstanceOf(MfgPositionalEncoding);
      expect(maxAbsDiff(m.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
    });
  }
});
