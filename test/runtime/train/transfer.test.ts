/**
 * Transfer learning in the runtime: weights matched by layer name, problems found before training,
 * frozen layers (BatchNormalization included) bit-identical after training, parameter groups with their
 * own learning-rate scale, unfreezing at an epoch, and resume across all of it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { TrainConfig, TransferConfig } from "../../../src/runtime/config.js";
import { saveModel } from "../../../src/runtime/io/fs-handler.js";
import { runTraining } from "../../../src/runtime/index.js";
import { readCheckpoint, listCheckpoints } from "../../../src/runtime/train/checkpoint.js";
import { ParamGroupOptimizer } from "../../../src/runtime/train/param-groups.js";
import { disposeSource, planTransfer, readSourceWeights } from "../../../src/runtime/train/transfer.js";
import { dataRootsFor } from "../../../src/runtime/data/data-path.js";
import type { RunInfo } from "../../../src/runtime/train/run-info.js";
import { baseConfig, blobs, tempDir } from "../helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const quiet = { specDir: "/", specHash: "t1", backend: "cpu", log: () => {} } as const;

/** 4 features → dense `c1` (8) → batch norm `bn` → dense `d2` (6) → softmax head `head` (`classes` units). */
function net(classes: number, head = "head", c1Units = 8): () => tf.LayersModel {
  return () => {
    const x = tf.input({ shape: [4], name: "x" });
    let h = tf.layers.dense({ units: c1Units, activation: "relu", name: "c1", kernelInitializer: tf.initializers.glorotUniform({ seed: 11 }) }).apply(x) as tf.SymbolicTensor;
    h = tf.layers.batchNormalization({ name: "bn" }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.dense({ units: 6, activation: "relu", name: "d2", kernelInitializer: tf.initializers.glorotUniform({ seed: 12 }) }).apply(h) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: classes, activation: "softmax", name: head, kernelInitializer: tf.initializers.glorotUniform({ seed: 13 }) }).apply(h) as tf.SymbolicTensor;
    return tf.model({ inputs: x, outputs: out });
  };
}

function config(transfer: TransferConfig | undefined, overrides: Partial<TrainConfig> = {}): TrainConfig {
  const c = baseConfig(blobs(), { losses: [{ output: "head", loss: "categorical_crossentropy", weight: 1 }], metrics: [{ output: "head", metrics: ["accuracy"] }], ...overrides });
  return transfer === undefined ? c : { ...c, transfer };
}

/** A trained source run (3-class blobs), shared by the tests. */
let sourceRun = "";
let sourceWeights: Map<string, Float32Array[]>;

async function weightsByLayer(model: tf.LayersModel): Promise<Map<string, Float32Array[]>> {
  const out = new Map<string, Float32Array[]>();
  for (const l of model.layers) out.set(l.name, await Promise.all(l.getWeights().map(async (w) => (await w.data()) as Float32Array)));
  return out;
}

beforeAll(async () => {
  sourceRun = tempDir("mfgc-transfer-src-");
  const r = await runTraining({ ...quiet, buildModel: net(3), config: config(undefined), outDir: sourceRun });
  sourceWeights = await weightsByLayer(r.model);
  r.model.dispose();
});

const transfer = (t: Partial<TransferConfig>): TransferConfig => ({ source: { kind: "run", path: sourceRun }, layers: null, freeze: [], lrScale: 1, unfreezeAt: null, ...t });

