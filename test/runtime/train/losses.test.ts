/**
 * Every loss of src/runtime/train/losses.ts against values worked out by hand from Keras 3's definitions
 * (keras/src/losses/losses.py over keras/src/backend/tensorflow/nn.py), including the ε = 1e-7 clip (in
 * float32, as Keras computes: 1 − 1e-7 rounds to 1 − 2⁻²³), renormalisation, and Keras's computing
 * cross-entropy from the logits when the output is a softmax or sigmoid (logits.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { LossName } from "../../../src/runtime/config.js";
import { applyWithLogits } from "../../../src/runtime/train/logits.js";
import { computeLoss, type OutputLogits } from "../../../src/runtime/train/losses.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const { log, exp } = Math;
/** −log of the clipped probability ε = 1e-7 as float32 holds it. */
const LOG_EPS = -log(Math.fround(1e-7));
/** −log(1 − (1 − ε)) in float32: 1 − fround(1 − 1e-7) = 2⁻²³. */
const LOG_ONE_MINUS_TOP = -log(1 - Math.fround(1 - 1e-7));

function lossOf(name: LossName, yTrue: number[][] | number[], yPred: number[][], logits: OutputLogits | null = null): number {
  return tf.tidy(() => computeLoss(name, tf.tensor(yTrue), tf.tensor2d(yPred), logits).dataSync()[0]!);
}

function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
const sigmoid = (z: number) => 1 / (1 + exp(-z));

describe("categorical_crossentropy", () => {
  it("from probabilities: −Σ y·log p, batch mean", () => {
    // (−ln 0.7 − ln 0.5)/2
    expect(lossOf("categorical_crossentropy", [[0, 1, 0], [1, 0, 0]], [[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]])).toBeCloseTo((-log(0.7) - log(0.5)) / 2, 6);
    // Soft labels: −(0.2·ln 0.5 + 0.8·ln 0.4).
    expect(lossOf("categorical_crossentropy", [[0.2, 0.8, 0]], [[0.5, 0.4, 0.1]])).toBeCloseTo(-(0.2 * log(0.5) + 0.8 * log(0.4)), 6);
  });

  it("renormalises rows before clipping: [2, 6, 2] is read as [0.2, 0.6, 0.2]", () => {
    expect(lossOf("categorical_crossentropy", [[0, 1, 0]], [[2, 6, 2]])).toBeCloseTo(-log(0.6), 6);
  });

  it("clips probabilities to [1e-7, 1 − 1e-7]: a true class at probability 0 costs −ln 1e-7 ≈ 16.118", () => {
    expect(lossOf("categorical_crossentropy", [[1, 0, 0]], [[0, 1, 0]])).toBeCloseTo(LOG_EPS, 4);
  });

  it("from the logits of a softmax output, as Keras: z = [2, −1, 0.5], class 2 costs logΣe^z − 0.5", () => {
    const z = [2, -1, 0.5];
    const value = tf.tidy(() => {
      const zt = tf.tensor2d([z]);
      return computeLoss("categorical_crossentropy", tf.tensor2d([[0, 0, 1]]), tf.softmax(zt), { activation: "softmax", logits: zt }).dataSync()[0]!;
    });
    expect(value).toBeCloseTo(log(exp(2) + exp(-1) + exp(0.5)) - 0.5, 6);
  });

  it("from logits the loss of a saturated softmax is exact (30, not the clip's 16.1) and its gradient is p − y, not 0", () => {
    // z = [0, 30, 0], true class 0: loss = log(1 + e³⁰ + 1) − 0 ≈ 30; the probability path stops at −ln 1e-7.
    const z = tf.tensor2d([[0, 30, 0]]);
    const y = tf.tensor2d([[1, 0, 0]]);
    const logits: OutputLogits = { activation: "softmax", logits: z };
    const fromLogits = tf.tidy(() => computeLoss("categorical_crossentropy", y, tf.softmax(z), logits).dataSync()[0]!);
    const fromProbabilities = tf.tidy(() => computeLoss("categorical_crossentropy", y, tf.softmax(z)).dataSync()[0]!);
    expect(fromLogits).toBeCloseTo(30 + log(1 + 2 * exp(-30)), 4);
    expect(fromProbabilities).toBeCloseTo(LOG_EPS, 4);
    // d/dz of −log softmax(z)₀ = softmax(z) − y ≈ [−1, 1, 0].
    const grad = tf.grad((zz: tf.Tensor) => computeLoss("categorical_crossentropy", y, tf.softmax(zz), { activation: "softmax", logits: zz }))(z);
    const p = softmax([0, 30, 0]);
    Array.from(grad.dataSync()).forEach((g, i) => expect(g).toBeCloseTo(p[i]! - [1, 0, 0][i]!, 6));
    tf.dispose([z, y, grad]);
  });

  it("ignores logits of the wrong activation (a sigmoid output uses the probability path, as Keras's Softmax check)", () => {
    const z = tf.tensor2d([[0, 30, 0]]);
    const value = tf.tidy(() => computeLoss("categorical_crossentropy", tf.tensor2d([[1, 0, 0]]), tf.softmax(z), { activation: "sigmoid", logits: z }).dataSync()[0]!);
    expect(value).toBeCloseTo(LOG_EPS, 4);
    z.dispose();
  });
});

