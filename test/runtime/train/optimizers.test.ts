/**
 * Every optimizer and option of src/runtime/train/optimizers.ts (with clip.ts) against float64
 * re-derivations of Keras 3's update rules (./reference/keras-optimizers.ts), on the tanh problem of
 * ./reference/problem.ts whose gradient is worked out by hand. Several steps, a learning rate that changes
 * every step (as schedules make it), weights and every slot compared after each step.
 *
 * Tolerance: the runtime works in float32, the reference in float64; gradients are computed in float64
 * from the runtime's own float32 weights. So each weight may differ by float32 rounding (≈ 6e-8·|w| per
 * op) and a small relative part of its displacement; non-default ε/β/ρ cases make every term of a rule
 * change the result by far more than that.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { OptimizerConfig } from "../../../src/runtime/config.js";
import { clipGradients } from "../../../src/runtime/train/clip.js";
import { TrainOptimizer } from "../../../src/runtime/train/optimizers.js";
import { C0, K0, gradients, loss } from "./reference/problem.js";
import { problemVariables, runtimeStep } from "./reference/runtime-step.js";
import { refInit, refStep, type RefConfig, type RefVariable } from "./reference/keras-optimizers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

interface Case {
  readonly title: string;
  readonly cfg: RefConfig;
  /** Learning rate of the first step; it then falls by 10 % of itself each step. */
  readonly lr: number;
  /** Multiplies the starting weights (small weights resolve tiny updates in float32). */
  readonly scale?: number;
}

const STEPS = 6;
const lrAt = (c: Case, t: number) => c.lr * (1 - 0.1 * (t - 1));

function runtimeConfig(c: RefConfig, lr: number): OptimizerConfig {
  return { name: c.name, learningRate: lr, options: c.options, clipGlobalNorm: c.clipGlobalNorm ?? null, clipNorm: c.clipNorm ?? null, clipValue: c.clipValue ?? null };
}

/** Runs both for STEPS steps; returns per step the runtime's and the reference's weights and slots. */
function trajectories(c: Case): { runtime: number[][][]; reference: number[][][]; start: number[][] } {
  const scale = c.scale ?? 1;
  const start = [K0.map((x) => x * scale), C0.map((x) => x * scale)];
  const vars = problemVariables("ref_dense", scale);
  const cfg = runtimeConfig(c.cfg, c.lr);
  const opt = new TrainOptimizer(cfg, vars);
  const ref: RefVariable[] = refInit(c.cfg, start);
  const runtime: number[][][] = [];
  const reference: number[][][] = [];
  try {
    for (let t = 1; t <= STEPS; t++) {
      runtimeStep(opt, vars, cfg, lrAt(c, t));
      refStep(c.cfg, ref, gradients(ref.map((r) => r.w)), lrAt(c, t), t);
      runtime.push([...vars.map((v) => Array.from(v.dataSync())), ...opt.getSlots().map((s) => Array.from(s.dataSync()))]);
      // Runtime slots are stored variable by variable, slot by slot: the same order here.
      reference.push([...ref.map((r) => [...r.w]), ...ref.flatMap((r) => r.slots.map((s) => [...s]))]);
    }
  } finally {
    opt.dispose();
    tf.dispose(vars);
  }
  return { runtime, reference, start };
}

function expectClose(c: Case): void {
  const { runtime, reference, start } = trajectories(c);
  const startFlat = start.flat();
  for (let t = 0; t < STEPS; t++) {
    expect(runtime[t]!.length, `${c.title}: tensor count`).toBe(reference[t]!.length);
    runtime[t]!.forEach((arr, k) => {
      const isWeight = k < 2;
      arr.forEach((x, i) => {
        const r = reference[t]![k]![i]!;
        const moved = isWeight ? Math.abs(r - startFlat[k === 0 ? i : 6 + i]!) : Math.abs(r);
        const tol = 2e-4 * moved + 5e-7 * Math.abs(r) + 1e-12;
        expect(Math.abs(x - r), `${c.title}: step ${t + 1}, tensor ${k}, element ${i}: runtime ${x} vs Keras rule ${r}`).toBeLessThanOrEqual(tol);
      });
    });
  }
  // The updates are real: the weights moved by much more than the tolerance.
  const last = reference[STEPS - 1]!.slice(0, 2).flat();
  expect(Math.max(...last.map((w, i) => Math.abs(w - startFlat[i]!))), `${c.title}: weights moved`).toBeGreaterThan(1e-6 * (c.scale ?? 1));
}

