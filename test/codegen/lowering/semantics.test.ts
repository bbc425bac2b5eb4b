/**
 * Lowering keeps Keras's meaning where tfjs's defaults or conventions differ: activation formulas,
 * batch-excluded spec axes, Keras initializer/recurrent defaults, names of helper layers, and the ops tfjs
 * cannot express faithfully.
 */
import { compileText } from "../../../src/pipeline.js";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, test } from "vitest";
import { lowerGraph } from "../../../src/codegen/lower/lower-graph.js";
import { build, compileOk, predictAll } from "./helpers.js";
import { summarizeGraph } from "../../../src/ir/summary.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Runs `x -> <step> as out` on one row of values and returns the output row. */
function runStep(step: string, values: number[]): number[] {
  const { graph } = compileOk(`model M {\ninput x: f32[${values.length}]\nx -> ${step} as out\noutput out\n}\n`);
  const { model } = build(graph);
  const [y] = predictAll(model, [tf.tensor2d([values])]);
  return Array.from(y!.dataSync());
}

describe("activations mean what Keras's mean", () => {
  const xs = [-8, -1, 0, 0.5, 1, 7];
  test("log_softmax is log(softmax(x)) over the last axis", () => {
    // log softmax = x − log Σ eˣ, computed here from the formula.
    const lse = Math.log(xs.reduce((a, x) => a + Math.exp(x), 0));
    runStep("activation(log_softmax)", xs).forEach((y, i) => expect(y).toBeCloseTo(xs[i]! - lse, 5));
  });
  const cases: Record<string, (x: number) => number> = {
    leaky_relu: (x) => (x > 0 ? x : 0.2 * x),
    relu6: (x) => Math.min(Math.max(x, 0), 6),
    swish: (x) => x / (1 + Math.exp(-x)),
    // Keras's gelu default is the exact erf form; 0.5·x·(1 + erf(x/√2)), tabulated values.
    gelu: (x) => ({ [-8]: 0, [-1]: -0.15865525, 0: 0, 0.5: 0.34573123, 1: 0.84134475, 7: 7 })[x]!,
    elu: (x) => (x > 0 ? x : Math.exp(x) - 1),
    selu: (x) => 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * (Math.exp(x) - 1)),
    // Keras 3 formulas (keras/src/activations/activations.py): softplus log(1 + eˣ), softsign x/(|x|+1),
    // hard_sigmoid relu6(x + 3)/6 (Keras 2's was clip(0.2x + 0.5)).
    softplus: (x) => Math.log1p(Math.exp(x)),
    softsign: (x) => x / (Math.abs(x) + 1),
    hard_sigmoid: (x) => Math.min(Math.max(x + 3, 0), 6) / 6,
  };
  for (const [fn, f] of Object.entries(cases)) {
    test(`activation(${fn}) as a layer`, () => {
      runStep(`activation(${fn})`, xs).forEach((y, i) => expect(y).toBeCloseTo(f(xs[i]!), 5));
    });
    test(`dense(activation: ${fn}) applies the same function after the linear map`, () => {
      // dense with identity weights (units = features, kernel = I, bias 0) exposes the activation.
      const { graph } = compileOk(`model M {\ninput x: f32[${xs.length}]\nx -> dense(${xs.length}, activation: ${fn}) as out\noutput out\n}\n`);
      const { model } = build(graph);
      const layers = model.layers.filter((l) => l.getWeights().length === 2);
      layers[0]!.setWeights([tf.eye(xs.length), tf.zeros([xs.length])]);
      const [y] = predictAll(model, [tf.tensor2d([xs])]);
      Array.from(y!.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(f(xs[i]!), 5));
    });
  }

  test("dense(activation: leaky_relu) is the linear dense followed by Keras's 0.2 slope", () => {
    const { graph } = compileOk("model M {\ninput x: f32[3]\nx -> dense(4, activation: leaky_relu) as out\noutput out\n}\n");
    const { model } = build(graph);
    const x = tf.tensor2d([[1, -2, 3], [-4, 5, -6]]);
    const pre = model.getLayer("out_pre").apply(x) as tf.Tensor;
    const expected = tf.where(tf.greater(pre, 0), pre, tf.mul(pre, 0.2));
    const [y] = predictAll(model, [x]);
    expect(Array.from(y!.dataSync())).toEqual(Array.from(expected.dataSync()));
    expect(Array.from(pre.dataSync()).some((v) => v < 0)).toBe(true);
  });
});

