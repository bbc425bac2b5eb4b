/**
 * The custom layers on the wasm backend (what generated code may run on): a forward pass agrees with
 * cpu, and one training step runs and changes the weights (every gradient kernel they need exists).
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { MfgBidirectional, MfgGRU, MfgMultiHeadAttention, MfgNormalization, MfgPositionalEncoding } from "../../../src/runtime/layers/index.js";

interface Case {
  name: string;
  /** Builds a fresh model (same seeds every time, so cpu and wasm models start equal). */
  build(): tf.LayersModel;
  input: number[];
}

function chain(input: number[], ...layers: tf.layers.Layer[]): tf.LayersModel {
  const x = tf.input({ shape: input });
  let y: tf.SymbolicTensor = x;
  for (const layer of layers) y = layer.apply(y) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: y });
}

const CASES: Case[] = [
  { name: "MfgMultiHeadAttention (causal)", input: [5, 8], build: () => chain([5, 8], new MfgMultiHeadAttention({ numHeads: 2, keyDim: 4, useCausalMask: true, dropout: 0.1, seed: 1 })) },
  { name: "MfgGRU (reset_after)", input: [5, 3], build: () => chain([5, 3], new MfgGRU({ units: 4, returnSequences: true, seed: 2 })) },
  { name: "MfgGRU (reset_after=false)", input: [5, 3], build: () => chain([5, 3], new MfgGRU({ units: 4, resetAfter: false, seed: 3 })) },
  { name: "MfgBidirectional(MfgGRU)", input: [5, 3], build: () => chain([5, 3], new MfgBidirectional({ layer: new MfgGRU({ units: 4, seed: 4 }), mergeMode: "ave" })) },
  {
    name: "MfgPositionalEncoding (learned) + attention",
    input: [5, 8],
    build: () => chain([5, 8], new MfgPositionalEncoding({ mode: "learned", maxLength: 8, seed: 5 }), new MfgMultiHeadAttention({ numHeads: 2, keyDim: 4, seed: 6 })),
  },
  {
    name: "MfgNormalization + MfgPositionalEncoding (sinusoidal) + MfgGRU",
    input: [5, 3],
    build: () => chain([5, 3], new MfgNormalization({ mean: [0, 1, 2], variance: [1, 4, 9] }), new MfgPositionalEncoding({ mode: "sinusoidal", maxLength: 8 }), new MfgGRU({ units: 4, seed: 7 })),
  },
];

/** Forward output and the weights after one SGD step, on the current backend. */
function forwardAndStep(c: Case): { output: Float32Array; weightsBefore: Float32Array[]; weightsAfter: Float32Array[] } {
  const model = c.build();
  const x = tf.randomNormal([3, ...c.input], 0, 1, "float32", 42);
  const output = (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
  const weightsBefore = model.trainableWeights.map((w) => w.read().dataSync() as Float32Array);
  const optimizer = tf.train.sgd(0.1);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const loss = optimizer.minimize(() => tf.mean(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, true, variables);
  loss?.dispose();
  const weightsAfter = model.trainableWeights.map((w) => w.read().dataSync() as Float32Array);
  return { output, weightsBefore, weightsAfter };
}

describe("custom layers on the wasm backend", () => {
  beforeAll(async () => {
    await tf.setBackend("wasm");
    await tf.ready();
  });

  for (const c of CASES) {
    it(`${c.name}: forward equals cpu, a training step updates every weight`, async () => {
      await tf.setBackend("cpu");
      const cpu = forwardAndStep(c);
      await tf.setBackend("wasm");
      expect(tf.getBackend()).toBe("wasm");
      const wasm = forwardAndStep(c);
      expect(wasm.output.length).toBe(cpu.output.length);
      const forwardDiff = Math.max(...wasm.output.map((v, i) => Math.abs(v - cpu.output[i]!)));
      expect(forwardDiff).toBeLessThan(1e-4);
      wasm.weightsAfter.forEach((after, i) => {
        const moved = after.some((v, j) => v !== wasm.weightsBefore[i]![j]);
        expect(moved, `weight ${i} moved`).toBe(true);
      });
    });
  }
});