const cases: Case[] = [
  { title: "SGD (momentum 0: plain gradient descent, no slot)", cfg: { name: "sgd", options: { momentum: 0, nesterov: false } }, lr: 0.5 },
  { title: "SGD with momentum 0.9", cfg: { name: "sgd", options: { momentum: 0.9, nesterov: false } }, lr: 0.3 },
  { title: "SGD with Nesterov momentum 0.8", cfg: { name: "sgd", options: { momentum: 0.8, nesterov: true } }, lr: 0.3 },
  { title: "SGD nesterov without momentum is plain SGD", cfg: { name: "sgd", options: { momentum: 0, nesterov: true } }, lr: 0.5 },
  { title: "momentum (defaults: 0.9, not Nesterov)", cfg: { name: "momentum", options: {} }, lr: 0.2 },
  { title: "momentum 0.6, Nesterov", cfg: { name: "momentum", options: { momentum: 0.6, nesterov: true } }, lr: 0.2 },
  { title: "RMSprop (Keras defaults)", cfg: { name: "rmsprop", options: { rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false } }, lr: 0.01 },
  { title: "RMSprop, momentum 0.7, ρ 0.8, ε 1e-3", cfg: { name: "rmsprop", options: { rho: 0.8, momentum: 0.7, epsilon: 1e-3, centered: false } }, lr: 0.01 },
  { title: "RMSprop centered, ρ 0.85, ε 0.01", cfg: { name: "rmsprop", options: { rho: 0.85, momentum: 0, epsilon: 0.01, centered: true } }, lr: 0.02 },
  { title: "RMSprop centered with momentum 0.5, ε 0.05", cfg: { name: "rmsprop", options: { rho: 0.9, momentum: 0.5, epsilon: 0.05, centered: true } }, lr: 0.02 },
  { title: "Adagrad (Keras defaults: accumulator 0.1, ε 1e-7)", cfg: { name: "adagrad", options: { initial_accumulator: 0.1, epsilon: 1e-7 } }, lr: 0.1 },
  { title: "Adagrad, accumulator 0.5, ε 0.2", cfg: { name: "adagrad", options: { initial_accumulator: 0.5, epsilon: 0.2 } }, lr: 0.2 },
  { title: "Adadelta at Keras's default lr 0.001 (ρ 0.95, ε 1e-6)", cfg: { name: "adadelta", options: { rho: 0.95, epsilon: 1e-6 } }, lr: 0.001, scale: 0.01 },
  { title: "Adadelta at lr 1 (Zeiler's), ρ 0.9, ε 1e-4", cfg: { name: "adadelta", options: { rho: 0.9, epsilon: 1e-4 } }, lr: 1 },
  { title: "Adam (Keras defaults)", cfg: { name: "adam", options: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } }, lr: 0.05 },
  { title: "Adam, β1 0.8, β2 0.9, ε 0.1", cfg: { name: "adam", options: { beta1: 0.8, beta2: 0.9, epsilon: 0.1 } }, lr: 0.1 },
  { title: "AdamW (Keras defaults: weight decay 0.004, on kernel and bias)", cfg: { name: "adamw", options: { weight_decay: 0.004, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } }, lr: 0.1 },
  { title: "AdamW, weight decay 0.5, β1 0.7, ε 0.05", cfg: { name: "adamw", options: { weight_decay: 0.5, beta1: 0.7, beta2: 0.95, epsilon: 0.05 } }, lr: 0.1 },
  { title: "Adamax (Keras defaults)", cfg: { name: "adamax", options: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } }, lr: 0.05 },
  { title: "Adamax, β1 0.85, β2 0.5, ε 0.05", cfg: { name: "adamax", options: { beta1: 0.85, beta2: 0.5, epsilon: 0.05 } }, lr: 0.05 },
  { title: "Nadam (Keras defaults)", cfg: { name: "nadam", options: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } }, lr: 0.05 },
  { title: "Nadam, β1 0.8, β2 0.95, ε 0.05", cfg: { name: "nadam", options: { beta1: 0.8, beta2: 0.95, epsilon: 0.05 } }, lr: 0.1 },
  { title: "SGD momentum with global-norm clipping 0.3", cfg: { name: "sgd", options: { momentum: 0.9, nesterov: false }, clipGlobalNorm: 0.3 }, lr: 0.3 },
  { title: "Adam with per-tensor norm clipping 0.2", cfg: { name: "adam", options: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, clipNorm: 0.2 }, lr: 0.05 },
  { title: "RMSprop with value clipping 0.05", cfg: { name: "rmsprop", options: { rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false }, clipValue: 0.05 }, lr: 0.01 },
  { title: "AdamW with value clipping 0.04 (decay is not clipped)", cfg: { name: "adamw", options: { weight_decay: 0.3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, clipValue: 0.04 }, lr: 0.1 },
  { title: "Adadelta with global-norm clipping 0.1", cfg: { name: "adadelta", options: { rho: 0.95, epsilon: 1e-3 }, clipGlobalNorm: 0.1 }, lr: 1 },
];

