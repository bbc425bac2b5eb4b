/**
 * Every learning-rate schedule and option of src/runtime/train/schedule.ts, and early stopping, against
 * values worked out by hand from Keras 3's definitions: keras.optimizers.schedules.ExponentialDecay and
 * CosineDecay (warm-up from initial_learning_rate 0 to warmup_target = lr), keras.callbacks.ReduceLROnPlateau
 * and EarlyStopping (their on_epoch_end, step by step), and PyTorch's StepLR for the epoch-wise `step`.
 * Steps are Keras's `optimizer.iterations`: 0 for the first update.
 */
import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { buildIR } from "../../../src/ir/build/index.js";
import { parseDsl } from "../../../src/parser/dsl/index.js";
import { parseYaml } from "../../../src/parser/yaml/index.js";
import type { EarlyStoppingConfig, ScheduleConfig } from "../../../src/runtime/config.js";
import { runTraining } from "../../../src/runtime/index.js";
import { earlyStoppingUpdate, initialEarlyStoppingState } from "../../../src/runtime/train/early-stopping.js";
import { initialScheduleState, learningRateAt, scheduleEpochEnd, type ScheduleState } from "../../../src/runtime/train/schedule.js";
import { baseConfig, blobs, mlp, tempDir } from "../helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const s0 = initialScheduleState(0.1);
const lrAt = (schedule: ScheduleConfig, base: number, step: number, epoch = 1) => learningRateAt(schedule, base, s0, step, epoch);

describe("step-based schedules", () => {
  it("constant", () => {
    expect(lrAt({ kind: "constant" }, 0.1, 1000, 7)).toBe(0.1);
  });

  it("exponential_decay: lr·rate^(step/decay_steps)", () => {
    const smooth = { kind: "exponential_decay", decaySteps: 10, decayRate: 0.5, staircase: false } as const;
    expect(lrAt(smooth, 0.1, 0)).toBe(0.1);
    expect(lrAt(smooth, 0.1, 5)).toBeCloseTo(0.1 * Math.SQRT1_2, 15);
    expect(lrAt(smooth, 0.1, 10)).toBeCloseTo(0.05, 15);
    expect(lrAt(smooth, 0.1, 25)).toBeCloseTo(0.1 * 0.5 ** 2.5, 15);
  });

  it("exponential_decay with staircase: the exponent floored, changing exactly at multiples of decay_steps", () => {
    const stairs = { kind: "exponential_decay", decaySteps: 10, decayRate: 0.5, staircase: true } as const;
    expect([0, 9, 10, 19, 20].map((s) => lrAt(stairs, 0.1, s))).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
  });

  it("cosine without warm-up: lr·((1−α)·½(1 + cos(π·step/decay_steps)) + α), then α·lr", () => {
    const cos = { kind: "cosine", decaySteps: 10, alpha: 0, warmupSteps: 0 } as const;
    expect(lrAt(cos, 1, 0)).toBe(1);
    expect(lrAt(cos, 1, 5)).toBeCloseTo(0.5, 15);
    expect(lrAt(cos, 1, 10)).toBeCloseTo(0, 15);
    const withAlpha = { ...cos, alpha: 0.2 } as const;
    // ½(1 + cos(π/4)) = 0.853553…; 0.8·that + 0.2.
    expect(lrAt(withAlpha, 2, 2.5)).toBeCloseTo(2 * (0.8 * 0.5 * (1 + Math.cos(Math.PI / 4)) + 0.2), 12);
    expect(lrAt(withAlpha, 2, 10)).toBeCloseTo(0.4, 15);
    expect(lrAt(withAlpha, 2, 1000)).toBeCloseTo(0.4, 15);
  });

  it("cosine with warm-up: linear from 0 (lr·step/warmup_steps), the peak at step = warmup_steps, then the decay", () => {
    const cos = { kind: "cosine", decaySteps: 10, alpha: 0.2, warmupSteps: 4 } as const;
    expect([0, 1, 3].map((s) => lrAt(cos, 1, s))).toEqual([0, 0.25, 0.75]);
    expect(lrAt(cos, 1, 4)).toBe(1);
    // Half-way through the decay: 0.8·½ + 0.2.
    expect(lrAt(cos, 1, 9)).toBeCloseTo(0.6, 15);
    expect(lrAt(cos, 1, 14)).toBeCloseTo(0.2, 15);
    expect(lrAt(cos, 1, 15)).toBeCloseTo(0.2, 15);
  });
});