describe("sequence outputs [batch, time, classes]", () => {
  it("cross-entropy over the last axis, averaged over batch and time, from logits and from probabilities", () => {
    // Two time steps: z = [1, 2, 3] with class 2, z = [0, 0, 0] with class 0.
    const want = (log(exp(1) + exp(2) + exp(3)) - 3 + log(3)) / 2;
    const [fromLogits, fromProbabilities, sparse] = tf.tidy(() => {
      const z = tf.tensor3d([[[1, 2, 3], [0, 0, 0]]]);
      const y = tf.tensor3d([[[0, 0, 1], [1, 0, 0]]]);
      const logits: OutputLogits = { activation: "softmax", logits: z };
      return [
        computeLoss("categorical_crossentropy", y, tf.softmax(z), logits).dataSync()[0]!,
        computeLoss("categorical_crossentropy", y, tf.softmax(z)).dataSync()[0]!,
        computeLoss("sparse_categorical_crossentropy", tf.tensor2d([[2, 0]]), tf.softmax(z), logits).dataSync()[0]!,
      ];
    });
    expect(fromLogits).toBeCloseTo(want, 6);
    expect(fromProbabilities).toBeCloseTo(want, 6);
    expect(sparse).toBeCloseTo(want, 6);
  });
});

describe("sparse_categorical_crossentropy", () => {
  it("class ids of shape [n] or [n, 1] give the categorical values", () => {
    const p = [[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]];
    const want = (-log(0.7) - log(0.5)) / 2;
    expect(lossOf("sparse_categorical_crossentropy", [1, 0], p)).toBeCloseTo(want, 6);
    expect(lossOf("sparse_categorical_crossentropy", [[1], [0]], p)).toBeCloseTo(want, 6);
  });

  it("clips before renormalising (Keras feeds log(clip(p)) to sparse_softmax_cross_entropy_with_logits)", () => {
    // p = [0, 2, 2], class 0: clip → [1e-7, 1 − 1e-7, 1 − 1e-7]; −ln 1e-7 + ln(1e-7 + 2(1 − 1e-7)) ≈ 16.118 + ln 2.
    expect(lossOf("sparse_categorical_crossentropy", [0], [[0, 2, 2]])).toBeCloseTo(LOG_EPS + log(2), 4);
    // Unnormalised rows without clipping: −ln 0.6 + ln 1.4.
    expect(lossOf("sparse_categorical_crossentropy", [1], [[0.2, 0.6, 0.6]])).toBeCloseTo(-log(0.6) + log(1.4), 6);
  });

  it("from softmax logits: exact where probabilities underflow", () => {
    const value = tf.tidy(() => {
      const z = tf.tensor2d([[0, 30, 0], [1, 2, 3]]);
      return computeLoss("sparse_categorical_crossentropy", tf.tensor1d([0, 2]), tf.softmax(z), { activation: "softmax", logits: z }).dataSync()[0]!;
    });
    expect(value).toBeCloseTo((30 + log(1 + 2 * exp(-30)) + log(exp(1) + exp(2) + exp(3)) - 3) / 2, 4);
  });
});

