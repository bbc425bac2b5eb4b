/** The train checker: complete configs with every default, the YAML-style forms, and each diagnostic. */
import { describe, expect, test } from "vitest";
import type { TrainConfig } from "../../../src/runtime/config.js";
import { TRAIN_SETTINGS } from "../../../src/ir/train/settings.js";
import { buildDsl } from "../build/dsl.js";

const CNN = `model FashionCnn {
  input image: f32[28, 28, 1]
  image
    -> conv2d(32, kernel: 3, activation: relu)
    -> maxpool2d(2)
    -> conv2d(64, kernel: 3, activation: relu)
    -> maxpool2d(2)
    -> conv2d(64, kernel: 3, activation: relu)
    -> flatten
    -> dense(64, activation: relu)
    -> dense(10, activation: softmax) as probs
  output probs
}
`;

const SKETCH_TRAIN = `train FashionCnn {
  data   { train: idx(images: "train-images-idx3-ubyte.gz", labels: "train-labels-idx1-ubyte.gz", scale: 1/255)
           validation: split(0.1) }
  optimizer adam(lr: 1e-3)
  loss      categorical_crossentropy
  metrics   [accuracy, precision, recall, f1]
  epochs 10   batch 32   seed 42
  early_stopping(monitor: val_loss, patience: 3)
}
`;

const SKETCH_CONFIG: TrainConfig = {
  data: {
    train: { kind: "idx", images: "train-images-idx3-ubyte.gz", labels: "train-labels-idx1-ubyte.gz", scale: 1 / 255, limit: null },
    validation: { kind: "split", fraction: 0.1 },
    test: null,
  },
  optimizer: { name: "adam", learningRate: 0.001, options: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, clipGlobalNorm: null, clipNorm: null, clipValue: null },
  schedule: { kind: "constant" },
  losses: [{ output: "probs", loss: "categorical_crossentropy", weight: 1 }],
  metrics: [{ output: "probs", metrics: ["accuracy", "precision", "recall", "f1"] }],
  epochs: 10,
  batchSize: 32,
  seed: 42,
  shuffle: true,
  earlyStopping: { monitor: "val_loss", patience: 3, minDelta: 0, mode: "min", restoreBest: false },
  checkpoint: { every: 1, keep: 3 },
};

const TWO_HEADS = `model M {
  input x: f32[30, 3]
  h = x -> lstm(16)
  rul = h -> dense(1)
  fail = h -> dense(1, activation: sigmoid)
  output rul, fail
}
`;