describe("epoch-based schedules", () => {
  it("step: lr·factor^⌊(epoch−1)/every_epochs⌋ (1-based epochs), changing at epochs 4 and 7 for every 3", () => {
    const step = { kind: "step", everyEpochs: 3, factor: 0.5 } as const;
    expect([1, 2, 3, 4, 6, 7].map((e) => lrAt(step, 1, 0, e))).toEqual([1, 1, 1, 0.5, 0.5, 0.25]);
  });
});

const plateau = (o: Partial<Extract<ScheduleConfig, { kind: "reduce_on_plateau" }>> = {}): ScheduleConfig => ({
  kind: "reduce_on_plateau",
  monitor: "val_loss",
  factor: 0.5,
  patience: 2,
  minLr: 0,
  minDelta: 1e-4,
  cooldown: 0,
  mode: "min",
  ...o,
});

/** The rate after each epoch's end, given the monitored values (rate starts at 1). */
function ratesAfter(schedule: ScheduleConfig, values: readonly number[], state: ScheduleState = initialScheduleState(1)): number[] {
  return values.map((v) => {
    scheduleEpochEnd(schedule, state, { val_loss: v, val_accuracy: v });
    return learningRateAt(schedule, 1, state, 0, 1);
  });
}

describe("reduce_on_plateau (keras.callbacks.ReduceLROnPlateau)", () => {
  it("min_delta 1e-4: val_loss 1, 0.99996, 0.99992, 0.99988 with patience 2 halves the rate after epoch 3", () => {
    // Epoch 2: 0.99996 is not below 1 − 1e-4 → wait 1; epoch 3: 0.99992 neither → wait 2 = patience → halve.
    const s = initialScheduleState(1);
    const lines = [1, 0.99996, 0.99992, 0.99988].map((v) => scheduleEpochEnd(plateau(), s, { val_loss: v }));
    expect(lines.map((l) => l !== null)).toEqual([false, false, true, false]);
    expect(lines[2]).toBe("reduce_on_plateau: val_loss did not improve for 2 epochs; learning rate 1.00 → 0.500");
    expect(s.lr).toBe(0.5);
    // With min_delta 0 every one of them is an improvement.
    expect(ratesAfter(plateau({ minDelta: 0 }), [1, 0.99996, 0.99992, 0.99988])).toEqual([1, 1, 1, 1]);
  });

  it("cooldown: no waiting is counted for `cooldown` epochs after a reduction", () => {
    // patience 1, cooldown 2, no improvement ever: reductions after epochs 2, 4 and 6 (epochs 3 and 5 cool down).
    expect(ratesAfter(plateau({ patience: 1, cooldown: 2 }), [1, 1, 1, 1, 1, 1])).toEqual([1, 0.5, 0.5, 0.25, 0.25, 0.125]);
    // Without cooldown, every epoch after the first reduces.
    expect(ratesAfter(plateau({ patience: 1 }), [1, 1, 1, 1])).toEqual([1, 0.5, 0.25, 0.125]);
  });

  it("an improvement during cooldown updates the best value", () => {
    const s = initialScheduleState(1);
    ratesAfter(plateau({ patience: 1, cooldown: 3, minDelta: 0 }), [1, 1, 0.5], s);
    expect(s.best).toBe(0.5);
    expect(s.wait).toBe(0);
  });

  it("min_lr: the rate never goes below it, and stops changing at it", () => {
    expect(ratesAfter(plateau({ patience: 1, factor: 0.1, minLr: 0.05 }), [1, 1, 1, 1])).toEqual([1, 0.1, 0.05, 0.05]);
    // At the floor nothing is reduced or logged, and (as Keras) waiting goes on counting.
    const s: ScheduleState = { lr: 0.05, best: 1, wait: 0, cooldown: 0 };
    const cfg = plateau({ patience: 1, factor: 0.1, minLr: 0.05 });
    expect([scheduleEpochEnd(cfg, s, { val_loss: 1 }), scheduleEpochEnd(cfg, s, { val_loss: 1 })]).toEqual([null, null]);
    expect([s.lr, s.wait]).toEqual([0.05, 2]);
  });

  it("an improvement must exceed min_delta: exactly min_delta is none (both modes)", () => {
    // Binary-exact values: 1 − 0.25 = 0.75 and 0.5 + 0.25 = 0.75.
    expect(ratesAfter(plateau({ minDelta: 0.25, patience: 1 }), [1, 0.75])).toEqual([1, 0.5]);
    expect(ratesAfter(plateau({ minDelta: 0.25, patience: 1, mode: "max" }), [0.5, 0.75])).toEqual([1, 0.5]);
    expect(ratesAfter(plateau({ minDelta: 0.25, patience: 1 }), [1, 0.7])).toEqual([1, 1]);
  });

  it("mode max for scores: 0.50005 is no improvement over 0.5 with min_delta 1e-4, 0.6 is", () => {
    const s = initialScheduleState(1);
    const cfg = plateau({ monitor: "val_accuracy", mode: "max" });
    scheduleEpochEnd(cfg, s, { val_accuracy: 0.5 });
    scheduleEpochEnd(cfg, s, { val_accuracy: 0.50005 });
    expect(s.wait).toBe(1);
    scheduleEpochEnd(cfg, s, { val_accuracy: 0.6 });
    expect([s.wait, s.best, s.lr]).toEqual([0, 0.6, 1]);
    // In min mode the same values would be two non-improvements in a row.
    expect(ratesAfter(plateau({ mode: "min" }), [0.5, 0.50005, 0.6])).toEqual([1, 1, 0.5]);
  });

  it("NaN counts as no improvement; a missing monitor is skipped", () => {
    expect(ratesAfter(plateau(), [Number.NaN, Number.NaN])).toEqual([1, 0.5]);
    const s = initialScheduleState(1);
    expect(scheduleEpochEnd(plateau(), s, { loss: 1 })).toBeNull();
    expect([s.wait, s.best]).toEqual([0, null]);
  });

  it("continues from a checkpointed state written before cooldown existed", () => {
    const s: ScheduleState = { lr: 1, best: 1, wait: 1 };
    expect(scheduleEpochEnd(plateau(), s, { val_loss: 1 })).not.toBeNull();
    expect(s.lr).toBe(0.5);
  });

  it("other schedules ignore epoch ends", () => {
    const s = initialScheduleState(1);
    expect(scheduleEpochEnd({ kind: "constant" }, s, { val_loss: 1 })).toBeNull();
    expect(s).toEqual(initialScheduleState(1));
  });
});

