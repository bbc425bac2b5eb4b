import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { MfgBidirectional, MfgGRU } from "../../../src/runtime/layers/index.js";
import { expectGradientsForAll, fitLosses, maxAbsDiff, roundTrip } from "./helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/**
 * Keras's GRU equations, one step at a time in plain numbers (gate order z, r, h). Returns the state
 * after every step, in reading order (reversed input with `goBackwards`), as Keras does.
 */
function referenceGru(layer: MfgGRU, x: number[][][], mask?: number[][]): number[][][] {
  const [kernel, recurrent, bias] = layer.getWeights().map((w) => w.arraySync()) as [number[][], number[][], number[][] | number[]];
  const u = layer.units;
  const inputBias = layer.resetAfter ? (bias as number[][])[0]! : (bias as number[]);
  const recurrentBias = layer.resetAfter ? (bias as number[][])[1]! : new Array<number>(3 * u).fill(0);
  const dot = (v: number[], m: number[][], col: number): number => v.reduce((s, vi, i) => s + vi * m[i]![col]!, 0);
  return x.map((sequence, b) => {
    const order = sequence.map((_s, t) => t);
    if (layer.goBackwards) order.reverse();
    let h = new Array<number>(u).fill(0);
    const outputs: number[][] = [];
    for (const t of order) {
      const xt = sequence[t]!;
      const xz = (j: number) => dot(xt, kernel, j) + inputBias[j]!;
      const xr = (j: number) => dot(xt, kernel, u + j) + inputBias[u + j]!;
      const xh = (j: number) => dot(xt, kernel, 2 * u + j) + inputBias[2 * u + j]!;
      const z = h.map((_v, j) => sigmoid(xz(j) + dot(h, recurrent, j) + recurrentBias[j]!));
      const r = h.map((_v, j) => sigmoid(xr(j) + dot(h, recurrent, u + j) + recurrentBias[u + j]!));
      const candidate = layer.resetAfter
        ? h.map((_v, j) => Math.tanh(xh(j) + r[j]! * (dot(h, recurrent, 2 * u + j) + recurrentBias[2 * u + j]!)))
        : h.map((_v, j) => Math.tanh(xh(j) + dot(h.map((hv, i) => r[i]! * hv), recurrent, 2 * u + j)));
      const next = h.map((hv, j) => z[j]! * hv + (1 - z[j]!) * candidate[j]!);
      if (mask === undefined || mask[b]![t] === 1) h = next;
      outputs.push(h);
    }
    return outputs;
  });
}

function gruModel(layer: tf.layers.Layer, steps: number, features: number): tf.LayersModel {
  const input = tf.input({ shape: [steps, features] });
  return tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
}

/** Random, non-zero biases so the reference checks every bias term too. */
function randomizeBias(layer: MfgGRU): void {
  const weights = layer.getWeights();
  weights[2] = tf.randomUniform(weights[2]!.shape, -0.5, 0.5, "float32", 21);
  layer.setWeights(weights);
}