describe("optimizers follow Keras's update rules (float64 reference)", () => {
  it("the problem has non-trivial gradients, and the clipping cases really clip", () => {
    // Hand-worked gradient of ./reference/problem.ts, checked by central differences of its loss.
    const [gk, gc] = gradients([K0, C0]);
    const all = [...gk!, ...gc!];
    const h = 1e-6;
    all.forEach((g, i) => {
      const at = (d: number) => {
        const w = [...K0, ...C0];
        w[i] = w[i]! + d;
        return loss([w.slice(0, 6), w.slice(6)]);
      };
      expect(g).toBeCloseTo((at(h) - at(-h)) / (2 * h), 8);
    });
    expect(Math.min(...all.map(Math.abs))).toBeGreaterThan(0.005);
    expect(Math.max(...all.map(Math.abs))).toBeLessThan(1);
    const norm = Math.hypot(...all);
    expect(norm).toBeGreaterThan(0.3);
    expect(Math.hypot(...gk!)).toBeGreaterThan(0.2);
    expect(Math.max(...all.map(Math.abs))).toBeGreaterThan(0.05);
  });

  for (const c of cases) it(c.title, () => expectClose(c));

  it("SGD without momentum keeps no slot, as Keras; with momentum one per variable", () => {
    const v = [tf.variable(tf.zeros([2]), true, "a/kernel")];
    const plain = new TrainOptimizer(runtimeConfig({ name: "sgd", options: { momentum: 0, nesterov: true } }, 0.1), v);
    const heavy = new TrainOptimizer(runtimeConfig({ name: "sgd", options: { momentum: 0.9, nesterov: false } }, 0.1), v);
    expect([plain.getSlots().length, heavy.getSlots().length]).toEqual([0, 1]);
    plain.dispose();
    heavy.dispose();
    tf.dispose(v);
  });

  it("a hand-written config without options gets Keras's defaults for every hyper-parameter", () => {
    const defaults: Record<RefConfig["name"], RefConfig["options"]> = {
      sgd: { momentum: 0 },
      momentum: { momentum: 0.9 },
      adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
      adamw: { weight_decay: 0.004, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
      nadam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
      adamax: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
      rmsprop: { rho: 0.9, momentum: 0, epsilon: 1e-7 },
      adagrad: { initial_accumulator: 0.1, epsilon: 1e-7 },
      adadelta: { rho: 0.95, epsilon: 1e-7 },
    };
    for (const [name, options] of Object.entries(defaults) as [RefConfig["name"], RefConfig["options"]][]) {
      const explicit = trajectories({ title: name, cfg: { name, options }, lr: 0.05 }).runtime;
      const implicit = trajectories({ title: name, cfg: { name, options: {} }, lr: 0.05 }).runtime;
      expect(implicit, name).toEqual(explicit);
    }
    // ε matters at these gradients only for the adaptive rules when it is large; the defaults above also
    // match the float64 reference (cases "… (Keras defaults)").
  });

  it("dispose frees every slot, and is safe before the first step", () => {
    const v = [tf.variable(tf.ones([2]), true, "d/kernel")];
    const unused = new TrainOptimizer(runtimeConfig({ name: "adam", options: {} }, 0.1), v);
    expect(() => unused.dispose()).not.toThrow();
    const before = tf.memory().numTensors;
    const opt = new TrainOptimizer(runtimeConfig({ name: "rmsprop", options: {} }, 0.1), v);
    const g = [tf.ones([2])];
    opt.apply(g, 0.1);
    tf.dispose(g);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(v);
  });

  it("setSlots refuses a state of another optimizer, and a disposed optimizer starts from fresh slots", () => {
    const v = [tf.variable(tf.ones([2]), true, "s/kernel")];
    const opt = new TrainOptimizer(runtimeConfig({ name: "adam", options: {} }, 0.1), v);
    const one = [tf.zeros([2])];
    expect(() => opt.setSlots(one, 1)).toThrow("optimizer state has 1 slots, expected 2");
    opt.apply([tf.ones([2])], 0.1);
    opt.dispose();
    expect(opt.getSlots().map((s) => Array.from(s.dataSync()))).toEqual([[0, 0], [0, 0]]);
    opt.dispose();
    tf.dispose([...v, ...one]);
  });

  it("Nadam rewound to an earlier step on the same optimizer continues as an uninterrupted run", () => {
    const cfg = runtimeConfig({ name: "nadam", options: { beta1: 0.8, beta2: 0.95, epsilon: 0.05 } }, 0.1);
    const step = (opt: TrainOptimizer, v: tf.Variable[]) => runtimeStep(opt, v, cfg, 0.1);
    const v = problemVariables("r");
    const opt = new TrainOptimizer(cfg, v);
    for (let t = 1; t <= 6; t++) step(opt, v);
    const straight = v.flatMap((x) => Array.from(x.dataSync()));
    tf.tidy(() => {
      v[0]!.assign(tf.tensor2d(K0, [3, 2]));
      v[1]!.assign(tf.tensor1d(C0));
      opt.setSlots([tf.zeros([3, 2]), tf.zeros([3, 2]), tf.zeros([2]), tf.zeros([2])], 0);
    });
    for (let t = 1; t <= 6; t++) step(opt, v);
    expect(v.flatMap((x) => Array.from(x.dataSync()))).toEqual(straight);
    opt.dispose();
    tf.dispose(v);
  });

  it("Nadam resumed from saved slots and step continues exactly as without the interruption", () => {
    // Keras keeps Nadam's momentum product in a variable; the runtime recomputes it from the step,
    // so a fresh optimizer given the saved slots and step must reproduce the uninterrupted run bit for bit.
    const cfg = runtimeConfig({ name: "nadam", options: { beta1: 0.8, beta2: 0.95, epsilon: 0.05 } }, 0.1);
    const run = (split: number): number[] => {
      const v = problemVariables("n");
      let opt = new TrainOptimizer(cfg, v);
      for (let t = 1; t <= 6; t++) {
        if (t === split) {
          const saved = opt.getSlots().map((s) => s.clone());
          const step = opt.step;
          opt.dispose();
          opt = new TrainOptimizer(cfg, v);
          opt.setSlots(saved, step);
          tf.dispose(saved);
        }
        runtimeStep(opt, v, cfg, 0.1);
      }
      const out = v.flatMap((x) => Array.from(x.dataSync()));
      opt.dispose();
      tf.dispose(v);
      return out;
    };
    expect(run(4)).toEqual(run(0));
  });
});

describe("gradient clipping (Keras's _clip_gradients), hand-worked", () => {
  const cfg = (clip: Partial<OptimizerConfig>): OptimizerConfig => ({ name: "sgd", learningRate: 1, options: {}, clipGlobalNorm: null, clipNorm: null, clipValue: null, ...clip });
  const values = (ts: tf.Tensor[]) => ts.map((t) => Array.from(t.dataSync()));

  it("global norm: ‖([3, 0], [0, 4])‖ = 5, so limit 1 scales both by 1/5; under the limit nothing changes", () => {
    const g = [tf.tensor([3, 0]), tf.tensor([0, 4])];
    const clipped = clipGradients(g, cfg({ clipGlobalNorm: 1 }));
    expect(values(clipped).flat()).toEqual([0.6, 0, 0, 0.8].map(Math.fround));
    const loose = clipGradients(g, cfg({ clipGlobalNorm: 10 }));
    expect(values(loose)).toEqual([[3, 0], [0, 4]]);
    const zero = clipGradients([tf.zeros([2])], cfg({ clipGlobalNorm: 1 }));
    expect(values(zero)).toEqual([[0, 0]]);
    tf.dispose([...g, ...clipped, ...loose, ...zero]);
  });

  it("per-tensor norm: each tensor to norm ≤ limit on its own ([3, 4] → [1.2, 1.6] at 2; [0.3, 0.4] unchanged)", () => {
    const g = [tf.tensor([3, 4]), tf.tensor([0.3, 0.4])];
    const clipped = clipGradients(g, cfg({ clipNorm: 2 }));
    const [a, b] = values(clipped);
    expect(a![0]).toBeCloseTo(1.2, 6);
    expect(a![1]).toBeCloseTo(1.6, 6);
    expect(b).toEqual([0.3, 0.4].map(Math.fround));
    tf.dispose([...g, ...clipped]);
  });

  it("value: each element to [−v, v]", () => {
    const g = [tf.tensor([3, -0.5, -2, 0.1])];
    const clipped = clipGradients(g, cfg({ clipValue: 1 }));
    expect(values(clipped)).toEqual([[1, -0.5, -1, 0.1].map(Math.fround)]);
    const none = clipGradients(g, cfg({}));
    expect(none[0]).toBe(g[0]);
    tf.dispose([...g, ...clipped]);
  });
});