describe("binary_crossentropy", () => {
  it("from probabilities, with both clips: p = 0 for y = 0 costs −ln(1 − 1e-7); p = 1 for y = 0 costs −ln 2⁻²³", () => {
    const want = (-log(0.9) - log(0.8) - log(0.4) - log(1 - Math.fround(1e-7))) / 4;
    expect(lossOf("binary_crossentropy", [[1], [0], [1], [0]], [[0.9], [0.2], [0.4], [0]])).toBeCloseTo(want, 6);
    expect(lossOf("binary_crossentropy", [0], [[1]])).toBeCloseTo(LOG_ONE_MINUS_TOP, 4);
    expect(lossOf("binary_crossentropy", [1], [[0]])).toBeCloseTo(LOG_EPS, 4);
  });

  it("multi-label outputs average over every element", () => {
    expect(lossOf("binary_crossentropy", [[1, 0], [0, 1]], [[0.8, 0.3], [0.1, 0.6]])).toBeCloseTo((-log(0.8) - log(0.7) - log(0.9) - log(0.6)) / 4, 6);
  });

  it("from sigmoid logits: log(1 + e^∓z), exact at z = 40, gradient σ(z) − y (also at z = 0)", () => {
    const zs = [2, -1, 0, 40];
    const ys = [1, 0, 1, 0];
    const z = tf.tensor2d(zs, [4, 1]);
    const y = tf.tensor2d(ys, [4, 1]);
    const value = tf.tidy(() => computeLoss("binary_crossentropy", y, tf.sigmoid(z), { activation: "sigmoid", logits: z }).dataSync()[0]!);
    const want = (log(1 + exp(-2)) + log(1 + exp(-1)) + log(2) + 40 + log(1 + exp(-40))) / 4;
    expect(value).toBeCloseTo(want, 5);
    const grad = tf.grad((zz: tf.Tensor) => computeLoss("binary_crossentropy", y, tf.sigmoid(zz), { activation: "sigmoid", logits: zz }))(z);
    Array.from(grad.dataSync()).forEach((g, i) => expect(g).toBeCloseTo((sigmoid(zs[i]!) - ys[i]!) / 4, 6));
    tf.dispose([z, y, grad]);
  });

  it("ignores softmax logits (Keras looks for a Sigmoid)", () => {
    const value = tf.tidy(() => {
      const z = tf.tensor2d([[40]]);
      return computeLoss("binary_crossentropy", tf.tensor2d([[0]]), tf.sigmoid(z), { activation: "softmax", logits: z }).dataSync()[0]!;
    });
    expect(value).toBeCloseTo(LOG_ONE_MINUS_TOP, 4);
  });
});

describe("regression losses", () => {
  const yTrue = [[1, 2], [3, 4]];
  const yPred = [[1.5, 2], [2, 5]];
  it("mse: mean of squared errors (0.25 + 0 + 1 + 1)/4", () => {
    expect(lossOf("mse", yTrue, yPred)).toBeCloseTo(0.5625, 6);
  });
  it("mae: mean of absolute errors (0.5 + 0 + 1 + 1)/4", () => {
    expect(lossOf("mae", yTrue, yPred)).toBeCloseTo(0.625, 6);
  });
  it("targets of shape [n] against predictions [n, 1]", () => {
    expect(lossOf("mse", [1, 2, 3], [[1], [1], [5]])).toBeCloseTo(5 / 3, 6);
  });
  it("huber (δ = 1): ½x² up to |x| = 1, |x| − ½ beyond; equal at the boundary", () => {
    // errors 0.5, 1, 2, −3 → 0.125, 0.5, 1.5, 2.5
    expect(lossOf("huber", [[0], [0], [0], [0]], [[0.5], [1], [2], [-3]])).toBeCloseTo((0.125 + 0.5 + 1.5 + 2.5) / 4, 6);
    expect(lossOf("huber", [[0]], [[-0.3]])).toBeCloseTo(0.045, 6);
  });
});