describe("train checker", () => {
  test("the DESIGN.md sketch gives a complete config", () => {
    const b = buildDsl(CNN + SKETCH_TRAIN);
    expect(b.diagnostics).toEqual([]);
    expect(b.train).toEqual(SKETCH_CONFIG);
  });

  test("the YAML forms (one-entry objects) mean the same as calls", () => {
    const yamlish = `train FashionCnn {
  data { train: { idx: { images: "train-images-idx3-ubyte.gz", labels: "train-labels-idx1-ubyte.gz", scale: 1/255 } }
         validation: { split: 0.1 } }
  optimizer { adam: { lr: 0.001 } }
  loss "categorical_crossentropy"
  metrics [accuracy, precision, recall, f1]
  epochs 10 batch 32 seed 42
  early_stopping { monitor: "val_loss", patience: 3 }
}
`;
    const b = buildDsl(CNN + yamlish);
    expect(b.diagnostics).toEqual([]);
    expect(b.train).toEqual(SKETCH_CONFIG);
  });

  test("defaults: adam, constant schedule, 10 epochs, batch 32, seed 42, shuffle, checkpoint 1/3, no metrics", () => {
    const b = buildDsl(CNN + `train FashionCnn {\n  data { train: synthetic(defects) }\n  loss categorical_crossentropy\n}\n`);
    expect(b.diagnostics).toEqual([]);
    expect(b.train).toEqual({
      ...SKETCH_CONFIG,
      data: { train: { kind: "synthetic", generator: "defects", samples: 1000, seed: 42, options: {} }, validation: null, test: null },
      metrics: [{ output: "probs", metrics: [] }],
      earlyStopping: null,
    });
  });

  test("optimizer defaults are Keras's", () => {
    const opt = (o: string): unknown => buildDsl(CNN + `train FashionCnn {\n  data { train: synthetic(blobs) }\n  loss categorical_crossentropy\n  optimizer ${o}\n}\n`).train?.optimizer;
    expect(opt("sgd")).toMatchObject({ name: "sgd", learningRate: 0.01, options: { momentum: 0, nesterov: false } });
    expect(opt("rmsprop")).toMatchObject({ learningRate: 0.001, options: { rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false } });
    expect(opt("adamw(weight_decay: 1e-4)")).toMatchObject({ learningRate: 0.001, options: { weight_decay: 1e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } });
    expect(opt("sgd(0.1, momentum: 0.9, nesterov: true)")).toMatchObject({ learningRate: 0.1, options: { momentum: 0.9, nesterov: true } });
  });

  test("multi-output: losses, weights and metrics per output, monitors with output prefixes", () => {
    const b = buildDsl(
      TWO_HEADS +
        `train M {
  data { train: csv("engines.csv", features: [s1, s2, s3], labels: { rul: rul, fail: fail_30 }, group_by: unit, normalize: zscore, window: { size: 30 }), validation: split(0.2) }
  loss { rul: mse, fail: binary_crossentropy }
  loss_weights { fail: 0.5 }
  metrics { rul: [mae, rmse], fail: accuracy }
  clip { global_norm: 1.0 }
  schedule reduce_on_plateau(monitor: val_rul_mae, patience: 2)
  early_stopping { monitor: val_fail_accuracy, restore_best: true }
  checkpoint { every: 2, keep: 5 }
  shuffle false
}
`,
    );
    expect(b.diagnostics).toEqual([]);
    const t = b.train!;
    expect(t.data.train).toEqual({
      kind: "csv",
      path: "engines.csv",
      features: ["s1", "s2", "s3"],
      labels: { rul: "rul", fail: "fail_30" },
      groupBy: "unit",
      normalize: "zscore",
      window: { size: 30, stride: 1, horizon: 0 },
      limit: null,
    });
    expect(t.losses).toEqual([
      { output: "rul", loss: "mse", weight: 1 },
      { output: "fail", loss: "binary_crossentropy", weight: 0.5 },
    ]);
    expect(t.metrics).toEqual([
      { output: "rul", metrics: ["mae", "rmse"] },
      { output: "fail", metrics: ["accuracy"] },
    ]);
    expect(t.optimizer.clipGlobalNorm).toBe(1);
    expect(t.schedule).toEqual({ kind: "reduce_on_plateau", monitor: "val_rul_mae", factor: 0.1, patience: 2, minLr: 0, minDelta: 1e-4, cooldown: 0, mode: "min" });
    expect(t.earlyStopping).toEqual({ monitor: "val_fail_accuracy", patience: 0, minDelta: 0, mode: "max", restoreBest: true });
    expect(t.checkpoint).toEqual({ every: 2, keep: 5 });
    expect(t.shuffle).toBe(false);
  });

  test("early_stopping true uses val_loss with validation data and loss without", () => {
    const withVal = buildDsl(CNN + `train FashionCnn {\n  data { train: synthetic(blobs), validation: split(0.1) }\n  loss categorical_crossentropy\n  early_stopping true\n}\n`);
    expect(withVal.train?.earlyStopping?.monitor).toBe("val_loss");
    const without = buildDsl(CNN + `train FashionCnn {\n  data { train: synthetic(blobs) }\n  loss categorical_crossentropy\n  early_stopping true\n}\n`);
    expect(without.train?.earlyStopping).toMatchObject({ monitor: "loss", mode: "min" });
  });

  test("the settings table lists every key the checker reads", () => {
    expect(TRAIN_SETTINGS.map((s) => s.name)).toEqual([
      "data",
      "optimizer",
      "schedule",
      "loss",
      "loss_weights",
      "class_weight",
      "metrics",
      "epochs",
      "batch",
      "seed",
      "shuffle",
      "early_stopping",
      "checkpoint",
      "clip",
      "classes",
      "transfer",
    ]);
    for (const s of TRAIN_SETTINGS) expect(s.doc.length).toBeGreaterThan(10);
  });
});

