/**
 * Data-parallel training over worker threads (src/runtime/train/parallel/): 2 replicas vs 1 thread from
 * the same seed and global batch, determinism run to run, and how a failing worker ends the run.
 * Kill-and-resume with 2 workers is in resume.test.ts.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { DataError, runTraining, type TrainResult } from "../../../src/runtime/index.js";
import type { TrainConfig } from "../../../src/runtime/config.js";
import { listCheckpoints, readCheckpoint } from "../../../src/runtime/train/checkpoint.js";
import { shardSizes } from "../../../src/runtime/train/parallel/protocol.js";
import { hasRecurrentLayer, replicaCount } from "../../../src/runtime/train/parallel/worker-count.js";
import { REPLICA_FAULT_ENV } from "../../../src/runtime/train/parallel/test-fault.js";
import { baseConfig, metricsOnly, mlp, tempDir } from "../helpers.js";
import { buildModel as buildBnModel } from "./fixtures/parallel-bn.js";
import { buildModel as buildUnnamed } from "./fixtures/parallel-unnamed.js";

const fixture = (name: string) => pathToFileURL(path.join(import.meta.dirname, "fixtures", name)).href;
const PLAIN = fixture("parallel-mlp.ts");
const DROPOUT = fixture("parallel-mlp-dropout.ts");

const blobs = (samples: number) => ({ kind: "synthetic" as const, generator: "blobs", samples, seed: 3, options: {} });

/** 480 blobs samples: 360 train (23 steps of 16, the last of 8), 120 validation. */
function config(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return baseConfig(blobs(480), { epochs: 1, batchSize: 16, seed: 11, ...overrides });
}

async function train(workers: number, module: string, cfg: TrainConfig, outDir = tempDir()): Promise<TrainResult> {
  return runTraining({ buildModel: mlp(4, 3, { dropout: module === DROPOUT }), trainModule: module, workers, config: cfg, specDir: ".", specHash: "parallel", outDir, backend: "cpu", log: () => {} });
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("shard sizes", () => {
  it("split a batch into contiguous shards whose sizes differ by at most one", () => {
    expect(shardSizes(16, 2)).toEqual([8, 8]);
    expect(shardSizes(17, 2)).toEqual([9, 8]);
    expect(shardSizes(8, 3)).toEqual([3, 3, 2]);
    expect(shardSizes(1, 2)).toEqual([1, 0]);
  });
});

describe("worker count", () => {
  const sig = { inputs: [{ name: "x", shape: [null, 4], dtype: "float32" as const }], outputs: [{ name: "probs", shape: [null, 3], loss: "categorical_crossentropy" as const }] };
  it("defaults to the machine's cores on wasm and cpu, and to 1 (saying why) where the parallel path does not apply", () => {
    expect(replicaCount(undefined, "wasm", PLAIN, sig)).toEqual({ workers: availableParallelism(), line: expect.stringContaining(`workers: ${availableParallelism()}`) as string });
    expect(replicaCount(3, "cpu", PLAIN, sig).workers).toBe(3);
    // Asking for more threads than cores is allowed, and said.
    expect(replicaCount(availableParallelism() + 1, "cpu", PLAIN, sig).line).toContain(`more than the machine's ${availableParallelism()} cores`);
    expect(replicaCount(1, "wasm", PLAIN, sig)).toEqual({ workers: 1, line: "workers: 1 (one thread)" });
    expect(replicaCount(4, "webgpu", PLAIN, sig)).toEqual({ workers: 1, line: "workers: 1 (data-parallel training runs on the wasm and cpu backends; `webgpu` trains on one thread)" });
    expect(replicaCount(undefined, "wasm", undefined, sig).line).toContain("does not name its module");
    const sequence = { ...sig, inputs: [{ name: "seq", shape: [null, null, 4], dtype: "float32" as const }] };
    expect(replicaCount(2, "wasm", PLAIN, sequence)).toEqual({ workers: 1, line: "workers: 1 (`seq` has a dimension of variable length, which data-parallel training does not support)" });
  });
  it("keeps models with recurrent layers on one thread by default, and splits them when asked", () => {
    // The class names tfjs-layers gives these layers (getClassName), checked on real instances: the
    // rule must see tf.layers.lstm as "LSTM", not a name written down from memory.
    const lstm = tf.sequential({ layers: [tf.layers.lstm({ units: 2, inputShape: [3, 4] }), tf.layers.dense({ units: 1 })] });
    const dense = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [4] })] });
    const names = (m: tf.LayersModel) => m.layers.map((l) => l.getClassName());
    expect(hasRecurrentLayer(names(lstm))).toBe(true);
    expect(hasRecurrentLayer(names(dense))).toBe(false);
    expect(replicaCount(undefined, "wasm", PLAIN, sig, names(lstm))).toEqual({ workers: 1, line: expect.stringContaining("recurrent layers") as string });
    expect(replicaCount(2, "wasm", PLAIN, sig, names(lstm)).workers).toBe(2);
    expect(replicaCount(undefined, "wasm", PLAIN, sig, names(dense)).workers).toBe(availableParallelism());
    // Transfer freezes layers (inference-mode BatchNormalization, unfreezing by epoch) only in the main
    // thread's model: such a run must stay on one thread even when more are asked for.
    expect(replicaCount(2, "wasm", PLAIN, sig, names(dense), true)).toEqual({ workers: 1, line: expect.stringContaining("transfer learning") as string });
    lstm.dispose();
    dense.dispose();
  });
});