describe("reduce_on_plateau options in both spec forms", () => {
  const MODEL = "model M {\n  input x: f32[4]\n  x -> dense(3, activation: softmax) as probs\n  output probs\n}\n";
  const DATA = "data { train: synthetic(blobs), validation: split(0.25) }";

  it("DSL: min_delta, cooldown, min_lr, mode; defaults are Keras's (min_delta 1e-4, cooldown 0, min_lr 0, auto)", () => {
    const build = (schedule: string) => {
      const parsed = parseDsl(`${MODEL}train M {\n  ${DATA}\n  loss categorical_crossentropy\n  metrics [accuracy]\n  schedule ${schedule}\n}\n`, "t.mfgnet");
      const r = buildIR(parsed.spec!);
      expect(r.diagnostics).toEqual([]);
      return r.train!.schedule;
    };
    expect(build("reduce_on_plateau(monitor: val_loss, patience: 2, factor: 0.5, min_delta: 0.01, cooldown: 3, min_lr: 1e-5)")).toEqual(
      plateau({ minDelta: 0.01, cooldown: 3, minLr: 1e-5 }),
    );
    expect(build("reduce_on_plateau(val_loss)")).toEqual(plateau({ factor: 0.1, patience: 10 }));
    expect(build("reduce_on_plateau(val_accuracy)")).toMatchObject({ mode: "max" });
    expect(build("reduce_on_plateau(val_accuracy, mode: min)")).toMatchObject({ mode: "min" });
  });

  it("YAML: the same options", () => {
    const text = `mfgnet: 1
model:
  name: M
  inputs: { x: { shape: [4], dtype: f32 } }
  layers:
    - dense: { units: 3, activation: softmax, as: probs }
  outputs: [probs]
train:
  data: { train: { synthetic: blobs }, validation: { split: 0.25 } }
  loss: categorical_crossentropy
  metrics: [accuracy]
  schedule: { reduce_on_plateau: { monitor: val_loss, patience: 2, factor: 0.5, min_delta: 0.01, cooldown: 3, min_lr: 1.0e-5 } }
`;
    const parsed = parseYaml(text, "t.mfgnet.yaml");
    expect(parsed.diagnostics).toEqual([]);
    const r = buildIR(parsed.spec!);
    expect(r.diagnostics).toEqual([]);
    expect(r.train!.schedule).toEqual(plateau({ minDelta: 0.01, cooldown: 3, minLr: 1e-5 }));
  });
});

