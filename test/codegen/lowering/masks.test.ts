/**
 * Padding masks mean what Keras's mean: `embedding(mask_zero: true)` and `masking` make a mask, the ops
 * Keras makes mask-aware honour it (recurrent layers, attention, `global_avgpool1d`), step-wise ops pass
 * it on, and merges combine it as Keras 3 does. The right values come from two independent references:
 * the formula (the mean over the unmasked steps), and invariance — with padding at the end, a masked
 * model must give exactly what the same model gives on the sequence with the padding cut off.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, test } from "vitest";
import { compileText } from "../../../src/pipeline.js";
import { build, compileOk, predictAll } from "./helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("global_avgpool1d averages the unmasked steps only", () => {
  // The case: ids [0, 0, 2, 4, 0] give (E[2] + E[4]) / 2, E the embedding table (Keras's
  // GlobalAveragePooling1D: Σ x·m / Σ m).
  const dsl = "model M {\n  input ids: i32[5]\n  ids -> embedding(input_dim: 10, output_dim: 4, mask_zero: true) as emb -> global_avgpool1d as out\n  output out\n}\n";
  const yaml = [
    "mfgnet: 1",
    "model:",
    "  name: M",
    "  inputs: { ids: { shape: [5], dtype: i32 } }",
    "  layers:",
    "    - embedding: { input_dim: 10, output_dim: 4, mask_zero: true, as: emb }",
    "    - global_avgpool1d: { as: out }",
    "  outputs: [out]",
    "",
  ].join("\n");
  for (const [form, text] of [["DSL", dsl], ["YAML", yaml]] as const) {
    test(`ids [0, 0, 2, 4, 0] → (E[2] + E[4]) / 2 (${form})`, () => {
      const { graph } = compileOk(text, form === "DSL" ? "dsl" : "yaml");
      const { model } = build(graph);
      const table = model.getLayer("emb").getWeights()[0]!.arraySync() as number[][];
      const expected = table[2]!.map((v, k) => (v + table[4]![k]!) / 2);
      const [y] = predictAll(model, [tf.tensor2d([[0, 0, 2, 4, 0]], [1, 5], "int32")]);
      Array.from(y!.dataSync()).forEach((v, k) => expect(v).toBeCloseTo(expected[k]!, 6));
      // Eager application (what training uses) honours the mask too.
      const eager = model.apply(tf.tensor2d([[0, 0, 2, 4, 0]], [1, 5], "int32"), { training: false }) as tf.Tensor;
      Array.from(eager.dataSync()).forEach((v, k) => expect(v).toBeCloseTo(expected[k]!, 6));
    });
  }
});

/**
 * `body` maps the masked embedding `e` (steps, 4) to `out`. The model is run on ids with trailing
 * padding and on the same ids without it: both must agree.
 */
function expectPaddingInvariant(body: string): void {
  const text = `model M {\n  input ids: i32[?]\n  e = ids -> embedding(input_dim: 10, output_dim: 4, mask_zero: true)\n${body}\n  output out\n}\n`;
  const { graph } = compileOk(text);
  const { model } = build(graph, 11);
  const padded = tf.tensor2d([[3, 7, 2, 0, 0, 0], [5, 1, 0, 0, 0, 0]], [2, 6], "int32");
  const rows = [tf.tensor2d([[3, 7, 2]], [1, 3], "int32"), tf.tensor2d([[5, 1]], [1, 2], "int32")];
  const expected = rows.map((r) => Array.from(predictAll(model, [r])[0]!.dataSync()));
  const viaPredict = predictAll(model, [padded])[0]!;
  const viaApply = model.apply(padded, { training: false }) as tf.Tensor;
  for (const y of [viaPredict, viaApply]) {
    const perRow = y.shape[0] === 2 ? (y.arraySync() as number[][]).map((r) => r.flat(Infinity as 1) as number[]) : [];
    expect(perRow).toHaveLength(2);
    perRow.forEach((row, i) => row.forEach((v, k) => expect(v, `row ${i}, value ${k}`).toBeCloseTo(expected[i]![k]!, 5)));
  }
}