describe("2 workers vs 1 thread", () => {
  it("agree within float32 summation error, and the worker really computed half of every batch", { timeout: 120_000 }, async () => {
    // Plain SGD and no dropout/BatchNorm: both runs compute the same full-batch gradient, only the order
    // of float32 additions differs (one sum over 16 samples vs two over 8, combined in float64).
    const cfg = config({ optimizer: { name: "sgd", learningRate: 0.1, options: {}, clipGlobalNorm: null, clipNorm: null, clipValue: null } });
    const one = await train(1, PLAIN, cfg);
    const two = await train(2, PLAIN, cfg);
    const w1 = one.model.getWeights().map((w) => w.dataSync());
    const w2 = two.model.getWeights().map((w) => w.dataSync());
    const w0 = mlp(4, 3, { dropout: false })().getWeights().map((w) => w.dataSync());

    // The worker did half the work: 23 steps each, the first shard of a 16-batch 8 samples, of the last 8-batch 4.
    expect(one.replicas).toBeNull();
    expect(two.replicas).toEqual({ replicas: 2, steps: [23, 23], samples: [180, 180] });

    // Tolerance. A float32 sum of n terms is off by at most γₙ·Σ|terms|, γₙ = n·u/(1 − n·u), u = 2⁻²⁴
    // (Higham, Accuracy and Stability, §4.2); the two runs' gradients differ by at most 2·γ₁₆·G per
    // element, G the largest per-sample gradient (≤ 4 here: softmax cross-entropy's gradient by a logit
    // lies in [−1, 1], times activations of blobs features of magnitude < 4). Through SGD (lr 0.1) the
    // weights drift apart by ≤ lr·2·γ₁₆·G per step, compounded by at most (1 + lr·L) per step for a
    // gradient Lipschitz constant L ≲ 1: over 23 steps ≤ 23 · 0.1 · 1.9e-6 · 4 · 1.1²³ ≈ 1.6e-4. Rounding
    // the weights themselves adds ≤ 23·u·|w| ≈ 3e-6. We allow 2e-4 absolute.
    let maxDiff = 0;
    let maxMove = 0;
    w1.forEach((a, i) => {
      for (let e = 0; e < a.length; e++) {
        maxDiff = Math.max(maxDiff, Math.abs(a[e]! - w2[i]![e]!));
        maxMove = Math.max(maxMove, Math.abs(a[e]! - w0[i]![e]!));
      }
    });
    expect(maxDiff).toBeLessThan(2e-4);
    // Training moved the weights by far more than the runs differ (so the comparison is not vacuous).
    expect(maxMove).toBeGreaterThan(0.05);

    // Epoch metrics: losses are means of the same per-sample losses (≤ 2e-4 apart, by the bound above
    // times the loss's slope ≲ G); accuracy-type metrics count argmax hits, which agree unless a
    // prediction sits within that distance of a tie — allow one sample of 120 validation / 360 training.
    const l1 = one.history[0]!.logs;
    const l2 = two.history[0]!.logs;
    for (const k of ["loss", "val_loss"]) expect(Math.abs(l1[k]! - l2[k]!)).toBeLessThan(1e-3);
    for (const k of ["accuracy", "val_accuracy"]) expect(Math.abs(l1[k]! - l2[k]!)).toBeLessThanOrEqual(1 / 120 + 1e-12);
    one.model.dispose();
    two.model.dispose();
  });
});

