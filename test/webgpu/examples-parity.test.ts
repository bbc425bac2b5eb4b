/**
 * Every example spec's generated training code runs on webgpu exactly as on the cpu backend: the same
 * committed `generated/<spec>/train.ts`, one epoch of 3 training steps (plus validation, checkpoint,
 * test evaluation and model export), once per backend. The cpu backend is the reference (tfjs's plain
 * JavaScript kernels); the epoch's losses and metrics, the test metrics and every final weight must
 * agree within 1e-5 — float32 rounding of differently ordered sums, nothing more.
 *
 * Not here: fashion_pretrain (fashion_cnn's network) and fashion_transfer (needs fashion_pretrain's run).
 * fashion_bn_augment's random_translation samples with tf.image.transform, whose tfjs-backend-cpu 4.22
 * kernel transforms only the first image of a batch; mfgc replaces it on cpu
 * (src/runtime/kernels/transform.ts), so the cpu run is a valid reference for it too.
 *
 * Same seeds on both runs: initializers and dropout masks draw their random numbers on the host (the
 * runtime seeds Math.random), so the two runs differ only in where the arithmetic happens.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TrainOverrides, TrainResult } from "../../src/runtime/index.js";
import { maxAbsDiff, read, requireWebGpu, ROOT, SKIP_WEBGPU } from "./webgpu.js";

const TOLERANCE = 1e-5;
const FASHION_MNIST = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";

interface Case {
  /** Folder under generated/. */
  readonly folder: string;
  /** Samples per split: the spec's validation split leaves exactly 3 batches to train on. */
  readonly limit: number;
  readonly batch: number;
  readonly trainSamples: number;
  readonly needs?: string;
  /** Largest weight difference allowed, when not TOLERANCE (losses and metrics always use TOLERANCE). */
  readonly weightTolerance?: number;
}

// The conv nets train in small batches: the cpu reference computes conv gradients in plain JavaScript
// (about a sample per second for the tutorial CNN on 2 cores; the residual net is ~3× its FLOPs).
const CASES: readonly Case[] = [
  // split(0.1): 13 − round(1.3) = 12 = 3 × 4.
  { folder: "fashion_cnn", limit: 13, batch: 4, trainSamples: 12, needs: FASHION_MNIST },
  { folder: "fashion_cnn_yaml", limit: 13, batch: 4, trainSamples: 12, needs: FASHION_MNIST },
  // The same split. random_flip and random_translation draw on the host, so both runs see the same
  // batches, and tf.image.transform itself agrees within 1e-6 (layers-parity.test.ts). The weights get a
  // looser bound: measured up to 9.1e-5 (with the spec's first recipe), in the kernels that feed a
  // batchnorm on 4 samples. Batchnorm's backward pass centres the gradient over the batch, so a
  // feature that is nearly the same in all 4 images (the blank borders) gets a gradient that is almost
  // only rounding, and Adam's first steps, g / (|g| + 1e-7), scale that up. The wasm backend differs from
  // cpu by as much on this spec, and on fashion_cnn (no batchnorm) by under 3e-7.
  { folder: "fashion_bn_augment", limit: 13, batch: 4, trainSamples: 12, needs: FASHION_MNIST, weightTolerance: 2e-4 },
  // split(0.2): 8 − round(1.6) = 6 = 3 × 2; 30 − 6 = 24 = 3 × 8.
  { folder: "surface_defects_resnet", limit: 8, batch: 2, trainSamples: 6 },
  { folder: "turbofan_rul", limit: 30, batch: 8, trainSamples: 24 },
  { folder: "process_events_transformer", limit: 30, batch: 8, trainSamples: 24 },
];

interface GeneratedTrain {
  train(options: TrainOverrides): Promise<TrainResult>;
}

interface Run {
  readonly backend: string;
  readonly lines: readonly string[];
  readonly logs: Readonly<Record<string, number>>;
  readonly test: Readonly<Record<string, number>> | null;
  readonly weights: Float32Array[];
  readonly weightNames: string[];
}

let scratch = "";

async function trainOn(c: Case, backend: "cpu" | "webgpu"): Promise<Run> {
  const mod = (await import(/* @vite-ignore */ join(ROOT, "generated", c.folder, "train.ts"))) as GeneratedTrain;
  const lines: string[] = [];
  // The Fashion-MNIST specs read Debian's dataset folder, outside this project: allowed as a user would.
  // One thread on both backends: cpu would otherwise train data-parallel (webgpu never does), with
  // per-shard dropout masks and batchnorm statistics — another computation, not another backend.
  const result = await mod.train({ outDir: join(scratch, `${c.folder}-${backend}`), epochs: 1, limit: c.limit, batchSize: c.batch, backend, workers: 1, dataRoots: ["/usr/share/datasets"], log: (l) => lines.push(l) });
  const weights = await read(result.model.getWeights());
  const run: Run = {
    backend: result.backend.name,
    lines,
    logs: result.history[0]!.logs,
    test: result.test,
    weights,
    weightNames: result.model.weights.map((w) => w.originalName),
  };
  result.model.dispose();
  return run;
}

function expectLogsClose(got: Readonly<Record<string, number>>, want: Readonly<Record<string, number>>, what: string): void {
  expect(Object.keys(got).sort(), what).toEqual(Object.keys(want).sort());
  for (const [k, v] of Object.entries(want)) expect(Math.abs(got[k]! - v), `${what} ${k}: webgpu ${got[k]} vs cpu ${v}`).toBeLessThanOrEqual(TOLERANCE);
}

describe.skipIf(SKIP_WEBGPU)("example specs train on webgpu as on cpu (3 steps)", () => {
  beforeAll(async () => {
    await requireWebGpu();
    // Inside the repository, like every run folder the tests use (git-ignored).
    mkdirSync(join(ROOT, ".tmp"), { recursive: true });
    scratch = mkdtempSync(join(ROOT, ".tmp", "webgpu-parity-"));
  });
  afterAll(async () => {
    if (scratch !== "") rmSync(scratch, { recursive: true, force: true });
    await tf.setBackend("cpu");
  });

  for (const c of CASES) {
    const skip = c.needs !== undefined && !existsSync(c.needs);
    const weightTolerance = c.weightTolerance ?? TOLERANCE;
    const within = weightTolerance === TOLERANCE ? `${TOLERANCE}` : `${TOLERANCE} (weights ${weightTolerance})`;
    it.skipIf(skip)(`${c.folder}: losses, metrics and weights equal cpu's within ${within}`, { timeout: 900_000 }, async () => {
      const cpu = await trainOn(c, "cpu");
      const gpu = await trainOn(c, "webgpu");
      expect(cpu.backend).toBe("cpu");
      expect(gpu.backend).toBe("webgpu");
      for (const run of [cpu, gpu]) expect(run.lines).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^data: ${c.trainSamples} training`))]));
      expectLogsClose(gpu.logs, cpu.logs, "epoch 1");
      expect(gpu.test === null, "test metrics on both or neither").toBe(cpu.test === null);
      if (cpu.test !== null) expectLogsClose(gpu.test!, cpu.test, "test");
      expect(gpu.weightNames).toEqual(cpu.weightNames);
      const worst = maxAbsDiff(gpu.weights, cpu.weights);
      expect(worst, "largest weight difference").toBeLessThanOrEqual(weightTolerance);
    });
  }
});
