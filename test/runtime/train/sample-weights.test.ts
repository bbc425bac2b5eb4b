/**
 * Keras's `class_weight` and `sample_weight`: each sample's loss is multiplied by its weight and the
 * batch reduces as Keras's `sum_over_batch_size` (mean over samples of w·loss, the weights not
 * normalized). Expected losses are computed here from the cross-entropy formula −log p[label].
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { compileText } from "../../../src/pipeline.js";
import { DataError } from "../../../src/runtime/data/data-error.js";
import { loadData } from "../../../src/runtime/data/load.js";
import type { InMemoryDataset, ModelSignature } from "../../../src/runtime/data/types.js";
import { computeLoss } from "../../../src/runtime/train/losses.js";
import { sampleWeights } from "../../../src/runtime/train/sample-weights.js";
import { trainStep } from "../../../src/runtime/train/step.js";
import { baseConfig, blobs, tempDir } from "../helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const probs = [
  [0.7, 0.2, 0.1],
  [0.1, 0.6, 0.3],
  [0.25, 0.25, 0.5],
];
const labels = [0, 2, 2];
const ce = labels.map((c, i) => -Math.log(probs[i]![c]!));

describe("weighted losses", () => {
  it("computeLoss with sample weights is mean(w · loss), as Keras's sum_over_batch_size", () => {
    const w = [2, 0.5, 0];
    const got = computeLoss("categorical_crossentropy", tf.oneHot(labels, 3), tf.tensor2d(probs), null, tf.tensor1d(w)).dataSync()[0]!;
    expect(got).toBeCloseTo(ce.reduce((s, l, i) => s + l * w[i]!, 0) / 3, 6);
    const plain = computeLoss("categorical_crossentropy", tf.oneHot(labels, 3), tf.tensor2d(probs)).dataSync()[0]!;
    expect(plain).toBeCloseTo(ce.reduce((s, l) => s + l, 0) / 3, 6);
  });

  it("class weights pick each sample's label weight (one-hot, sparse and binary targets), times the data's weights", () => {
    const cw = [1, 4, 10];
    expect(Array.from(sampleWeights("categorical_crossentropy", tf.oneHot(labels, 3), cw, undefined)!.dataSync())).toEqual([1, 10, 10]);
    expect(Array.from(sampleWeights("sparse_categorical_crossentropy", tf.tensor1d(labels, "int32"), cw, undefined)!.dataSync())).toEqual([1, 10, 10]);
    expect(Array.from(sampleWeights("binary_crossentropy", tf.tensor2d([[1], [0], [1]]), [0.5, 3], tf.tensor1d([1, 2, 0.5]))!.dataSync())).toEqual([3, 1, 1.5]);
    expect(sampleWeights("mse", tf.zeros([3, 1]), undefined, undefined)).toBeUndefined();
  });

  it("a training step weighs the loss by class; the gradient follows the weighted loss", () => {
    const input = tf.input({ shape: [3] });
    const out = tf.layers.dense({ units: 3, activation: "softmax", name: "probs", kernelInitializer: "zeros", biasInitializer: "zeros" }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const sig: ModelSignature = { inputs: [{ name: "x", shape: [null, 3], dtype: "float32" }], outputs: [{ name: "probs", shape: [null, 3], loss: "categorical_crossentropy" }] };
    const config = { ...baseConfig(blobs()), classWeight: [1, 1, 5] };
    const batch = { size: 3, xs: { x: tf.randomNormal([3, 3], 0, 1, "float32", 2) }, ys: { probs: tf.oneHot(labels, 3) } };
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const step = trainStep(model, variables, sig, config, batch);
    // Zero weights: every class has p = 1/3, so each loss is log 3, weighted 1, 5, 5.
    expect(step.result.perOutput[0]).toBeCloseTo((Math.log(3) * (1 + 5 + 5)) / 3, 5);
    step.discard();
    model.dispose();
  });
});

describe("CSV sample_weight", () => {
  const sig: ModelSignature = { inputs: [{ name: "x", shape: [null, 2], dtype: "float32" }], outputs: [{ name: "y", shape: [null, 1], loss: "mse" }] };
  const source = (file: string) => ({ kind: "csv" as const, path: file, features: ["a", "b"], labels: { y: "t" }, groupBy: null, normalize: "none" as const, window: null, limit: null, sampleWeight: "w" });
  function dir(text: string): string {
    const d = tempDir();
    writeFileSync(path.join(d, "data.csv"), text);
    return d;
  }
  it("reads a weight per row, split with the samples", async () => {
    const d = dir("a,b,t,w\n1,2,3,0.5\n4,5,6,2\n7,8,9,1\n10,11,12,3\n");
    const data = await loadData({ train: source("data.csv"), validation: { kind: "split", fraction: 0.25 }, test: null }, { specDir: d, signature: sig });
    expect(Array.from((data.train as InMemoryDataset).weights!)).toEqual([0.5, 2, 1]);
    expect(Array.from((data.validation as InMemoryDataset).weights!)).toEqual([3]);
  });
  it("a negative weight is MFG4601 with row and column; a streamed file with weights is MFG4602", async () => {
    const d = dir("a,b,t,w\n1,2,3,0.5\n4,5,6,-2\n");
    const err = (await loadData({ train: source("data.csv"), validation: null, test: null }, { specDir: d, signature: sig }).catch((e: unknown) => e)) as DataError;
    expect(err.code).toBe("MFG4601");
    expect(err.diagnostic.message).toBe("sample weight -2 at row 3, column `w` is negative");
    const streamed = (await loadData({ train: source("data.csv"), validation: null, test: null }, { specDir: d, signature: sig, streamThresholdBytes: 4 }).catch((e: unknown) => e)) as DataError;
    expect(streamed.code).toBe("MFG4602");
  });
});

describe("the train section", () => {
  const spec = (train: string, output = "dense(3, activation: softmax)", loss = "categorical_crossentropy") =>
    `model M {\n  input x: f32[2]\n  x -> ${output} as y\n  output y\n}\ntrain M {\n  data { train: csv("d.csv", features: [a, b], labels: y, sample_weight: w) }\n  loss ${loss}\n  ${train}\n}\n`;
  const codes = (text: string) => compileText(text, "t.mfgnet", "dsl").diagnostics.map((d) => d.code);
  it("class_weight and sample_weight reach the config", () => {
    const c = compileText(spec("class_weight [1, 2.5, 4]"), "t.mfgnet", "dsl");
    expect(c.train?.classWeight).toEqual([1, 2.5, 4]);
    expect(c.train?.data.train).toMatchObject({ kind: "csv", sampleWeight: "w" });
  });
  it("one weight per class of a single classifier output", () => {
    expect(codes(spec("class_weight [1, 2]"))).toEqual(["MFG3421"]);
    expect(codes(spec("class_weight [1, 2]", "dense(1)", "mse"))).toEqual(["MFG3420"]);
    expect(codes(spec("class_weight [1, -2, 1]"))).toEqual(["MFG3403"]);
    expect(codes(spec("class_weight [1, 3]", "dense(1, activation: sigmoid)", "binary_crossentropy"))).toEqual([]);
  });
  it("a misspelt class_weights suggests class_weight, not loss_weights", () => {
    const d = compileText(spec("class_weights [1, 2, 3]"), "t.mfgnet", "dsl").diagnostics;
    expect(d.map((x) => [x.code, x.hints])).toEqual([["MFG3301", ["did you mean `class_weight`?"]]]);
  });
});
