/**
 * The runtime's own machinery on webgpu, where any synchronous read throws: streamed data (tf.data),
 * several epochs with a plateau schedule, global-norm clipping, early stopping that restores the best
 * weights, checkpoints and a resume, divergence detection (MFG4901), and the inference export with its
 * numeric checks. Histories and weights are compared with the cpu backend's (tfjs's plain JavaScript
 * kernels) within 1e-5: float32 sums in another order, nothing more.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instantiate } from "../../src/codegen/lower/instantiate.js";
import { lowerGraph } from "../../src/codegen/lower/lower-graph.js";
import { exportInference } from "../../src/export/export-inference.js";
import { optimize } from "../../src/ir/passes/pipeline.js";
import { compileText } from "../../src/pipeline.js";
import type { TrainConfig } from "../../src/runtime/config.js";
import { DataError, runTraining, type TrainResult } from "../../src/runtime/index.js";
import { saveModel } from "../../src/runtime/io/fs-handler.js";
import { baseConfig, blobs, divergingRun, metricsOnly, mlp } from "../runtime/helpers.js";
import { writeIdxPair } from "../runtime/data/idx-files.js";
import { maxAbsDiff, read, requireWebGpu, ROOT, SKIP_WEBGPU, use } from "./webgpu.js";

const TOLERANCE = 1e-5;
let scratch = "";
const dir = (name: string) => {
  const d = path.join(scratch, name);
  mkdirSync(d, { recursive: true });
  return d;
};

/** Every history value (logs and learning rate) of `got` within TOLERANCE of `want`'s, same keys. */
function expectHistoriesClose(got: TrainResult["history"], want: TrainResult["history"]): void {
  expect(got.map((h) => Object.keys(h.logs).sort())).toEqual(want.map((h) => Object.keys(h.logs).sort()));
  want.forEach((h, i) => {
    for (const [k, v] of Object.entries(h.logs)) expect(Math.abs(got[i]!.logs[k]! - v), `epoch ${h.epoch} ${k}`).toBeLessThanOrEqual(TOLERANCE);
    expect(got[i]!.lr).toBeCloseTo(h.lr, 12);
  });
}

async function weightsOf(r: TrainResult): Promise<Float32Array[]> {
  return read(r.model.getWeights());
}

