import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { DataError, loadModel, runTraining } from "../../../src/runtime/index.js";
import type { OptimizerName } from "../../../src/runtime/config.js";
import { listCheckpoints } from "../../../src/runtime/train/checkpoint.js";
import { baseConfig, blobs, metricsOnly, mlp, tempDir } from "../helpers.js";
import { writeIdxPair } from "../data/idx-files.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const quiet = { specDir: ".", specHash: "h1", backend: "cpu", log: () => {} } as const;

describe("runTraining", () => {
  it("is deterministic: the same seed twice gives identical metrics (with dropout and shuffling)", async () => {
    const a = await runTraining({ ...quiet, buildModel: mlp(4, 3), config: baseConfig(blobs()), outDir: tempDir() });
    const b = await runTraining({ ...quiet, buildModel: mlp(4, 3), config: baseConfig(blobs()), outDir: tempDir() });
    expect(metricsOnly(b.history)).toEqual(metricsOnly(a.history));
    const c = await runTraining({ ...quiet, buildModel: mlp(4, 3), config: baseConfig(blobs(), { seed: 8 }), outDir: tempDir() });
    expect(metricsOnly(c.history)).not.toEqual(metricsOnly(a.history));
    [a, b, c].forEach((r) => r.model.dispose());
  });

  it("leaks no tensors across epochs or after the run", async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const r = await runTraining({
      ...quiet,
      buildModel: mlp(4, 3),
      config: baseConfig(blobs(), { epochs: 4, earlyStopping: { monitor: "val_loss", patience: 5, minDelta: 0, mode: "min", restoreBest: true }, data: { train: blobs(), validation: { kind: "split", fraction: 0.25 }, test: blobs(30) } }),
      outDir: tempDir(),
      onEpochEnd: () => counts.push(tf.memory().numTensors),
    });
    expect(counts.length).toBe(4);
    expect(new Set(counts.slice(1)).size).toBe(1);
    r.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("writes metrics.jsonl, report.json with a confusion matrix, and a model that loads with equal predictions", async () => {
    const outDir = tempDir();
    const r = await runTraining({
      ...quiet,
      buildModel: mlp(4, 3),
      config: baseConfig(blobs(), { data: { train: blobs(), validation: { kind: "split", fraction: 0.25 }, test: { kind: "synthetic", generator: "blobs", samples: 30, seed: 3, options: {} } } }),
      outDir,
    });
    const lines = readFileSync(path.join(outDir, "metrics.jsonl"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(Object.keys((JSON.parse(lines[0]!) as { logs: object }).logs)).toEqual(expect.arrayContaining(["loss", "accuracy", "f1", "auc", "val_loss", "val_accuracy"]));
    const report = JSON.parse(readFileSync(path.join(outDir, "report.json"), "utf8")) as { test: Record<string, number>; outputs: { confusion: number[][]; perClass: unknown[] }[]; backend: { name: string } };
    expect(report.backend.name).toBe("cpu");
    expect(report.test.test_accuracy).toBe(r.test!.test_accuracy);
    expect(report.outputs[0]!.confusion.flat().reduce((a, b) => a + b, 0)).toBe(30);
    expect(report.outputs[0]!.perClass).toHaveLength(3);
    // checkpoint.keep = 2: epochs 2 and 3 remain, each with its manifest.
    expect((await listCheckpoints(outDir)).map((c) => c.epoch)).toEqual([3, 2]);

    const loaded = await loadModel(r.modelDir);
    const x = tf.randomNormal([5, 4], 0, 1, "float32", 1);
    const p1 = r.model.predict(x) as tf.Tensor;
    const p2 = loaded.predict(x) as tf.Tensor;
    expect(Array.from(p2.dataSync())).toEqual(Array.from(p1.dataSync()));
    tf.dispose([x, p1, p2]);
    loaded.dispose();
    r.model.dispose();
  });

  it("stops on a NaN/Inf loss naming epoch and batch, keeping the last good checkpoint", async () => {
    const outDir = tempDir();
    const config = baseConfig(blobs(), {
      epochs: 4,
      optimizer: { name: "sgd", learningRate: 0.01, options: {}, clipGlobalNorm: null, clipNorm: null, clipValue: null },
      schedule: { kind: "step", everyEpochs: 1, factor: 1e30 },
      losses: [{ output: "probs", loss: "mse", weight: 1 }],
      metrics: [{ output: "probs", metrics: ["mae"] }],
    });
    const buildModel = mlp(4, 3, { activation: "linear", dropout: false });
    const err = (await runTraining({ ...quiet, buildModel, config, outDir }).catch((e: unknown) => e)) as DataError;
    expect(err).toBeInstanceOf(DataError);
    expect(err.code).toBe("MFG4901");
    expect(err.diagnostic.message).toMatch(/at epoch 2, batch \d+ of 6/);
    expect(err.diagnostic.message).toMatch(/last good checkpoint is epoch 1/);
    const ckpts = await listCheckpoints(outDir);
    expect(ckpts.map((c) => c.epoch)).toEqual([1]);
  });

  it("refuses to resume from a checkpoint of a different spec", async () => {
    const outDir = tempDir();
    const r = await runTraining({ ...quiet, buildModel: mlp(4, 3), config: baseConfig(blobs(), { epochs: 1 }), outDir });
    r.model.dispose();
    const err = (await runTraining({ ...quiet, specHash: "h2", resume: true, buildModel: mlp(4, 3), config: baseConfig(blobs(), { epochs: 2 }), outDir }).catch((e: unknown) => e)) as DataError;
    expect(err).toBeInstanceOf(DataError);
    expect(err.code).toBe("MFG4902");
    expect(err.diagnostic.message).toMatch(/spec changed/);
  });

  it("raises bad data before the first training step", async () => {
    const outDir = tempDir();
    const config = baseConfig({ kind: "csv", path: "missing.csv", features: ["a"], labels: { probs: "y" }, groupBy: null, normalize: "none", window: null, limit: null });
    const err = (await runTraining({ ...quiet, buildModel: mlp(1, 3), config, outDir }).catch((e: unknown) => e)) as DataError;
    expect(err.code).toBe("MFG4001");
    expect(existsSync(path.join(outDir, "metrics.jsonl"))).toBe(false);
  });

  const names: OptimizerName[] = ["sgd", "momentum", "adam", "adamw", "nadam", "adamax", "rmsprop", "adagrad", "adadelta"];
  it("trains with every optimizer, schedule and clipping mode without diverging", async () => {
    const schedules = [
      { kind: "exponential_decay", decaySteps: 5, decayRate: 0.9, staircase: false },
      { kind: "cosine", decaySteps: 20, alpha: 0.1, warmupSteps: 3 },
      { kind: "step", everyEpochs: 1, factor: 0.5 },
    ] as const;
    for (const [i, name] of names.entries()) {
      const lr = name === "adadelta" ? 1 : name === "sgd" || name === "momentum" || name === "adagrad" ? 0.1 : 0.01;
      const r = await runTraining({
        ...quiet,
        buildModel: mlp(4, 3),
        config: baseConfig(blobs(), {
          epochs: 2,
          optimizer: { name, learningRate: lr, options: {}, clipGlobalNorm: i % 3 === 0 ? 1 : null, clipNorm: i % 3 === 1 ? 1 : null, clipValue: i % 3 === 2 ? 0.5 : null },
          schedule: schedules[i % 3]!,
        }),
        outDir: tempDir(),
      });
      expect(Number.isFinite(r.final.loss), name).toBe(true);
      expect(r.history[1]!.logs.loss!, name).toBeLessThan(r.history[0]!.logs.loss! + 0.05);
      r.model.dispose();
    }
  });

  it("trains a multi-output model with per-output losses, weights and metric names", async () => {
    const build = () => {
      const input = tf.input({ shape: [16, 16, 1], name: "image" });
      const f = tf.layers.flatten().apply(tf.layers.conv2d({ filters: 2, kernelSize: 3, activation: "relu" }).apply(input)) as tf.SymbolicTensor;
      const cls = tf.layers.dense({ units: 3, activation: "softmax", name: "cls" }).apply(f) as tf.SymbolicTensor;
      const sev = tf.layers.dense({ units: 1, activation: "sigmoid", name: "severity" }).apply(f) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: [cls, sev] });
    };
    const r = await runTraining({
      ...quiet,
      buildModel: build,
      config: baseConfig(
        { kind: "synthetic", generator: "defects", samples: 48, seed: 1, options: {} },
        {
          epochs: 1,
          losses: [
            { output: "cls", loss: "categorical_crossentropy", weight: 1 },
            { output: "severity", loss: "mse", weight: 0.5 },
          ],
          metrics: [
            { output: "cls", metrics: ["accuracy"] },
            { output: "severity", metrics: ["mae", "rmse"] },
          ],
        },
      ),
      outDir: tempDir(),
    });
    expect(Object.keys(r.final)).toEqual(["loss", "cls_loss", "cls_accuracy", "severity_loss", "severity_mae", "severity_rmse", "val_loss", "val_cls_loss", "val_cls_accuracy", "val_severity_loss", "val_severity_mae", "val_severity_rmse"]);
    expect(r.final.loss).toBeCloseTo(r.final.cls_loss! + 0.5 * r.final.severity_loss!, 3);
    r.model.dispose();
  });

  it("trains from streamed IDX files (tf.data path) reproducibly and without leaks", async () => {
    const dir = tempDir();
    writeIdxPair(dir, 40, 4, 4, 3, true);
    const build = () => {
      const input = tf.input({ shape: [4, 4, 1], name: "image" });
      const f = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: tf.layers.dense({ units: 3, activation: "softmax", name: "probs" }).apply(f) as tf.SymbolicTensor });
    };
    const config = baseConfig({ kind: "idx", images: "images-idx3-ubyte.gz", labels: "labels-idx1-ubyte.gz", scale: 1 / 255, limit: null }, { epochs: 3 });
    const counts: number[] = [];
    const run = () => runTraining({ ...quiet, specDir: dir, buildModel: build, config, outDir: tempDir(), streamThresholdBytes: 64, onEpochEnd: () => counts.push(tf.memory().numTensors) });
    const a = await run();
    const b = await run();
    expect(a.history[0]!.logs.val_loss).toBeGreaterThan(0);
    expect(metricsOnly(b.history)).toEqual(metricsOnly(a.history));
    expect(new Set(counts.slice(1, 3)).size).toBe(1);
    a.model.dispose();
    b.model.dispose();
  });
});
