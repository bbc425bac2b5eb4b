/**
 * docs/train.md is generated from the train checker's own tables, so it cannot drift from what the
 * checker accepts; its examples compile; and Keras's spellings get a hint that names mfgc's.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { OPS } from "../../../src/ir/ops/registry.js";
import { KERAS_ARGUMENTS, KERAS_NAMES, KERAS_SETTINGS } from "../../../src/ir/keras-names.js";
import { SOURCES } from "../../../src/ir/train/data.js";
import { renderTrainDocs } from "../../../src/ir/train/docs.js";
import { CHECKPOINT_OPTIONS, EARLY_STOPPING_OPTIONS, TRAIN_SETTINGS } from "../../../src/ir/train/index.js";
import { LOSSES, METRICS } from "../../../src/ir/train/losses.js";
import { CLIP_OPTIONS, OPTIMIZERS } from "../../../src/ir/train/optimizer.js";
import { SCHEDULES } from "../../../src/ir/train/schedule.js";
import { compileText } from "../../../src/pipeline.js";

const DOC = new URL("../../../docs/train.md", import.meta.url);

test("docs/train.md is the current rendering of the train tables (regenerate: npx tsx src/ir/train/write-docs.ts)", () => {
  expect(readFileSync(DOC, "utf8")).toBe(renderTrainDocs());
});

test("every optimizer, schedule, data source, loss and metric the checker knows has its section or row", () => {
  const doc = renderTrainDocs();
  for (const name of [...Object.keys(OPTIMIZERS), ...Object.keys(SCHEDULES), ...Object.keys(SOURCES)]) expect(doc).toContain(`### \`${name}\``);
  for (const name of [...LOSSES, ...METRICS]) expect(doc).toContain(`| \`${name}\` |`);
  for (const s of TRAIN_SETTINGS) expect(doc).toContain(`| \`${s.name}\` |`);
});

describe("the examples in docs/train.md", () => {
  const doc = readFileSync(DOC, "utf8");
  const blocks = [...doc.matchAll(/```(yaml)?\n([\s\S]*?)```/g)].map((m) => ({ yaml: m[1] === "yaml", text: m[2]! }));
  const model = "model FashionCnn {\n  input image: f32[28, 28, 1]\n  image -> flatten -> dense(10, activation: softmax) as probs\n  output probs\n}\n";
  const yamlModel = "mfgnet: 1\nmodel:\n  name: FashionCnn\n  inputs:\n    image: { shape: [28, 28, 1], dtype: f32 }\n  layers:\n    - flatten\n    - dense: { units: 10, activation: softmax, as: probs }\n  outputs: [probs]\n";

  test("there is one DSL and one YAML example", () => {
    expect(blocks.map((b) => b.yaml)).toEqual([false, true]);
  });

  test("both check clean and mean the same training run", () => {
    const dsl = compileText(model + blocks[0]!.text, "docs.mfgnet", "dsl");
    const yaml = compileText(yamlModel + blocks[1]!.text, "docs.mfgnet.yaml", "yaml");
    expect(dsl.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(yaml.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(yaml.train).toEqual(dsl.train);
    expect(dsl.train?.earlyStopping).toEqual({ monitor: "val_loss", patience: 3, minDelta: 0, mode: "min", restoreBest: true });
  });
});

describe("Keras spellings", () => {
  const spec = (train: string) => `model M {\n  input x: f32[3]\n  x -> dense(2, activation: softmax) as y\n  output y\n}\ntrain M {\n  data { train: synthetic(generator: blobs, samples: 10) }\n  loss categorical_crossentropy\n${train}\n}\n`;
  const hintsOf = (text: string) => compileText(text, "k.mfgnet", "dsl").diagnostics.map((d) => `${d.code} ${d.hints.join("; ")}`);

  test("an optimizer option, a callback option, a fit() argument and a class name each name mfgc's spelling", () => {
    expect(hintsOf(spec("  optimizer adam(learning_rate: 1e-3, beta_1: 0.9)"))).toEqual([
      "MFG3401 Keras's `learning_rate` is `lr` in mfgc",
      "MFG3401 Keras's `beta_1` is `beta1` in mfgc",
    ]);
    expect(hintsOf(spec("  early_stopping { restore_best_weights: true }"))).toEqual(["MFG3401 Keras's `restore_best_weights` is `restore_best` in mfgc"]);
    expect(hintsOf(spec("  batch_size 16"))).toEqual(["MFG3301 Keras's `batch_size` is `batch` in mfgc: write `batch 32`"]);
    expect(hintsOf(spec("  schedule ReduceLROnPlateau(patience: 2)"))).toEqual(["MFG3305 Keras's `ReduceLROnPlateau` is `reduce_on_plateau` in mfgc"]);
  });

  test("a layer argument in Keras's spelling", () => {
    const text = "model M {\n  input x: f32[8, 8, 1]\n  x -> conv2d(4, kernel_size: 3) -> maxpool2d(pool_size: 2) as y\n  output y\n}\n";
    expect(hintsOf(text)).toEqual(["MFG3401 Keras's `kernel_size` is `kernel` in mfgc", "MFG3401 Keras's `pool_size` is `pool` in mfgc"]);
  });

  test("every mfgc name in the table exists, so no hint points at something the checker rejects", () => {
    const paramNames = new Set([
      ...OPS.flatMap((op) => op.params.map((p) => p.name)),
      ...Object.values(OPTIMIZERS).flatMap((o) => o.map((p) => p.name)),
      ...[...EARLY_STOPPING_OPTIONS, ...CHECKPOINT_OPTIONS, ...CLIP_OPTIONS].map((p) => p.name),
    ]);
    for (const k of KERAS_ARGUMENTS) expect(paramNames, k.keras).toContain(k.mfgc);
    const settings = TRAIN_SETTINGS.map((s) => s.name);
    for (const k of KERAS_SETTINGS) expect(settings, k.keras).toContain(k.mfgc);
    const names = new Set<string>([...Object.keys(OPTIMIZERS), ...Object.keys(SCHEDULES), ...LOSSES, ...METRICS, ...Object.keys(SOURCES), ...settings]);
    for (const k of KERAS_NAMES) expect(names, k.keras).toContain(k.mfgc);
  });
});