interface Case {
  readonly name: string;
  readonly text: string;
  readonly codes: readonly string[];
  readonly hint?: string;
}

const M = `model M {\n  input x: f32[4]\n  x -> dense(3, activation: softmax) as probs\n  output probs\n}\n`; // train starts on line 6
const T2 = TWO_HEADS; // train starts on line 8

const CASES: readonly Case[] = [
  {
    name: "unknown, duplicate and badly typed settings",
    text: M + `train M {\n  data { train: synthetic(events) }\n  loss categorical_crossentropy\n  epoch 3\n  epochs 0\n  epochs 4\n  batch 2.5\n  shuffle 1\n  seed -1\n}\n`,
    codes: ["MFG3301 9:3", "MFG3403 10:10", "MFG3302 11:3", "MFG3402 12:9", "MFG3402 13:11", "MFG3403 14:8"],
    hint: "did you mean `epochs`?",
  },
  { name: "missing data and loss", text: M + `train M {\n  epochs 3\n}\n`, codes: ["MFG3303 6:1", "MFG3303 6:1"] },
  {
    name: "unknown data source, optimizer, schedule, metric; split out of range",
    text: M + `train M {\n  data { train: idz(images: "a", labels: "b"), validation: split(1.5) }\n  optimizer adma(lr: 0.1)\n  schedule cosin(100)\n  loss categorical_crossentropy\n  metrics [accuracy, precission]\n}\n`,
    codes: ["MFG3305 7:17", "MFG3403 7:66", "MFG3305 8:13", "MFG3305 9:12", "MFG3305 11:22"],
    hint: "did you mean `cosine`?",
  },
  {
    name: "unknown loss",
    text: M + `train M {\n  data { train: synthetic(blobs) }\n  loss categorical_crossentropi\n}\n`,
    codes: ["MFG3305 8:8"],
    hint: "did you mean `categorical_crossentropy`?",
  },
  {
    name: "optimizer and data source parameters; two clipping modes",
    text: M + `train M {\n  data { train: idx(images: "a") }\n  optimizer adam(lrr: 0.1, beta1: 1.5)\n  loss categorical_crossentropy\n  clip { norm: 1, value: 2 }\n}\n`,
    codes: ["MFG3404 7:17", "MFG3401 8:18", "MFG3403 8:35", "MFG3312 10:26"],
    hint: "did you mean `lr`?",
  },
  {
    name: "categorical_crossentropy on a 1-unit sigmoid output",
    text: `model M {\n  input x: f32[4]\n  x -> dense(1, activation: sigmoid) as p\n  output p\n}\ntrain M {\n  data { train: synthetic(blobs) }\n  loss categorical_crossentropy\n}\n`,
    codes: ["MFG3310 8:8"],
    hint: "for a yes/no output use `binary_crossentropy` with `dense(1, activation: sigmoid)`",
  },
  {
    name: "binary_crossentropy on a softmax output",
    text: M + `train M {\n  data { train: synthetic(blobs) }\n  loss binary_crossentropy\n}\n`,
    codes: ["MFG3310 8:8"],
    hint: "with `softmax` use `categorical_crossentropy`",
  },
  {
    name: "categorical_crossentropy on a linear output",
    text: `model M {\n  input x: f32[4]\n  x -> dense(3) as p\n  output p\n}\ntrain M {\n  data { train: synthetic(blobs) }\n  loss categorical_crossentropy\n}\n`,
    codes: ["MFG3310 8:8"],
    hint: "end the output with `activation: softmax`",
  },
  {
    name: "the last activation is found through an `activation` op",
    text: `model M {\n  input x: f32[4]\n  x -> dense(3) -> activation(sigmoid) as p\n  output p\n}\ntrain M {\n  data { train: synthetic(blobs) }\n  loss categorical_crossentropy\n}\n`,
    codes: ["MFG3310 8:8"],
    hint: "for independent yes/no labels use `binary_crossentropy`; for one class per sample use `activation: softmax`",
  },
  {
    name: "unknown output in per-output objects; negative loss weight",
    text: T2 + `train M {\n  data { train: synthetic(blobs) }\n  loss { rul: mse, fial: binary_crossentropy }\n  loss_weights { rul: -1 }\n}\n`,
    codes: ["MFG3313 10:20", "MFG3403 11:23"],
  },
  { name: "an output without a loss", text: T2 + `train M {\n  data { train: synthetic(blobs) }\n  loss { rul: mse }\n}\n`, codes: ["MFG3309 10:8"] },
  {
    name: "one loss name for a model with two outputs",
    text: T2 + `train M {\n  data { train: synthetic(blobs) }\n  loss mse\n}\n`,
    codes: ["MFG3309 10:8"],
    hint: "write `loss { rul: mse, fail: mse }`",
  },
  {
    name: "val_ monitor without validation data",
    text: M + `train M {\n  data { train: synthetic(blobs) }\n  loss categorical_crossentropy\n  metrics [accuracy]\n  early_stopping(monitor: val_accuracy, patience: 2)\n}\n`,
    codes: ["MFG3311 10:27"],
    hint: "add `validation: split(0.1)` to `data`",
  },
  {
    name: "monitors that are never computed",
    text: M + `train M {\n  data { train: synthetic(blobs), validation: split(0.1) }\n  loss categorical_crossentropy\n  metrics [accuracy]\n  early_stopping { monitor: val_acuracy }\n  schedule reduce_on_plateau(monitor: val_f1)\n}\n`,
    codes: ["MFG3311 10:29", "MFG3311 11:39"],
    hint: "did you mean `val_accuracy`?",
  },
  {
    name: "classification metric on a regression output (warning)",
    text: T2 + `train M {\n  data { train: synthetic(blobs) }\n  loss { rul: mse, fail: binary_crossentropy }\n  metrics { rul: [mae, accuracy] }\n}\n`,
    codes: ["MFG3315 11:24"],
  },
  {
    name: "csv labels naming an unknown output",
    text: T2 + `train M {\n  data { train: csv("a.csv", features: [s1, s2], labels: { rul: rul, failure: f30 }) }\n  loss { rul: mse, fail: binary_crossentropy }\n}\n`,
    codes: ["MFG3313 9:70"],
  },
  {
    name: "train section naming another model",
    text: M + `train N {\n  data { train: synthetic(blobs) }\n  loss categorical_crossentropy\n}\n`,
    codes: ["MFG3004 6:7"],
    hint: "did you mean `M`?",
  },
  {
    name: "two train sections",
    text: M + `train M {\n  data { train: synthetic(blobs) }\n  loss categorical_crossentropy\n}\ntrain M {\n  data { train: synthetic(blobs) }\n  loss categorical_crossentropy\n}\n`,
    codes: ["MFG3003 10:7"],
  },
];

describe("train diagnostics", () => {
  for (const c of CASES) {
    test(c.name, () => {
      const b = buildDsl(c.text);
      expect(b.codes).toEqual(c.codes);
      if (c.hint !== undefined) expect(b.diagnostics.flatMap((d) => d.hints)).toContain(c.hint);
      const hasError = b.diagnostics.some((d) => d.severity === "error");
      expect(b.train === undefined).toBe(hasError);
    });
  }

  test("train settings are still checked when the model has errors", () => {
    const b = buildDsl(`model M {\n  input x: f32[4]\n  x -> dense(0) as y\n  output y\n}\ntrain M {\n  data { train: synthetic(blobs) }\n  loss mse\n  epochs -2\n}\n`);
    expect(b.codes).toEqual(["MFG3403 3:14", "MFG3403 9:10"]);
    expect(b.graph).toBeUndefined();
    expect(b.train).toBeUndefined();
  });
});