describe("ops Keras makes mask-aware honour or pass on the mask (padding at the end changes nothing)", () => {
  const cases: Record<string, string> = {
    "dense": "  out = e -> dense(3) -> global_avgpool1d",
    "dense with leaky_relu (a separate activation layer)": "  out = e -> dense(3, activation: leaky_relu) -> global_avgpool1d",
    "activation(hard_sigmoid)": "  out = e -> activation(hard_sigmoid) -> global_avgpool1d",
    "dropout": "  out = e -> dropout(0.5) -> global_avgpool1d",
    "layernorm": "  out = e -> layernorm -> global_avgpool1d",
    "positional_encoding": "  out = e -> positional_encoding -> global_avgpool1d",
    "time_distributed(dense)": "  out = e -> time_distributed(dense(3)) -> global_avgpool1d",
    "self-attention": "  out = e -> multi_head_attention(heads: 2, key_dim: 2) -> global_avgpool1d",
    "causal self-attention": "  out = e -> multi_head_attention(heads: 2, key_dim: 2, causal: true) -> global_avgpool1d",
    "residual add of two masked branches": "  a = e -> dense(4)\n  out = add(e, a) -> layernorm -> global_avgpool1d",
    "subtract, multiply, average": "  a = e -> dense(4)\n  s = subtract(e, a)\n  m = multiply(s, a)\n  out = average(m, e) -> global_avgpool1d",
    "concat of masked branches along the features": "  a = e -> dense(2)\n  out = concat(e, a) -> global_avgpool1d",
    "lstm (last state)": "  out = e -> lstm(3)",
    "lstm sequences": "  out = e -> lstm(3, return_sequences: true) -> global_avgpool1d",
    "gru (last state)": "  out = e -> gru(3)",
    "gru backwards": "  out = e -> gru(3, go_backwards: true)",
    "gru sequences": "  out = e -> gru(3, return_sequences: true) -> global_avgpool1d",
    "simple_rnn": "  out = e -> simple_rnn(3)",
    "bidirectional lstm": "  out = e -> bidirectional(lstm(3))",
    "bidirectional gru sequences": "  out = e -> bidirectional(gru(3, return_sequences: true)) -> global_avgpool1d",
    "a transformer encoder block": "  att = e -> multi_head_attention(heads: 2, key_dim: 2)\n  h = add(e, att) -> layernorm\n  f = h -> dense(8, activation: gelu) -> dense(4)\n  out = add(h, f) -> layernorm -> global_avgpool1d",
  };
  for (const [title, body] of Object.entries(cases)) test(title, () => expectPaddingInvariant(body));

  test("masking(0) on float sequences feeds the same rule", () => {
    const { graph } = compileOk("model M {\n  input x: f32[?, 2]\n  x -> masking(0) -> lstm(3) as out\n  output out\n}\n");
    const { model } = build(graph, 5);
    const seq = [[0.5, -1], [2, 0.25]];
    const padded = predictAll(model, [tf.tensor3d([[...seq, [0, 0], [0, 0]]])])[0]!;
    const cut = predictAll(model, [tf.tensor3d([seq])])[0]!;
    Array.from(padded.dataSync()).forEach((v, k) => expect(v).toBeCloseTo(cut.dataSync()[k]!, 5));
  });
});

describe("a mask reaching an op that cannot honour it is a diagnostic", () => {
  const codesOf = (body: string, train = "") =>
    compileText(`model M {\n  input ids: i32[6]\n  e = ids -> embedding(input_dim: 10, output_dim: 4, mask_zero: true)\n${body}\n  output out\n}\n${train}`, "t.mfgnet", "dsl").diagnostics.map((d) => d.code);
  test.each([
    ["conv1d", "  out = e -> conv1d(2, 3) -> flatten -> dense(1)"],
    ["flatten", "  out = e -> flatten -> dense(1)"],
    ["batchnorm (Keras leaves padded steps out of its statistics)", "  out = e -> batchnorm -> global_avgpool1d"],
    ["global_maxpool1d", "  out = e -> global_maxpool1d"],
    ["reshape", "  out = e -> reshape([4, 6]) -> global_avgpool1d"],
  ])("%s", (_title, body) => {
    expect(codesOf(body)).toEqual(["MFG3231"]);
  });
  test("time_distributed hands its wrapped layer no mask", () => {
    const text = "model M {\n  input ids: i32[3, 6]\n  e = ids -> embedding(input_dim: 10, output_dim: 4, mask_zero: true)\n  out = e -> time_distributed(global_avgpool1d) -> flatten\n  output out\n}\n";
    const diags = compileText(text, "t.mfgnet", "dsl").diagnostics;
    expect(diags.map((d) => d.code)).toEqual(["MFG3231"]);
    expect(diags[0]!.message).toContain("`time_distributed(global_avgpool1d)` hands the wrapped layer no padding mask");
  });
  test("cross-attention with a masked value", () => {
    const text = "model M {\n  input q: f32[3, 4]\n  input ids: i32[6]\n  v = ids -> embedding(input_dim: 10, output_dim: 4, mask_zero: true)\n  out = multi_head_attention(q, v, heads: 1, key_dim: 2) -> flatten\n  output out\n}\n";
    expect(compileText(text, "t.mfgnet", "dsl").diagnostics.map((d) => d.code)).toEqual(["MFG3231"]);
  });
  test("a trained output that still carries the mask", () => {
    const body = "  out = e -> dense(1)";
    expect(codesOf(body)).toEqual([]);
    const train = "train M {\n  data { train: synthetic(generator: events, samples: 8, seed: 1) }\n  optimizer adam\n  loss mse\n  epochs 1 batch 4\n}\n";
    expect(codesOf(body, train)).toContain("MFG3232");
  });
  test("add of a masked and an unmasked tensor has no mask (Keras 3), so a following conv1d is fine", () => {
    const text = "model M {\n  input ids: i32[6]\n  input x: f32[6, 4]\n  e = ids -> embedding(input_dim: 10, output_dim: 4, mask_zero: true)\n  out = add(e, x) -> conv1d(2, 3) -> flatten\n  output out\n}\n";
    expect(compileText(text, "t.mfgnet", "dsl").diagnostics.map((d) => d.code)).toEqual([]);
  });
});