describe("MfgGRU", () => {
  it("has Keras's parameter counts: GRU(32) on 14 features is 4,608 (reset_after) or 4,512", () => {
    expect(gruModel(new MfgGRU({ units: 32, seed: 1 }), 10, 14).countParams()).toBe(4608);
    expect(gruModel(new MfgGRU({ units: 32, resetAfter: false, seed: 1 }), 10, 14).countParams()).toBe(4512);
    const layer = new MfgGRU({ units: 4, seed: 1 });
    gruModel(layer, 3, 5);
    expect(layer.getWeights().map((w) => w.shape)).toEqual([[5, 12], [4, 12], [2, 12]]);
    expect(layer.weights.map((w) => w.originalName.split("/").pop())).toEqual(["kernel", "recurrent_kernel", "bias"]);
  });

  for (const resetAfter of [true, false]) {
    for (const goBackwards of [false, true]) {
      it(`matches a step-by-step Keras GRU (resetAfter ${resetAfter}, goBackwards ${goBackwards})`, () => {
        const layer = new MfgGRU({ units: 4, resetAfter, goBackwards, returnSequences: true, seed: 2 });
        const model = gruModel(layer, 5, 3);
        randomizeBias(layer);
        const x = tf.randomNormal([2, 5, 3], 0, 1, "float32", 3);
        const expected = tf.tensor3d(referenceGru(layer, x.arraySync() as number[][][]));
        expect(maxAbsDiff(model.predict(x) as tf.Tensor, expected)).toBeLessThan(1e-5);
      });
    }
  }

  it("returns the last state without returnSequences", () => {
    const layer = new MfgGRU({ units: 3, seed: 4 });
    const model = gruModel(layer, 6, 2);
    randomizeBias(layer);
    const x = tf.randomNormal([3, 6, 2], 0, 1, "float32", 5);
    const sequences = referenceGru(layer, x.arraySync() as number[][][]);
    const expected = tf.tensor2d(sequences.map((s) => s[s.length - 1]!));
    expect(model.outputs[0]!.shape).toEqual([null, 3]);
    expect(maxAbsDiff(model.predict(x) as tf.Tensor, expected)).toBeLessThan(1e-5);
  });

  it("keeps the state through masked steps (Masking layer) and passes the mask on", () => {
    const input = tf.input({ shape: [5, 2] });
    const masked = tf.layers.masking({ maskValue: 0 }).apply(input) as tf.SymbolicTensor;
    const layer = new MfgGRU({ units: 3, returnSequences: true, seed: 6 });
    const model = tf.model({ inputs: input, outputs: layer.apply(masked) as tf.SymbolicTensor });
    randomizeBias(layer);
    const values = tf.randomNormal([2, 5, 2], 0, 1, "float32", 7).arraySync() as number[][][];
    values[0]![3] = [0, 0];
    values[1]![1] = [0, 0];
    values[1]![4] = [0, 0];
    const mask = values.map((s) => s.map((v) => (v[0] === 0 && v[1] === 0 ? 0 : 1)));
    const expected = tf.tensor3d(referenceGru(layer, values, mask));
    expect(maxAbsDiff(model.predict(tf.tensor3d(values)) as tf.Tensor, expected)).toBeLessThan(1e-5);
    const outMask = layer.computeMask(tf.tensor3d(values), tf.tensor2d(mask, undefined, "bool")) as tf.Tensor;
    expect(Array.from(outMask.dataSync())).toEqual(mask.flat());
  });

  it("has gradients for every weight and trains with dropout: the loss falls", async () => {
    const layer = new MfgGRU({ units: 8, dropout: 0.1, recurrentDropout: 0.1, seed: 8 });
    const input = tf.input({ shape: [6, 3] });
    const out = tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 9 }) }).apply(layer.apply(input)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const xs = tf.randomNormal([64, 6, 3], 0, 1, "float32", 10);
    const ys = tf.sum(xs, [1, 2]).reshape([64, 1]).div(6);
    expectGradientsForAll(model, xs);
    const { first, last } = await fitLosses(model, xs, ys, 15);
    expect(last).toBeLessThan(first * 0.8);
  });

  it("uses dropout only in training", () => {
    const layer = new MfgGRU({ units: 4, dropout: 0.5, recurrentDropout: 0.5, seed: 11 });
    const model = gruModel(layer, 4, 3);
    const x = tf.randomNormal([2, 4, 3], 0, 1, "float32", 12);
    expect(maxAbsDiff(model.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor)).toBe(0);
    const trainA = model.apply(x, { training: true }) as tf.Tensor;
    const trainB = model.apply(x, { training: true }) as tf.Tensor;
    expect(maxAbsDiff(trainA, trainB)).toBeGreaterThan(0);
  });

  it("saves and loads to identical outputs", async () => {
    const layer = new MfgGRU({ units: 5, resetAfter: false, returnSequences: true, goBackwards: true, activation: "relu6", seed: 13 });
    const model = gruModel(layer, 4, 3);
    const x = tf.randomNormal([2, 4, 3], 0, 1, "float32", 14);
    const loaded = await roundTrip(model);
    const reloaded = loaded.layers[1] as MfgGRU;
    expect(reloaded).toBeInstanceOf(MfgGRU);
    expect([reloaded.resetAfter, reloaded.goBackwards, reloaded.activation]).toEqual([false, true, "relu6"]);
    expect(maxAbsDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
  });

  it("does not leak tensors in training-mode calls with dropout and a mask", () => {
    const layer = new MfgGRU({ units: 3, dropout: 0.2, recurrentDropout: 0.2, returnSequences: true, seed: 20 });
    gruModel(layer, 4, 2);
    const x = tf.ones([2, 4, 2]);
    const mask = tf.tensor2d([[1, 1, 0, 0], [1, 1, 1, 0]], [2, 4], "bool");
    (layer.call(x, { training: true, mask }) as tf.Tensor).dispose();
    const before = tf.memory().numTensors;
    (layer.call(x, { training: true, mask }) as tf.Tensor).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("rejects an unknown activation when constructed", () => {
    expect(() => new MfgGRU({ units: 2, activation: "nope" })).toThrow(/unsupported activation/);
  });
});

describe("MfgBidirectional around MfgGRU", () => {
  for (const [mergeMode, merge] of [
    ["concat", (f: number, _b: number) => f],
    ["sum", (f: number, b: number) => f + b],
    ["mul", (f: number, b: number) => f * b],
    ["ave", (f: number, b: number) => (f + b) / 2],
  ] as const) {
    it(`merges forward and backward like Keras (${mergeMode})`, () => {
      const wrapper = new MfgBidirectional({ layer: new MfgGRU({ units: 3, returnSequences: true, seed: 15 }), mergeMode });
      const model = gruModel(wrapper, 4, 2);
      // 2 directions × 3·3·(2 + 3 + 2) parameters.
      expect(model.countParams()).toBe(2 * 63);
      const weights = wrapper.getWeights();
      expect(maxAbsDiff(weights[0]!, weights[3]!)).toBeGreaterThan(0); // directions start differently
      const x = tf.randomNormal([2, 4, 2], 0, 1, "float32", 16);
      const xs = x.arraySync() as number[][][];
      const forward = new MfgGRU({ units: 3, returnSequences: true });
      const backward = new MfgGRU({ units: 3, returnSequences: true, goBackwards: true });
      gruModel(forward, 4, 2);
      gruModel(backward, 4, 2);
      forward.setWeights(weights.slice(0, 3));
      backward.setWeights(weights.slice(3));
      const f = referenceGru(forward, xs);
      // Keras reverses the backward sequence back to time order before merging.
      const b = referenceGru(backward, xs).map((s) => [...s].reverse());
      const expected = f.map((s, i) => s.map((step, t) =>
        mergeMode === "concat" ? [...step, ...b[i]![t]!] : step.map((v, j) => merge(v, b[i]![t]![j]!))));
      expect(maxAbsDiff(model.predict(x) as tf.Tensor, tf.tensor3d(expected))).toBeLessThan(1e-5);
    });
  }

  it("trains both directions and saves/loads to identical outputs", async () => {
    const input = tf.input({ shape: [5, 3] });
    const bi = new MfgBidirectional({ layer: new MfgGRU({ units: 4, seed: 17 }) });
    const out = tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 18 }) }).apply(bi.apply(input)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    expect(out.shape).toEqual([null, 1]);
    const xs = tf.randomNormal([64, 5, 3], 0, 1, "float32", 19);
    const ys = tf.sum(xs, [1, 2]).reshape([64, 1]).div(5);
    expectGradientsForAll(model, xs);
    const { first, last } = await fitLosses(model, xs, ys, 10);
    expect(last).toBeLessThan(first);
    const loaded = await roundTrip(model);
    expect(loaded.layers[1]).toBeInstanceOf(MfgBidirectional);
    expect(maxAbsDiff(model.predict(xs) as tf.Tensor, loaded.predict(xs) as tf.Tensor)).toBe(0);
  });
});