describe("applyWithLogits: the logits of a model's softmax/sigmoid outputs", () => {
  function twoHeads(): tf.LayersModel {
    const input = tf.input({ shape: [2], name: "x" });
    const k = tf.initializers.constant({ value: 0.5 });
    const probs = tf.layers.dense({ units: 3, activation: "softmax", name: "probs", kernelInitializer: k }).apply(input) as tf.SymbolicTensor;
    const hidden = tf.layers.dense({ units: 2, activation: "tanh", name: "hidden", kernelInitializer: k }).apply(input) as tf.SymbolicTensor;
    const flag = tf.layers.activation({ activation: "sigmoid", name: "flag" }).apply(hidden) as tf.SymbolicTensor;
    const value = tf.layers.dense({ units: 1, name: "value", kernelInitializer: k }).apply(hidden) as tf.SymbolicTensor;
    const bounded = tf.layers.dense({ units: 1, activation: "tanh", name: "bounded", kernelInitializer: k }).apply(hidden) as tf.SymbolicTensor;
    const dropped = tf.layers.dropout({ rate: 0.5, name: "dropped" }).apply(hidden) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: [probs, flag, value, bounded, dropped] });
  }

  it("returns the pre-activation values, outputs equal to predict, and restores the layers", () => {
    const model = twoHeads();
    const x = tf.tensor2d([[1, -2], [0.5, 3]]);
    const predicted = model.predict(x) as tf.Tensor[];
    const r = applyWithLogits(model, x, false);
    // Only softmax and sigmoid are deferred: not a linear or tanh dense, nor a layer without an activation.
    expect(r.logits.map((l) => l?.activation ?? null)).toEqual(["softmax", "sigmoid", null, null, null]);
    r.outputs.forEach((o, k) => expect(Array.from(o.dataSync())).toEqual(Array.from(predicted[k]!.dataSync())));
    // Dense kernel all 0.5, bias 0: logits x₀/2 + x₁/2 for each unit.
    expect(Array.from(r.logits[0]!.logits.dataSync())).toEqual([-0.5, -0.5, -0.5, 1.75, 1.75, 1.75]);
    // The model still applies its softmax afterwards.
    const again = model.predict(x) as tf.Tensor[];
    expect(Array.from(again[0]!.dataSync())).toEqual(Array.from(predicted[0]!.dataSync()));
    tf.dispose([x, ...predicted, ...r.outputs, ...r.logits.map((l) => l?.logits).filter((t): t is tf.Tensor => t !== undefined), ...again]);
    model.dispose();
  });

  it("defers the activation of conv1d/conv2d/conv3d outputs too", () => {
    const k = tf.initializers.constant({ value: 0.1 });
    const cases: [number[], (cfg: { filters: number; kernelSize: number; activation: "softmax"; kernelInitializer: ReturnType<typeof tf.initializers.constant> }) => tf.layers.Layer][] = [
      [[4, 2], (c) => tf.layers.conv1d(c)],
      [[3, 3, 2], (c) => tf.layers.conv2d(c)],
      [[2, 2, 2, 1], (c) => tf.layers.conv3d(c)],
    ];
    for (const [shape, make] of cases) {
      const input = tf.input({ shape });
      const model = tf.model({ inputs: input, outputs: make({ filters: 3, kernelSize: 1, activation: "softmax", kernelInitializer: k }).apply(input) as tf.SymbolicTensor });
      const x = tf.ones([1, ...shape]);
      const predicted = model.predict(x) as tf.Tensor;
      const r = applyWithLogits(model, x, false);
      expect(r.logits[0]?.activation, shape.join("×")).toBe("softmax");
      expect(Array.from(r.outputs[0]!.dataSync())).toEqual(Array.from(predicted.dataSync()));
      tf.dispose([x, predicted, ...r.outputs, r.logits[0]!.logits]);
      model.dispose();
    }
  });

  it("leaves a softmax layer alone when its output also feeds another layer", () => {
    const input = tf.input({ shape: [2] });
    const probs = tf.layers.dense({ units: 2, activation: "softmax", name: "p" }).apply(input) as tf.SymbolicTensor;
    const next = tf.layers.dense({ units: 1, name: "next" }).apply(probs) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: [probs, next] });
    const x = tf.tensor2d([[1, 2]]);
    const r = applyWithLogits(model, x, false);
    expect(r.logits).toEqual([null, null]);
    const sum = r.outputs[0]!.sum().dataSync()[0]!;
    expect(sum).toBeCloseTo(1, 6);
    tf.dispose([x, ...r.outputs]);
    model.dispose();
  });
});
