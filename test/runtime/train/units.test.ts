import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { clipGradients } from "../../../src/runtime/train/clip.js";
import { earlyStoppingUpdate, initialEarlyStoppingState } from "../../../src/runtime/train/early-stopping.js";
import { classReport, computeMetrics, rocAuc } from "../../../src/runtime/train/metrics.js";
import { TrainOptimizer } from "../../../src/runtime/train/optimizers.js";
import { initialScheduleState, learningRateAt, scheduleEpochEnd } from "../../../src/runtime/train/schedule.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("metrics on full predictions", () => {
  it("AUC by ranks, with ties", () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBeCloseTo(0.75);
    expect(rocAuc([0.5, 0.5], [false, true])).toBeCloseTo(0.5);
    expect(rocAuc([0.2, 0.3], [true, true])).toBeNaN();
  });

  it("per-class precision/recall/F1, macro averages and confusion matrix", () => {
    // truth: 0 0 1 2; pred: 0 1 1 1
    const yTrue = new Float32Array([1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const yPred = new Float32Array([0.9, 0.1, 0, 0.2, 0.7, 0.1, 0.1, 0.8, 0.1, 0.3, 0.4, 0.3]);
    const p = { loss: "categorical_crossentropy" as const, yTrue, trueWidth: 3, yPred, predWidth: 3 };
    const r = classReport(p);
    expect(r.confusion).toEqual([[1, 1, 0], [0, 1, 0], [0, 1, 0]]);
    expect(r.precision).toEqual([1, 1 / 3, 0]);
    expect(r.recall).toEqual([0.5, 1, 0]);
    const m = computeMetrics(["accuracy", "precision", "recall", "f1", "mae"], p);
    expect(m.accuracy).toBe(0.5);
    expect(m.precision).toBeCloseTo((1 + 1 / 3) / 3);
    expect(m.recall).toBeCloseTo(0.5);
    expect(m.f1).toBeCloseTo((2 / 3 + 0.5) / 3);
    expect(m.mae).toBeGreaterThan(0);
  });
});

describe("schedules and early stopping", () => {
  it("computes learning rates per step and epoch", () => {
    const s = initialScheduleState(1);
    expect(learningRateAt({ kind: "exponential_decay", decaySteps: 10, decayRate: 0.5, staircase: true }, 1, s, 15, 1)).toBe(0.5);
    expect(learningRateAt({ kind: "exponential_decay", decaySteps: 10, decayRate: 0.5, staircase: false }, 1, s, 5, 1)).toBeCloseTo(Math.SQRT1_2);
    expect(learningRateAt({ kind: "step", everyEpochs: 2, factor: 0.1 }, 1, s, 0, 3)).toBeCloseTo(0.1);
    const cos = { kind: "cosine", decaySteps: 10, alpha: 0, warmupSteps: 4 } as const;
    expect(learningRateAt(cos, 1, s, 1, 1)).toBe(0.5);
    expect(learningRateAt(cos, 1, s, 4, 1)).toBe(1);
    expect(learningRateAt(cos, 1, s, 9, 1)).toBeCloseTo(0.5);
    expect(learningRateAt(cos, 1, s, 100, 1)).toBeCloseTo(0);
  });

  it("reduce-on-plateau and early stopping keep state", () => {
    const plateau = { kind: "reduce_on_plateau", monitor: "val_loss", factor: 0.5, patience: 2, minLr: 0.1, minDelta: 0, cooldown: 0, mode: "min" } as const;
    const s = initialScheduleState(1);
    scheduleEpochEnd(plateau, s, { val_loss: 1 });
    scheduleEpochEnd(plateau, s, { val_loss: 1.1 });
    expect(s.lr).toBe(1);
    expect(scheduleEpochEnd(plateau, s, { val_loss: 1.2 })).toMatch(/→/);
    expect(s.lr).toBe(0.5);
    const es = initialEarlyStoppingState();
    const cfg = { monitor: "val_accuracy", patience: 2, minDelta: 0.01, mode: "max" as const, restoreBest: true };
    expect(earlyStoppingUpdate(cfg, es, 1, { val_accuracy: 0.5 })).toEqual({ improved: true, stop: false });
    expect(earlyStoppingUpdate(cfg, es, 2, { val_accuracy: 0.505 })).toEqual({ improved: false, stop: false });
    expect(earlyStoppingUpdate(cfg, es, 3, { val_accuracy: 0.4 })).toEqual({ improved: false, stop: true });
    expect(es.bestEpoch).toBe(1);
  });
});

describe("optimizer details", () => {
  it("AdamW decays kernels but not biases", () => {
    const kernel = tf.variable(tf.ones([2]), true, "t_dense/kernel");
    const bias = tf.variable(tf.ones([2]), true, "t_dense/bias");
    const opt = new TrainOptimizer({ name: "adamw", learningRate: 0.1, options: { weight_decay: 0.5 }, clipGlobalNorm: null, clipNorm: null, clipValue: null }, [kernel, bias]);
    const zeros = [tf.zeros([2]), tf.zeros([2])];
    opt.apply(zeros, 0.1);
    expect(Array.from(kernel.dataSync())).toEqual([0.95, 0.95].map((v) => Math.fround(v)));
    expect(Array.from(bias.dataSync())).toEqual([1, 1]);
    expect(opt.getSlots()).toHaveLength(4);
    opt.dispose();
    tf.dispose([kernel, bias, ...zeros]);
  });

  it("clips by global norm, per-tensor norm and value", () => {
    const g = [tf.tensor([3, 0]), tf.tensor([0, 4])];
    const norm = (t: tf.Tensor[]) => Math.sqrt(t.reduce((s, x) => s + tf.sum(tf.square(x)).dataSync()[0]!, 0));
    const global = clipGradients(g, { name: "sgd", learningRate: 1, options: {}, clipGlobalNorm: 1, clipNorm: null, clipValue: null });
    expect(norm(global)).toBeCloseTo(1);
    const per = clipGradients(g, { name: "sgd", learningRate: 1, options: {}, clipGlobalNorm: null, clipNorm: 2, clipValue: null });
    expect(Array.from(per[1]!.dataSync())).toEqual([0, 2]);
    const value = clipGradients(g, { name: "sgd", learningRate: 1, options: {}, clipGlobalNorm: null, clipNorm: null, clipValue: 1 });
    expect(Array.from(value[0]!.dataSync())).toEqual([1, 0]);
    tf.dispose([...g, ...global, ...per, ...value]);
  });
});