describe("matching a transfer source by layer name", () => {
  it("loads layers with the same name and shapes, leaves new layers fresh, and names every problem", async () => {
    const source = await readSourceWeights({ kind: "run", path: sourceRun }, "/", await dataRootsFor("/"));
    // Same architecture, new 5-class head under another name: c1, bn, d2 load; `items` is fresh.
    const model = net(5, "items")();
    const plan = planTransfer(model, source, transfer({ freeze: "transferred" }));
    expect(plan.loaded).toEqual(["c1", "bn", "d2"]);
    expect(plan.fresh).toEqual(["items"]);
    expect(plan.frozen).toEqual(["c1", "bn", "d2"]);
    expect(plan.problems).toEqual([]);

    // A head with the source's name but 5 units: its kernel [6, 5] and bias [5] do not fit [6, 3] / [3].
    const clash = net(5, "head")();
    expect(planTransfer(clash, source, transfer({})).problems.map((p) => [p.code, p.message])).toEqual([
      ["MFG4702", "weight `head/kernel` is [6, 5] in this model but [6, 3] in the transfer source"],
      ["MFG4702", "weight `head/bias` is [5] in this model but [3] in the transfer source"],
    ]);
    // A listed layer the source lacks; a layer named like a source layer of another kind (Dense vs
    // BatchNormalization: 2 weights vs 4); a frozen layer without weights.
    const other = (() => {
      const x = tf.input({ shape: [4], name: "x" });
      const c1 = tf.layers.dense({ units: 8, name: "c1" }).apply(x) as tf.SymbolicTensor;
      const bn = tf.layers.dense({ units: 8, name: "bn" }).apply(c1) as tf.SymbolicTensor;
      const drop = tf.layers.dropout({ rate: 0.1, name: "drop" }).apply(bn) as tf.SymbolicTensor;
      const extra = tf.layers.dense({ units: 2, name: "extra" }).apply(drop) as tf.SymbolicTensor;
      return tf.model({ inputs: x, outputs: extra });
    })();
    const problems = planTransfer(other, source, transfer({ layers: ["c1", "bn", "extra"], freeze: ["drop"] })).problems;
    expect(problems.map((p) => [p.code, p.layer])).toEqual([
      ["MFG4703", "bn"],
      ["MFG4701", "extra"],
      ["MFG4704", "drop"],
    ]);
    expect(problems[0]!.message).toBe("layer `bn` (Dense (a BatchNormalization in the source)) has 2 weights; the source's layer of that name has 4");
    [model, clash, other].forEach((m) => m.dispose());
    disposeSource(source);
  });

  it("refuses to train on a source that does not fit, before loading data (MFG4702), or one that is not there (MFG4700)", async () => {
    await expect(runTraining({ ...quiet, buildModel: net(3, "head", 16), config: config(transfer({ layers: ["c1"] })), outDir: tempDir() })).rejects.toMatchObject({
      code: "MFG4702",
    });
    await expect(runTraining({ ...quiet, buildModel: net(3), config: config(transfer({ source: { kind: "export", path: "/nonexistent/model" } })), outDir: tempDir() })).rejects.toMatchObject({ code: "MFG4700" });
  });
});

describe("training from a transferred model", () => {
  it("keeps frozen layers bit-identical (BatchNormalization's moving statistics too) while the rest trains", async () => {
    const outDir = tempDir();
    const r = await runTraining({ ...quiet, buildModel: net(3, "items"), config: config(transfer({ layers: ["c1", "bn", "d2"], freeze: ["c1", "bn"] })), outDir });
    const after = await weightsByLayer(r.model);
    // Frozen: the very bytes the source run saved (kernel, bias; gamma, beta, moving mean, moving variance).
    for (const name of ["c1", "bn"]) {
      const want = sourceWeights.get(name)!;
      expect(after.get(name)!.map((w) => Buffer.from(w.buffer))).toEqual(want.map((w) => Buffer.from(w.buffer)));
    }
    expect(sourceWeights.get("bn")!).toHaveLength(4);
    // Transferred but not frozen: started from the source and moved.
    expect(Array.from(after.get("d2")![0]!)).not.toEqual(Array.from(sourceWeights.get("d2")![0]!));
    // run-info.json records what was transferred and frozen, and the graph marks frozen layers.
    const info = JSON.parse(readFileSync(path.join(outDir, "run-info.json"), "utf8")) as RunInfo;
    expect(info.transfer).toMatchObject({ loaded: ["c1", "bn", "d2"], frozen: ["c1", "bn"], fresh: ["items"] });
    expect(info.graph.layers.filter((l) => !l.trainable && l.params > 0).map((l) => l.name)).toEqual(["c1", "bn"]);
    // Keras counts: c1 8·4+8 = 40, bn 4·8 = 32 (all non-trainable when frozen); d2 8·6+6 = 54, items 6·3+3 = 21.
    expect(info.graph.trainableParams).toBe(54 + 21);
    expect(info.graph.totalParams).toBe(40 + 32 + 54 + 21);
    r.model.dispose();
  });

  it("unfreezes at `unfreeze_at`: identical to the source through epoch 2, trained from epoch 3", async () => {
    const outDir = tempDir();
    const r = await runTraining({ ...quiet, buildModel: net(3, "items"), config: config(transfer({ layers: ["c1"], freeze: ["c1"], unfreezeAt: 3 }), { checkpoint: { every: 1, keep: 5 } }), outDir });
    const byEpoch = new Map((await listCheckpoints(outDir)).map((c) => [c.epoch, c.dir] as const));
    const c1At = async (epoch: number) => {
      const ck = await readCheckpoint(byEpoch.get(epoch)!);
      // Checkpoint weights follow model.getWeights(): c1's kernel is the first weight.
      const v = Buffer.from(((await ck.tensors.weights[0]!.data()) as Float32Array).buffer);
      tf.dispose([...ck.tensors.weights, ...ck.tensors.optimizerSlots, ...(ck.tensors.best ?? [])]);
      return v;
    };
    const source = Buffer.from(sourceWeights.get("c1")![0]!.buffer);
    expect(await c1At(1)).toEqual(source);
    expect(await c1At(2)).toEqual(source);
    expect(await c1At(3)).not.toEqual(source);
    r.model.dispose();
  });

  it("resumes a fine-tuning run exactly (parameter groups, their steps and slots are in the checkpoint)", async () => {
    const t = transfer({ layers: ["c1", "bn", "d2"], freeze: ["c1"], lrScale: 0.1, unfreezeAt: 2 });
    const full = await runTraining({ ...quiet, buildModel: net(3, "items"), config: config(t), outDir: tempDir() });
    const outDir = tempDir();
    const first = await runTraining({ ...quiet, buildModel: net(3, "items"), config: config(t), epochs: 2, outDir });
    first.model.dispose();
    const resumed = await runTraining({ ...quiet, buildModel: net(3, "items"), config: config(t), resume: true, outDir });
    expect(resumed.resumedFromEpoch).toBe(2);
    expect(resumed.history.map((h) => h.logs)).toEqual(full.history.map((h) => h.logs));
    const a = await weightsByLayer(full.model);
    const b = await weightsByLayer(resumed.model);
    expect([...b.entries()].map(([k, w]) => [k, w.map((x) => Array.from(x))])).toEqual([...a.entries()].map(([k, w]) => [k, w.map((x) => Array.from(x))]));
    [full, resumed].forEach((r) => r.model.dispose());
  });
});

