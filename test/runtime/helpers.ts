/** Tiny models and configs shared by the runtime tests. */
import * as tf from "@tensorflow/tfjs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DataSource, TrainConfig } from "../../src/runtime/config.js";

export function tempDir(prefix = "mfgc-rt-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A small MLP classifier: `features` in, `classes` softmax out (named `probs`), with dropout. */
export function mlp(features: number, classes: number, opts: { dropout?: boolean; inputName?: string; activation?: string } = {}): () => tf.LayersModel {
  return () => {
    const input = tf.input({ shape: [features], name: opts.inputName ?? "x" });
    let h = tf.layers.dense({ units: 8, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tf.SymbolicTensor;
    if (opts.dropout !== false) h = tf.layers.dropout({ rate: 0.2 }).apply(h) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: classes, activation: (opts.activation ?? "softmax") as "softmax", name: "probs", kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(h) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: out });
  };
}

export function baseConfig(train: DataSource, overrides: Partial<TrainConfig> = {}): TrainConfig {
  return {
    data: { train, validation: { kind: "split", fraction: 0.25 }, test: null },
    optimizer: { name: "adam", learningRate: 0.01, options: {}, clipGlobalNorm: null, clipNorm: null, clipValue: null },
    schedule: { kind: "constant" },
    losses: [{ output: "probs", loss: "categorical_crossentropy", weight: 1 }],
    metrics: [{ output: "probs", metrics: ["accuracy", "precision", "recall", "f1", "auc"] }],
    epochs: 3,
    batchSize: 16,
    seed: 7,
    shuffle: true,
    earlyStopping: null,
    checkpoint: { every: 1, keep: 2 },
    ...overrides,
  };
}

/**
 * A run that diverges in epoch 2: a linear MLP under MSE whose step schedule multiplies the learning
 * rate by 1e30 after epoch 1 (the loss overflows to Inf/NaN within a few batches).
 */
export function divergingRun(): { config: TrainConfig; buildModel: () => tf.LayersModel } {
  const config = baseConfig(blobs(), {
    epochs: 4,
    optimizer: { name: "sgd", learningRate: 0.01, options: {}, clipGlobalNorm: null, clipNorm: null, clipValue: null },
    schedule: { kind: "step", everyEpochs: 1, factor: 1e30 },
    losses: [{ output: "probs", loss: "mse", weight: 1 }],
    metrics: [{ output: "probs", metrics: ["mae"] }],
  });
  return { config, buildModel: mlp(4, 3, { activation: "linear", dropout: false }) };
}

export const blobs = (samples = 120): DataSource => ({ kind: "synthetic", generator: "blobs", samples, seed: 3, options: {} });

/** Metric values of a history with timings dropped (timings differ between runs). */
export function metricsOnly(history: readonly { epoch: number; logs: Readonly<Record<string, number>>; lr: number }[]): unknown {
  return history.map((h) => ({ epoch: h.epoch, logs: h.logs, lr: h.lr }));
}