describe.skipIf(SKIP_WEBGPU)("the training runtime on webgpu", () => {
  beforeAll(async () => {
    await requireWebGpu();
    mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
    scratch = mkdtempSync(path.join(ROOT, ".tmp", "webgpu-runtime-"));
  });
  afterAll(async () => {
    if (scratch !== "") rmSync(scratch, { recursive: true, force: true });
    await tf.setBackend("cpu");
  });

  it("streamed IDX data, plateau schedule, clipping, early stopping with restore: same history and weights as cpu, no leaks", async () => {
    const data = dir("idx");
    writeIdxPair(data, 40, 4, 4, 3, true);
    const build = () => {
      const input = tf.input({ shape: [4, 4, 1], name: "image" });
      const f = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
      const h = tf.layers.dense({ units: 6, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }).apply(f) as tf.SymbolicTensor;
      const d = tf.layers.dropout({ rate: 0.2 }).apply(h) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: tf.layers.dense({ units: 3, activation: "softmax", name: "probs", kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }).apply(d) as tf.SymbolicTensor });
    };
    const config: TrainConfig = baseConfig(
      { kind: "idx", images: "images-idx3-ubyte.gz", labels: "labels-idx1-ubyte.gz", scale: 1 / 255, limit: null },
      {
        epochs: 4,
        batchSize: 8,
        optimizer: { name: "adam", learningRate: 0.05, options: {}, clipGlobalNorm: 0.5, clipNorm: null, clipValue: null },
        schedule: { kind: "reduce_on_plateau", monitor: "val_loss", factor: 0.5, patience: 1, minLr: 1e-4, minDelta: 0, cooldown: 0, mode: "min" },
        earlyStopping: { monitor: "val_loss", patience: 2, minDelta: 0, mode: "min", restoreBest: true },
      },
    );
    const run = async (backend: "cpu" | "webgpu") => {
      const counts: number[] = [];
      const r = await runTraining({ buildModel: build, config, specDir: data, specHash: "h", outDir: dir(`stream-${backend}`), backend, log: () => {}, streamThresholdBytes: 64, onEpochEnd: () => counts.push(tf.memory().numTensors) });
      return { r, counts, weights: await weightsOf(r) };
    };
    const cpu = await run("cpu");
    const gpu = await run("webgpu");
    expect(gpu.r.backend.name).toBe("webgpu");
    expectHistoriesClose(gpu.r.history, cpu.r.history);
    expect(maxAbsDiff(gpu.weights, cpu.weights)).toBeLessThanOrEqual(TOLERANCE);
    // Tensors stay level from epoch to epoch (pending read-backs are released).
    expect(new Set(gpu.counts.slice(1)).size).toBe(1);
    cpu.r.model.dispose();
    gpu.r.model.dispose();
  });

  it("resumes from a checkpoint written on webgpu to exactly the uninterrupted run's metrics", async () => {
    const config = baseConfig(blobs(), { epochs: 3 });
    const opts = { buildModel: mlp(4, 3), specDir: ".", specHash: "h", backend: "webgpu", log: () => {} } as const;
    const whole = await runTraining({ ...opts, config, outDir: dir("whole") });
    const out = dir("resumed");
    (await runTraining({ ...opts, config: { ...config, epochs: 2 }, outDir: out })).model.dispose();
    const resumed = await runTraining({ ...opts, config, outDir: out, resume: true });
    expect(resumed.resumedFromEpoch).toBe(2);
    expect(metricsOnly(resumed.history)).toEqual(metricsOnly(whole.history));
    expect(maxAbsDiff(await weightsOf(resumed), await weightsOf(whole))).toBe(0);
    whole.model.dispose();
    resumed.model.dispose();
  });

  it("stops on a non-finite loss with MFG4901 naming the first bad batch, as on cpu", async () => {
    // The same diverging run as test/runtime/train/train.test.ts.
    const { config, buildModel } = divergingRun();
    const fail = async (backend: "cpu" | "webgpu") =>
      (await runTraining({ buildModel, config, specDir: ".", specHash: "h", outDir: dir(`nan-${backend}`), backend, log: () => {} }).catch((e: unknown) => e)) as DataError;
    const cpu = await fail("cpu");
    const gpu = await fail("webgpu");
    expect(gpu).toBeInstanceOf(DataError);
    expect(gpu.code).toBe("MFG4901");
    expect(gpu.diagnostic.message).toMatch(/at epoch 2, batch \d+ of 6 .*The last good checkpoint is epoch 1/);
    expect(gpu.diagnostic.message.replace(/loss became \S+/, "")).toBe(cpu.diagnostic.message.replace(/loss became \S+/, ""));
  });

  it("mfgc's inference export runs its numeric checks on webgpu", async () => {
    const text = `model Tiny {
  input x: f32[6, 6, 1]
  x -> conv2d(4, kernel: 3, use_bias: false) -> batchnorm -> activation(relu) -> flatten -> dropout(0.2) -> dense(3, activation: softmax) as probs
  output probs
}
`;
    const specFile = path.join(dir("export"), "tiny.mfgnet");
    writeFileSync(specFile, text);
    const compiled = compileText(text, specFile, "dsl");
    const model = instantiate(lowerGraph(optimize(compiled.graph!, 1).graph, { seed: 1 }));
    await saveModel(model, path.join(scratch, "export", "trained"));
    model.dispose();
    await use("webgpu");
    const result = await exportInference({ specPath: specFile, weightsDir: path.join(scratch, "export", "trained"), outDir: path.join(scratch, "export", "out"), mfgcVersion: "0.0.0-test" });
    expect(result.diagnostics).toEqual([]);
    expect(result.report!.check.maxAbsDiff).toBeLessThanOrEqual(result.report!.check.tolerance);
    expect(existsSync(path.join(scratch, "export", "out", "model.json"))).toBe(true);
  });
});