describe("parameter groups", () => {
  it("apply each group's learning-rate scale (SGD: w − lr·scale·g) and leave inactive groups alone", async () => {
    const a = tf.variable(tf.tensor1d([1, 2]), true, "pg_a");
    const b = tf.variable(tf.tensor1d([3]), true, "pg_b");
    const c = tf.variable(tf.tensor1d([5]), true, "pg_c");
    const opt = new ParamGroupOptimizer({ name: "sgd", learningRate: 0.5, options: {}, clipGlobalNorm: null, clipNorm: null, clipValue: null }, [
      { name: "new", variables: [a], lrScale: 1, fromEpoch: 1, layers: [] },
      { name: "transferred", variables: [b], lrScale: 0.1, fromEpoch: 1, layers: [] },
      { name: "unfrozen", variables: [c], lrScale: 0.1, fromEpoch: 2, layers: [] },
    ]);
    expect(opt.beginEpoch(1)).toEqual([a, b]);
    opt.apply([tf.tensor1d([1, 1]), tf.tensor1d([2])], 0.5);
    // a: [1, 2] − 0.5·1·[1, 1] = [0.5, 1.5]; b: 3 − 0.5·0.1·2 = 2.9; c untouched.
    expect(Array.from(await a.data())).toEqual([0.5, 1.5]);
    expect((await b.data())[0]).toBeCloseTo(2.9, 6);
    expect((await c.data())[0]).toBe(5);
    expect(opt.beginEpoch(2)).toEqual([a, b, c]);
    opt.apply([tf.tensor1d([0, 0]), tf.tensor1d([0]), tf.tensor1d([10])], 0.5);
    // c: 5 − 0.5·0.1·10 = 4.5
    expect((await c.data())[0]).toBeCloseTo(4.5, 6);
    // Several groups: slots (none for SGD) then one step count per group: 2, 2, 1.
    const slots = opt.getSlots();
    expect(await Promise.all(slots.map(async (s) => (await s.data())[0]))).toEqual([2, 2, 1]);
    tf.dispose([a, b, c, ...slots]);
    opt.dispose();
  });
});

// The source run's saved model is read by name, so a model saved by `saveModel` anywhere works (`export`).
describe("export sources", () => {
  it("reads a plain model folder (model.json + weights.bin)", async () => {
    const dir = tempDir();
    const m = net(3)();
    await saveModel(m, dir);
    const source = await readSourceWeights({ kind: "export", path: dir }, "/", await dataRootsFor("/"));
    expect([...source.layers.keys()]).toEqual(["c1", "bn", "d2", "head"]);
    expect([...source.layers.get("bn")!.weights.keys()]).toEqual(["gamma", "beta", "moving_mean", "moving_variance"]);
    disposeSource(source);
    m.dispose();
  });
});
