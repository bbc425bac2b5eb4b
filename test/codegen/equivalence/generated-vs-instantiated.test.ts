/**
 * The printed code and the in-process model are the same model: for every example spec (and extra specs
 * exercising mfgc's custom layers and multi-layer lowerings), the generated `buildModel()` has the same
 * layers in the same order, the same weight shapes, identical (seeded) initial weights and identical
 * predictions as `instantiate(lowerGraph(…))`. Models with custom layers survive save → load.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEFAULT_MODEL_SEED } from "../../../src/codegen/generate.js";
import { customClassesOf } from "../../../src/codegen/emit/emit-model.js";
import { instantiate } from "../../../src/codegen/lower/instantiate.js";
import { lowerGraph } from "../../../src/codegen/lower/lower-graph.js";
import { CUSTOM_LAYER_CLASSES, registerCustomLayers } from "../../../src/runtime/layers/index.js";
import { specFormatOf } from "../../../src/pipeline.js";
import { compileOk, predictAll, randomInputs } from "../lowering/helpers.js";
import { importGenerated, ROOT, scratchRoot, typeCheck, writeGenerated } from "./write-generated.js";

interface Case {
  readonly name: string;
  readonly path: string;
  readonly text: string;
}

const EXAMPLES: Case[] = readdirSync(join(ROOT, "specs"))
  .filter((f) => specFormatOf(f) !== undefined)
  .sort()
  .map((f) => ({ name: f, path: `specs/${f}`, text: readFileSync(join(ROOT, "specs", f), "utf8") }));

const dsl = (name: string, body: string, train = ""): Case => ({ name, path: `extra/${name}.mfgnet`, text: `model ${name} {\n${body}\n}\n${train}` });

const EXTRA: Case[] = [
  dsl(
    "CustomLayers",
    [
      "input seq: f32[6, 4]",
      "input ctx: f32[3, 5]",
      "a = seq -> normalization -> positional_encoding(learned, max_length: 6) -> multi_head_attention(ctx, heads: 2, key_dim: 3) as att",
      "b = seq -> bidirectional(gru(4, return_sequences: true), merge_mode: concat) -> dense(4)",
      "g = seq -> gru(4, reset_after: false, return_sequences: true) -> dense(4)",
      "d = subtract(att, b)",
      "out = add(d, g) -> multi_head_attention(heads: 2, key_dim: 2, causal: true) -> global_avgpool1d(keepdims: true)",
      "output out",
    ].join("\n"),
    "train CustomLayers {\n  data { train: synthetic(generator: sensors, samples: 10) }\n  optimizer adam(lr: 1e-3)\n  loss mse\n  epochs 1 batch 2 seed 77\n}\n",
  ),
  dsl("SequentialTokens", "input t: i32[7]\nt -> embedding(20, 6) -> positional_encoding -> lstm(5) -> dense(3, activation: leaky_relu) as out\noutput out"),
  dsl(
    "HelperLayers",
    [
      "input img: f32[3, 6, 6, 2]",
      "frames = img -> time_distributed(conv2d(3, 3, activation: leaky_relu)) -> time_distributed(global_maxpool2d(keepdims: true)) -> reshape([3, 3])",
      "out = frames -> bidirectional(lstm(2), merge_mode: ave) -> dense(2, activation: leaky_relu) as head",
      "output out",
    ].join("\n"),
  ),
  dsl(
    "KerasOptions",
    [
      "input img: f32[12, 12, 3]",
      "input seq: f32[10, 4]",
      "i = img -> random_flip -> random_translation(0.1, [-0.1, 0.2]) -> random_rotation(0.05) -> random_zoom(0.1, width_factor: [-0.2, 0]) -> random_contrast(0.2, value_range: [0, 1])",
      "  -> depthwise_conv2d(3, dilation: 2, padding: same, activation: relu) -> conv2d_transpose(4, 3, strides: 2, padding: same, output_padding: 1)",
      "  -> cropping2d([[1, 2], [0, 3]]) -> zero_padding2d([[0, 1], [2, 0]]) -> prelu(shared_axes: [1, 2]) -> relu(max_value: 2, negative_slope: 0.1)",
      "  -> elu(0.5) -> upsampling2d(2, interpolation: bilinear) -> softmax(axis: 1) -> global_avgpool2d",
      "s = seq -> conv1d(4, 3, padding: causal, dilation: 2, activation: hard_sigmoid) -> zero_padding1d([1, 0]) -> cropping1d([0, 1]) -> leaky_relu(alpha: 0.1) -> flatten",
      "out = concat(i, s) -> dense(3, activation: log_softmax)",
      "output out",
    ].join("\n"),
  ),
  dsl(
    "MaskedTokens",
    [
      "input ids: i32[?]",
      "e = ids -> embedding(20, 4, mask_zero: true)",
      "a = e -> dense(4, activation: leaky_relu)",
      "out = add(e, a) -> concat(e) -> global_avgpool1d",
      "output out",
    ].join("\n"),
  ),
];

const scratch = scratchRoot("eq");
beforeAll(async () => {
  await tf.setBackend("cpu");
});
afterAll(() => scratch.remove());

interface GeneratedModel {
  buildModel(): tf.LayersModel;
}

function weightsOf(model: tf.LayersModel): { name: string; shape: number[]; values: number[] }[] {
  return model.weights.map((w) => ({ name: w.originalName, shape: w.shape as number[], values: Array.from(w.read().dataSync()) }));
}

async function saveAndLoad(model: tf.LayersModel): Promise<tf.LayersModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  registerCustomLayers();
  return tf.loadLayersModel(tf.io.fromMemory(artifacts!));
}

describe.each([...EXAMPLES, ...EXTRA].map((k) => [k.name, k] as const))("%s", (_name, k) => {
  test("generated buildModel() equals the instantiated lowering: layers, weights, predictions; save/load keeps predictions", async () => {
    const compiled = compileOk(k.text, specFormatOf(k.path)!, k.path);
    const folder = k.name.replace(/[^A-Za-z0-9_]/g, "_");
    const { folder: dir, result } = writeGenerated(compiled, scratch.dir, folder);
    const seed = compiled.train?.seed ?? DEFAULT_MODEL_SEED;
    const lowered = lowerGraph(result.passes.graph, { seed });
    const reference = instantiate(lowered);
    const { buildModel } = await importGenerated<GeneratedModel>(join(dir, "model.ts"));
    const generated = buildModel();

    expect(generated.name).toBe(compiled.graph.name);
    expect(generated.layers.map((l) => l.name)).toEqual(reference.layers.map((l) => l.name));
    expect(generated.layers.map((l) => l.getClassName())).toEqual(reference.layers.map((l) => l.getClassName()));
    // Input layers carry the spec's input names (tensor names get session-unique suffixes in tfjs).
    const inputLayers = (m: tf.LayersModel) => m.layers.filter((l) => l.getClassName() === "InputLayer");
    const inputs = (m: tf.LayersModel) => inputLayers(m).map((l, i) => [l.name, m.inputs[i]!.shape, m.inputs[i]!.dtype]);
    expect(inputs(generated)).toEqual(inputs(reference));
    expect(inputs(generated).map(([name]) => name)).toEqual(compiled.graph.inputs);
    expect(generated.outputs.map((o) => o.shape)).toEqual(reference.outputs.map((o) => o.shape));
    // Same weight names, shapes and — because every initializer is seeded — the same values.
    expect(weightsOf(generated)).toEqual(weightsOf(reference));
    expect(generated.countParams()).toBe(reference.countParams());

    const xs = randomInputs(reference, 2, 11);
    const expected = predictAll(reference, xs).map((t) => Array.from(t.dataSync()));
    const actual = predictAll(generated, xs).map((t) => Array.from(t.dataSync()));
    expect(actual).toEqual(expected);
    expect(expected.flat().every(Number.isFinite)).toBe(true);

    if (customClassesOf(lowered).length > 0) {
      const loaded = await saveAndLoad(generated);
      expect(loaded.layers.map((l) => l.name)).toEqual(generated.layers.map((l) => l.name));
      expect(predictAll(loaded, xs).map((t) => Array.from(t.dataSync()))).toEqual(actual);
      loaded.dispose();
    }
    tf.dispose(xs);
    generated.dispose();
    reference.dispose();
  });
});

test("the generated code of every spec above (custom layers included) type-checks under tsc --strict", () => {
  expect(typeCheck(scratch.dir)).toBe("");
});

test("the extra specs really exercise every custom layer class", () => {
  const used = new Set<string>();
  for (const k of EXTRA) {
    const compiled = compileOk(k.text, "dsl", k.path);
    for (const cls of customClassesOf(lowerGraph(compiled.graph, { seed: 1 }))) used.add(cls);
  }
  expect([...used].sort()).toEqual([...CUSTOM_LAYER_CLASSES.map((c) => c.className)].sort());
});