describe("axes count as Keras counts them: batch is axis 0, negative axes from the end", () => {
  test("batchnorm(axis: 1) on f32[40, 500, 1] normalizes the 40-axis: 160 parameters, in both spec forms", () => {
    // Keras: BatchNormalization(axis=1) on input (None, 40, 500, 1) has gamma, beta, moving mean and
    // moving variance of size 40 each = 160 parameters: 80 trainable (gamma, beta), 80 not.
    const dsl = compileOk("model M {\ninput x: f32[40, 500, 1]\nx -> batchnorm(axis: 1) as out\noutput out\n}\n").graph;
    const yaml = compileOk("mfgnet: 1\nmodel:\n  name: M\n  inputs: { x: { shape: [40, 500, 1], dtype: f32 } }\n  layers:\n    - batchnorm: { axis: 1, as: out }\n  outputs: [out]\n", "yaml").graph;
    for (const graph of [dsl, yaml]) {
      const summary = summarizeGraph(graph);
      expect(summary.trainableParams).toBe(80);
      expect(summary.nonTrainableParams).toBe(80);
      const { model } = build(graph);
      expect(model.getLayer("out").getWeights().map((w) => w.shape)).toEqual([[40], [40], [40], [40]]);
      expect(model.countParams()).toBe(160);
    }
  });

  test("concat(axis: -2) of two f32[2, 2] joins the rows at run time, not only in the declared shape", () => {
    // Keras: Concatenate(axis=-2) of [[1, 2], [3, 4]] and [[10, 20], [30, 40]] stacks the rows:
    // shape (1, 4, 2), flattened [1, 2, 3, 4, 10, 20, 30, 40]. tfjs turns a negative axis into -1 at run
    // time, which would give [1, 2, 10, 20, 3, 4, 30, 40].
    const { graph } = compileOk("model M {\ninput a: f32[2, 2]\ninput b: f32[2, 2]\nj = concat(a, b, axis: -2)\nout = j -> flatten\noutput j, out\n}\n");
    const { model, lowered } = build(graph);
    expect(lowered.nodes.find((n) => n.id === "j")!.layers[0]!.config["axis"]).toBe(1);
    const [joined, flat] = predictAll(model, [tf.tensor3d([[[1, 2], [3, 4]]]), tf.tensor3d([[[10, 20], [30, 40]]])]);
    expect(joined!.shape).toEqual([1, 4, 2]);
    expect(Array.from(flat!.dataSync())).toEqual([1, 2, 3, 4, 10, 20, 30, 40]);
  });

  test("concat(axis: 1) of (2, 3) and (4, 3) joins the 2- and 4-axes", () => {
    const { graph } = compileOk("model M {\ninput a: f32[2, 3]\ninput b: f32[4, 3]\nout = concat(a, b, axis: 1)\noutput out\n}\n");
    const { model } = build(graph);
    const [y] = predictAll(model, [tf.ones([1, 2, 3]), tf.zeros([1, 4, 3])]);
    expect(y!.shape).toEqual([1, 6, 3]);
    expect(Array.from(y!.dataSync())).toEqual([...Array<number>(6).fill(1), ...Array<number>(12).fill(0)]);
  });

  test("layernorm(axis: -1) and layernorm(axis: 2) on (6, 4) are the same layer, lowered to tfjs axis 2", () => {
    const a = compileOk("model M {\ninput x: f32[6, 4]\nx -> layernorm(axis: -1) as out\noutput out\n}\n").graph;
    const b = compileOk("model M {\ninput x: f32[6, 4]\nx -> layernorm(axis: 2) as out\noutput out\n}\n").graph;
    for (const g of [a, b]) expect(lowerGraph(g, { seed: 1 }).nodes[0]!.layers[0]!.config["axis"]).toBe(2);
    const ya = predictAll(build(a).model, [tf.randomNormal([2, 6, 4], 0, 1, "float32", 3)])[0]!;
    const yb = predictAll(build(b).model, [tf.randomNormal([2, 6, 4], 0, 1, "float32", 3)])[0]!;
    expect(Array.from(ya.dataSync())).toEqual(Array.from(yb.dataSync()));
  });

  test("every op with an axis reaches tfjs with a non-negative, batch-counted axis", () => {
    const graph = compileOk(
      "model M {\ninput x: f32[6, 4]\nn = x -> normalization(axis: -2)\nb = n -> batchnorm(axis: -2)\nl = b -> layernorm(axis: -1)\nout = concat(l, x, axis: -1)\noutput out\n}\n",
    ).graph;
    const axes = lowerGraph(graph, { seed: 1 }).nodes.map((n) => [n.op, n.layers[0]!.config["axis"]]);
    expect(axes).toEqual([["normalization", 1], ["batchnorm", 1], ["layernorm", 2], ["concat", 2]]);
  });
});