describe("BatchNormalization", () => {
  it("moving means averaged over shards (8 + 7 samples) equal the one-thread moving mean", { timeout: 60_000 }, async () => {
    // tfjs/Keras update moving_mean ← m·moving_mean + (1 − m)·μ_batch, linear in the batch mean, and the
    // shard-size-weighted mean of the shard means is the batch mean: (8·μ₁ + 7·μ₂)/15 = μ. So after one
    // step both runs hold 0.99·0 + 0.01·μ, up to float32 rounding of the means (≤ 16·u·|x|, |x| < 10).
    // Moving variances differ (per-shard variances, as MirroredStrategy without SyncBatchNormalization).
    const cfg = baseConfig(blobs(20), { epochs: 1, batchSize: 16, seed: 5 });
    const run = (workers: number) =>
      runTraining({ buildModel: buildBnModel, trainModule: fixture("parallel-bn.ts"), workers, config: cfg, specDir: ".", specHash: "bn", outDir: tempDir(), backend: "cpu", log: () => {} });
    const one = await run(1);
    const two = await run(2);
    expect(two.replicas).toEqual({ replicas: 2, steps: [1, 1], samples: [8, 7] });
    const movingMean = (r: TrainResult) => Array.from(r.model.getLayer("bn").getWeights()[2]!.dataSync());
    const m1 = movingMean(one);
    const m2 = movingMean(two);
    expect(m1.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    m1.forEach((v, i) => expect(Math.abs(v - m2[i]!)).toBeLessThan(1e-6));
    one.model.dispose();
    two.model.dispose();
  });
});

describe("names", () => {
  it("workers use the coordinator's input names, which tfjs makes unique per thread (a second build here gets a suffix)", { timeout: 60_000 }, async () => {
    buildUnnamed().dispose();
    const r = await runTraining({ buildModel: buildUnnamed, trainModule: fixture("parallel-unnamed.ts"), workers: 2, config: config(), specDir: ".", specHash: "n", outDir: tempDir(), backend: "cpu", log: () => {} });
    expect(r.replicas?.steps).toEqual([23, 23]);
    r.model.dispose();
  });
});

describe("determinism", () => {
  it("two 2-worker runs from the same seed, with dropout, give bitwise the same metrics and weights", { timeout: 120_000 }, async () => {
    // Each step's dropout masks come from generators seeded by (step seed, replica), the step seed drawn
    // from the run's seeded generator: nothing depends on thread timing.
    const cfg = config({ epochs: 2 });
    const a = await train(2, DROPOUT, cfg);
    const b = await train(2, DROPOUT, cfg);
    expect(metricsOnly(b.history)).toEqual(metricsOnly(a.history));
    expect(b.model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(a.model.getWeights().map((w) => Array.from(w.dataSync())));
    expect(a.replicas?.steps).toEqual([46, 46]);
    a.model.dispose();
    b.model.dispose();
  });
});

describe("a worker that fails", () => {
  afterEach(() => {
    delete process.env[REPLICA_FAULT_ENV];
  });

  it.each(["throw", "exit"])("(%s in its 30th step, epoch 2) ends the run with MFG4920; the epoch-1 checkpoint stays intact", { timeout: 120_000 }, async (how) => {
    // Worker 1 fails in epoch 2 (23 steps per epoch): by then epoch 1's checkpoint is written.
    process.env[REPLICA_FAULT_ENV] = `1:30:${how}`;
    const outDir = tempDir();
    const e = await train(2, PLAIN, config({ epochs: 3 }), outDir).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataError);
    const d = (e as DataError).diagnostic;
    expect(d.code).toBe("MFG4920");
    expect(d.message).toContain("worker thread 1 of 1 (besides the main thread) failed at epoch 2, batch 7 of 23 (step 30)");
    expect(d.message).toContain(how === "throw" ? "injected fault in replica 1 at its step 30" : "its thread exited with code 7");
    expect(d.message).toContain("The last good checkpoint is epoch 1");
    const checkpoints = await listCheckpoints(outDir);
    expect(checkpoints.map((c) => c.epoch)).toEqual([1]);
    const ckpt = await readCheckpoint(checkpoints[0]!.dir);
    expect(ckpt.state.epoch).toBe(1);
    tf.dispose([...ckpt.tensors.weights, ...ckpt.tensors.optimizerSlots]);
    expect(existsSync(path.join(outDir, "model"))).toBe(false);
  });

  it("a training module without `buildModel` stops the run before the first step with MFG4921", { timeout: 60_000 }, async () => {
    const e = await runTraining({ buildModel: mlp(4, 3), trainModule: fixture("resume-config.ts"), workers: 2, config: config(), specDir: ".", specHash: "p", outDir: tempDir(), backend: "cpu", log: () => {} }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).diagnostic.code).toBe("MFG4921");
    expect((e as DataError).diagnostic.message).toContain("exports no `buildModel`");
    // One full stop between the worker's message and ours, whether or not the worker's ends in one.
    expect((e as DataError).diagnostic.message).toMatch(/`mfgc build`\)\. Training stopped\./);
  });
});