describe("early stopping (keras.callbacks.EarlyStopping)", () => {
  const es = (o: Partial<EarlyStoppingConfig> = {}): EarlyStoppingConfig => ({ monitor: "val_loss", patience: 2, minDelta: 0.01, mode: "min", restoreBest: true, ...o });
  const run = (cfg: EarlyStoppingConfig, values: readonly number[]) => {
    const s = initialEarlyStoppingState();
    const out = values.map((v, i) => earlyStoppingUpdate(cfg, s, i + 1, { val_loss: v }));
    return { out, s };
  };

  it("min_delta: only drops of more than 0.01 improve; stops after `patience` epochs without one", () => {
    // 1 (best) · 0.995 (not < 0.99) · 0.98 (best, epoch 3) · 0.975 (not < 0.97) · 0.972 → stop.
    const { out, s } = run(es(), [1, 0.995, 0.98, 0.975, 0.972]);
    expect(out.map((o) => o.improved)).toEqual([true, false, true, false, false]);
    expect(out.map((o) => o.stop)).toEqual([false, false, false, false, true]);
    expect([s.best, s.bestEpoch]).toEqual([0.98, 3]);
  });

  it("an improvement must exceed min_delta: exactly min_delta is none (both modes)", () => {
    expect(run(es({ minDelta: 0.25, patience: 5 }), [1, 0.75]).out.map((o) => o.improved)).toEqual([true, false]);
    const s = initialEarlyStoppingState();
    const cfg = es({ monitor: "val_accuracy", mode: "max", minDelta: 0.25, patience: 5 });
    earlyStoppingUpdate(cfg, s, 1, { val_accuracy: 0.5 });
    expect(earlyStoppingUpdate(cfg, s, 2, { val_accuracy: 0.75 }).improved).toBe(false);
    expect(earlyStoppingUpdate(cfg, s, 3, { val_accuracy: 0.8 }).improved).toBe(true);
  });

  it("mode max", () => {
    const s = initialEarlyStoppingState();
    const cfg = es({ monitor: "val_accuracy", mode: "max", patience: 1 });
    expect(earlyStoppingUpdate(cfg, s, 1, { val_accuracy: 0.5 })).toEqual({ improved: true, stop: false });
    expect(earlyStoppingUpdate(cfg, s, 2, { val_accuracy: 0.505 })).toEqual({ improved: false, stop: true });
    expect(earlyStoppingUpdate(cfg, s, 3, { val_accuracy: 0.52 })).toEqual({ improved: true, stop: false });
  });

  it("patience 0 stops at the first epoch without improvement, but never after the first epoch", () => {
    expect(run(es({ patience: 0, minDelta: 0 }), [1, 1]).out.map((o) => o.stop)).toEqual([false, true]);
    expect(run(es({ patience: 0, minDelta: 0 }), [Number.NaN]).out).toEqual([{ improved: false, stop: false }]);
  });

  it("NaN is no improvement; a missing monitor is skipped", () => {
    const { out, s } = run(es({ patience: 1 }), [1, Number.NaN]);
    expect(out[1]).toEqual({ improved: false, stop: true });
    expect(s.best).toBe(1);
    const t = initialEarlyStoppingState();
    expect(earlyStoppingUpdate(es(), t, 1, { loss: 1 })).toEqual({ improved: false, stop: false });
    expect(t).toEqual(initialEarlyStoppingState());
  });

  it("restoring the best epoch makes `final` (the `final:` line and report.json) that epoch's metrics", async () => {
    // A learning rate that makes validation loss rise after the first epochs, so the best epoch is not the last.
    const r = await runTraining({
      specDir: ".",
      specHash: "h",
      backend: "cpu",
      log: () => {},
      buildModel: mlp(4, 3, { dropout: false }),
      config: baseConfig(blobs(), {
        epochs: 6,
        optimizer: { name: "sgd", learningRate: 3, options: { momentum: 0.9 }, clipGlobalNorm: null, clipNorm: null, clipValue: null },
        earlyStopping: { monitor: "val_loss", patience: 10, minDelta: 0, mode: "min", restoreBest: true },
      }),
      outDir: tempDir(),
    });
    const losses = r.history.map((h) => h.logs.val_loss!);
    const best = losses.indexOf(Math.min(...losses)) + 1;
    expect(best, `val_loss per epoch: ${losses.join(", ")}`).toBeLessThan(r.history.length);
    expect(r.final).toEqual(r.history[best - 1]!.logs);
    expect((JSON.parse(readFileSync(r.reportPath, "utf8")) as { final: unknown }).final).toEqual(r.history[best - 1]!.logs);
    r.model.dispose();
  });
});