describe("Keras defaults that tfjs does not share", () => {
  test("lstm: sigmoid gates, unit forget bias, glorot-uniform kernel, orthogonal recurrent kernel", () => {
    const { graph } = compileOk("model M {\ninput x: f32[5, 3]\nx -> lstm(4) as out\noutput out\n}\n");
    const { model } = build(graph);
    const config = model.getLayer("out").getConfig();
    expect(config["recurrentActivation"]).toBe("sigmoid");
    expect(config["unitForgetBias"]).toBe(true);
    const [kernel, recurrent, bias] = model.getLayer("out").getWeights();
    // Keras's bias is [i, f, c, o] with the forget gate at one.
    expect(Array.from(bias!.dataSync())).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    // glorot-uniform limit √(6 / (fan_in + fan_out)) = √(6 / (3 + 16)).
    const limit = Math.sqrt(6 / (3 + 16));
    expect(Array.from(kernel!.dataSync()).every((v) => Math.abs(v) <= limit)).toBe(true);
    // An orthogonal 4×16 recurrent kernel has orthonormal rows.
    const gram = tf.matMul(recurrent!, recurrent!, false, true);
    expect(Array.from(gram.dataSync()).map((v) => Math.round(v * 1e4) / 1e4 + 0)).toEqual(Array.from(tf.eye(4).dataSync()));
  });

  test("embedding's initializer is Keras's uniform(-0.05, 0.05)", () => {
    const { graph } = compileOk("model M {\ninput x: i32[3]\nx -> embedding(50, 8) as out\noutput out\n}\n");
    const values = Array.from(build(graph).model.getLayer("out").getWeights()[0]!.dataSync());
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(0.05);
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.04);
  });

  test("initial weights are seeded: the same spec and seed give the same weights, another seed others", () => {
    const { graph } = compileOk("model M {\ninput x: f32[6, 3]\nx -> conv1d(4, 2) -> gru(3) -> dense(2) as out\noutput out\n}\n");
    const weights = (seed: number) => build(graph, seed).model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(weights(5)).toEqual(weights(5));
    expect(weights(5)).not.toEqual(weights(6));
  });

  test("masking(0) makes lstm skip zero steps: trailing padding does not change the result", () => {
    const { graph } = compileOk("model M {\ninput x: f32[?, 2]\nx -> masking(0) -> lstm(3) as out\noutput out\n}\n");
    const { model } = build(graph);
    const short = predictAll(model, [tf.tensor3d([[[1, 2], [3, -1]]])])[0]!;
    const padded = predictAll(model, [tf.tensor3d([[[1, 2], [3, -1], [0, 0], [0, 0]]])])[0]!;
    Array.from(padded.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(short.dataSync()[i]!, 6));
  });
});

describe("helper layers never take a name the spec uses", () => {
  test("a node named `out_pre` next to a leaky_relu dense `out`", () => {
    const { graph } = compileOk("model M {\ninput x: f32[3]\nx -> dense(3) as out_pre -> dense(2, activation: leaky_relu) as out\noutput out\n}\n");
    const { lowered, model } = build(graph);
    const names = model.layers.map((l) => l.name);
    expect(new Set(names).size).toBe(names.length);
    expect(lowered.nodes.find((n) => n.id === "out")!.layers.map((l) => l.config["name"])).toEqual(["out_pre_2", "out"]);
  });

  test("names of keepdims pooling helpers and time_distributed helpers avoid inputs and each other", () => {
    const spec = "model M {\ninput out_pool: f32[4, 4, 2]\nout_pool -> global_maxpool2d(keepdims: true) as out\nout_pool -> time_distributed(dense(2, activation: leaky_relu)) as td\nout_pool -> dense(2) as td_pre\noutput out, td, td_pre\n}\n";
    const { model } = build(compileOk(spec).graph);
    const names = model.layers.map((l) => l.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(["out_pool", "out_pool_2", "out", "td", "td_pre", "td_pre_2"]));
  });
});

describe("ops tfjs cannot compute faithfully are refused, not emitted wrong", () => {
  test.each(["lstm(2, activation: leaky_relu)", "lstm(2, recurrent_activation: leaky_relu)", "simple_rnn(2, activation: leaky_relu)", "bidirectional(lstm(2, activation: leaky_relu))"])(
    "%s (tfjs's recurrent cells know no leaky_relu): the checker refuses it",
    (step) => {
      const text = `model M {\ninput x: f32[4, 3]\nx -> ${step} as out\noutput out\n}\n`;
      expect(compileText(text, "m.mfgnet", "dsl").diagnostics.map((d) => d.code)).toEqual(["MFG3405"]);
    },
  );

  test("gru with leaky_relu is fine: MfgGRU implements it with Keras's slope", () => {
    const { graph } = compileOk("model M {\ninput x: f32[4, 3]\nx -> gru(2, activation: leaky_relu) as out\noutput out\n}\n");
    const [y] = predictAll(build(graph).model, [tf.ones([1, 4, 3])]);
    expect(Array.from(y!.dataSync()).every(Number.isFinite)).toBe(true);
  });
});
