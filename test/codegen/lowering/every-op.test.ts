/**
 * Every op of the registry, lowered to tfjs and instantiated in process: each tfjs layer's output shape is
 * the IR node's shape, each node's tfjs weights add up to the registry's (Keras) parameter count —
 * trainable and non-trainable separately — and `predict` runs and is finite.
 *
 * The table below must name every op in `OPS`: a new op fails this test until it has a case.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, test } from "vitest";
import { getOp, OPS } from "../../../src/ir/ops/registry.js";
import { build, compileOk, DYNAMIC_DIM, predictAll, randomInputs, weightCount } from "./helpers.js";

interface OpCase {
  /** What the case covers (shown in the test name). */
  readonly title: string;
  /** `input …` lines of the model. */
  readonly inputs: string;
  /** The model body; it must produce a tensor named `out` (and may output more). */
  readonly body: string;
  readonly outputs?: string;
}

const c = (title: string, inputs: string, body: string, outputs = "out"): OpCase => ({ title, inputs, body, outputs });

const IMG = "input x: f32[8, 8, 3]";
const SEQ = "input x: f32[6, 4]";
const VEC = "input x: f32[5]";
const ACTS = ["elu", "gelu", "hard_sigmoid", "leaky_relu", "linear", "log_softmax", "relu", "relu6", "selu", "sigmoid", "softmax", "softplus", "softsign", "swish", "tanh"];

const CASES: Readonly<Record<string, readonly OpCase[]>> = {
  activation: ACTS.map((fn) => c(`activation(${fn})`, VEC, `x -> activation(${fn}) as out`)),
  add: [c("two inputs", VEC, "a = x -> dense(5)\nout = add(x, a)"), c("three inputs", VEC, "a = x -> dense(5)\nb = x -> dense(5)\nout = add(x, a, b)")],
  average: [c("two inputs", VEC, "a = x -> dense(5)\nout = average(x, a)")],
  avgpool1d: [
    c("default", SEQ, "x -> avgpool1d as out"),
    c("pool 3 strides 1 same", SEQ, "x -> avgpool1d(3, strides: 1, padding: same) as out"),
  ],
  avgpool2d: [
    c("default", IMG, "x -> avgpool2d as out"),
    c("pool [3,2] strides [2,1] same", IMG, "x -> avgpool2d([3, 2], strides: [2, 1], padding: same) as out"),
  ],
  batchnorm: [
    c("default", IMG, "x -> batchnorm as out"),
    c("no center, no scale, custom momentum/epsilon", IMG, "x -> batchnorm(center: false, scale: false, momentum: 0.9, epsilon: 0.01) as out"),
    c("axis 1 on a sequence", SEQ, "x -> batchnorm(axis: 1) as out"),
  ],
  bidirectional: [
    ...["concat", "sum", "mul", "ave"].flatMap((mode) => [
      c(`lstm ${mode}`, SEQ, `x -> bidirectional(lstm(3), merge_mode: ${mode}) as out`),
      c(`gru ${mode}`, SEQ, `x -> bidirectional(gru(3), merge_mode: ${mode}) as out`),
      c(`simple_rnn ${mode}`, SEQ, `x -> bidirectional(simple_rnn(3), merge_mode: ${mode}) as out`),
    ]),
    c("lstm return_sequences", SEQ, "x -> bidirectional(lstm(3, return_sequences: true)) as out"),
    c("gru reset_after false, return_sequences", SEQ, "x -> bidirectional(gru(3, reset_after: false, return_sequences: true)) as out"),
    c("dynamic length", "input x: f32[?, 4]", "x -> bidirectional(gru(3)) as out"),
  ],
  concat: [
    c("last axis", VEC, "a = x -> dense(3)\nout = concat(x, a)"),
    c("axis 1 of sequences", SEQ, "a = x -> conv1d(4, 1)\nout = concat(x, a, axis: 1)"),
    c("axis -2 of sequences", SEQ, "a = x -> conv1d(4, 1)\nout = concat(x, a, axis: -2)"),
  ],
  conv1d: [
    c("default", SEQ, "x -> conv1d(4, 3) as out"),
    c("strides 2 same relu", SEQ, "x -> conv1d(4, 3, strides: 2, padding: same, activation: relu) as out"),
    c("dilation 2, no bias, leaky_relu", SEQ, "x -> conv1d(4, 2, dilation: 2, use_bias: false, activation: leaky_relu) as out"),
    c("causal, dilation 2", SEQ, "x -> conv1d(4, 3, padding: causal, dilation: 2) as out"),
    c("causal, strides 2, hard_sigmoid", SEQ, "x -> conv1d(4, 2, padding: causal, strides: 2, activation: hard_sigmoid) as out"),
  ],
  conv2d: [
    c("default", IMG, "x -> conv2d(4, 3) as out"),
    c("strides 2 same", IMG, "x -> conv2d(4, 3, strides: 2, padding: same) as out"),
    c("kernel [3,1] strides [2,1] valid", IMG, "x -> conv2d(4, [3, 1], strides: [2, 1]) as out"),
    c("dilation 2 same", IMG, "x -> conv2d(4, 3, dilation: 2, padding: same) as out"),
    ...ACTS.map((fn) => c(`activation ${fn}`, IMG, `x -> conv2d(2, 3, activation: ${fn}) as out`)),
  ],
  conv2d_transpose: [
    c("default", IMG, "x -> conv2d_transpose(4, 3) as out"),
    c("strides 2 same", IMG, "x -> conv2d_transpose(4, 3, strides: 2, padding: same) as out"),
    c("strides 2 valid, no bias, relu6", IMG, "x -> conv2d_transpose(4, 2, strides: 2, use_bias: false, activation: relu6) as out"),
    c("leaky_relu", IMG, "x -> conv2d_transpose(2, 3, activation: leaky_relu) as out"),
    c("output_padding 1, strides 2 same", IMG, "x -> conv2d_transpose(4, 3, strides: 2, padding: same, output_padding: 1) as out"),
    c("output_padding [1, 0], strides [2, 3] valid, tanh", IMG, "x -> conv2d_transpose(2, [3, 2], strides: [2, 3], output_padding: [1, 0], activation: tanh) as out"),
  ],
  cropping1d: [c("[1, 2]", SEQ, "x -> cropping1d([1, 2]) as out"), c("1", SEQ, "x -> cropping1d(1) as out")],
  cropping2d: [
    c("[[1, 2], [0, 3]]", IMG, "x -> cropping2d([[1, 2], [0, 3]]) as out"),
    c("[2, 1]", IMG, "x -> cropping2d([2, 1]) as out"),
  ],
  dense: [
    c("default", VEC, "x -> dense(3) as out"),
    c("no bias", VEC, "x -> dense(3, use_bias: false) as out"),
    c("on a sequence (rank 3)", SEQ, "x -> dense(3) as out"),
    ...ACTS.map((fn) => c(`activation ${fn}`, VEC, `x -> dense(3, activation: ${fn}) as out`)),
  ],
  depthwise_conv2d: [
    c("default", IMG, "x -> depthwise_conv2d(3) as out"),
    c("depth_multiplier 2 strides 2 same", IMG, "x -> depthwise_conv2d(3, depth_multiplier: 2, strides: 2, padding: same) as out"),
    c("no bias, swish", IMG, "x -> depthwise_conv2d([3, 2], use_bias: false, activation: swish) as out"),
    c("dilation 2 valid", IMG, "x -> depthwise_conv2d(3, dilation: 2) as out"),
    c("dilation [2, 3] same, multiplier 2, relu", IMG, "x -> depthwise_conv2d(3, dilation: [2, 3], padding: same, depth_multiplier: 2, activation: relu) as out"),
  ],
  elu: [c("default", VEC, "x -> elu as out"), c("alpha 0.5", VEC, "x -> elu(0.5) as out")],
  leaky_relu: [c("default", VEC, "x -> leaky_relu as out"), c("alpha 0.1", VEC, "x -> leaky_relu(alpha: 0.1) as out")],
  prelu: [c("per element", SEQ, "x -> prelu as out"), c("shared over space", IMG, "x -> prelu(shared_axes: [1, 2]) as out")],
  relu: [c("plain", VEC, "x -> relu as out"), c("max_value 6", VEC, "x -> relu(max_value: 6) as out"), c("slope and threshold", VEC, "x -> relu(max_value: 2, negative_slope: 0.1, threshold: 0.5) as out")],
  softmax: [c("last axis", SEQ, "x -> softmax as out"), c("axis 1", SEQ, "x -> softmax(1) as out")],
  random_flip: [c("default", IMG, "x -> random_flip as out"), c("horizontal", IMG, "x -> random_flip(horizontal) as out")],
  random_translation: [c("0.1, [−0.2, 0.1]", IMG, "x -> random_translation(0.1, [-0.2, 0.1], fill_mode: constant) as out")],
  random_rotation: [c("0.1 nearest", IMG, "x -> random_rotation(0.1, interpolation: nearest) as out")],
  random_zoom: [c("0.2", IMG, "x -> random_zoom(0.2) as out"), c("height and width", IMG, "x -> random_zoom([-0.3, -0.1], width_factor: 0.1, fill_mode: wrap) as out")],
  random_contrast: [c("0.2 on [0, 1]", IMG, "x -> random_contrast(0.2, value_range: [0, 1]) as out")],
  dropout: [c("rate 0.3", VEC, "x -> dropout(0.3) as out")],
  embedding: [
    c("int32 input", "input x: i32[6]", "x -> embedding(8, 4) as out"),
    c("mask_zero into lstm", "input x: i32[6]", "x -> embedding(8, 4, mask_zero: true) -> lstm(3) as out"),
    c("dynamic length", "input x: i32[?]", "x -> embedding(8, 4) -> global_avgpool1d as out"),
  ],
  flatten: [c("image", IMG, "x -> flatten as out")],
  global_avgpool1d: [c("default", SEQ, "x -> global_avgpool1d as out"), c("keepdims", SEQ, "x -> global_avgpool1d(keepdims: true) as out")],
  global_avgpool2d: [c("default", IMG, "x -> global_avgpool2d as out"), c("keepdims", IMG, "x -> global_avgpool2d(keepdims: true) as out")],
  global_maxpool1d: [c("default", SEQ, "x -> global_maxpool1d as out"), c("keepdims", SEQ, "x -> global_maxpool1d(keepdims: true) as out")],
  global_maxpool2d: [c("default", IMG, "x -> global_maxpool2d as out"), c("keepdims", IMG, "x -> global_maxpool2d(keepdims: true) as out")],
  gru: [
    c("default (reset_after)", SEQ, "x -> gru(3) as out"),
    c("reset_after false", SEQ, "x -> gru(3, reset_after: false) as out"),
    c("return_sequences, go_backwards, no bias", SEQ, "x -> gru(3, return_sequences: true, go_backwards: true, use_bias: false) as out"),
    c("relu, hard activations, dropout", SEQ, "x -> gru(3, activation: relu, recurrent_activation: sigmoid, dropout: 0.1, recurrent_dropout: 0.1) as out"),
    c("masked input", SEQ, "x -> masking(0) -> gru(3) as out"),
  ],
  layernorm: [
    c("default", SEQ, "x -> layernorm as out"),
    c("no center/scale, epsilon", SEQ, "x -> layernorm(center: false, scale: false, epsilon: 0.00001) as out"),
    c("axis 1", SEQ, "x -> layernorm(axis: 1) as out"),
  ],
  lstm: [
    c("default", SEQ, "x -> lstm(3) as out"),
    c("return_sequences, go_backwards", SEQ, "x -> lstm(3, return_sequences: true, go_backwards: true) as out"),
    c("no bias, relu, dropout", SEQ, "x -> lstm(3, use_bias: false, activation: relu, dropout: 0.2, recurrent_dropout: 0.2) as out"),
    c("dynamic length, stacked", "input x: f32[?, 4]", "x -> lstm(3, return_sequences: true) -> lstm(2) as out"),
  ],
  masking: [c("mask 0 into lstm", SEQ, "x -> masking(0) as m -> lstm(2) as out", "out, m")],
  maxpool1d: [c("default", SEQ, "x -> maxpool1d as out"), c("pool 2 strides 1 same", SEQ, "x -> maxpool1d(2, strides: 1, padding: same) as out")],
  maxpool2d: [c("default", IMG, "x -> maxpool2d as out"), c("pool 3 strides 2 same", IMG, "x -> maxpool2d(3, strides: 2, padding: same) as out")],
  multi_head_attention: [
    c("self", SEQ, "x -> multi_head_attention(heads: 2, key_dim: 3) as out"),
    c("self, causal, value_dim, output_dim, no bias", SEQ, "x -> multi_head_attention(heads: 2, key_dim: 3, value_dim: 5, output_dim: 7, causal: true, use_bias: false) as out"),
    c("cross (query, value)", "input x: f32[6, 4]\ninput m: f32[3, 5]", "out = multi_head_attention(x, m, heads: 2, key_dim: 3)"),
    c("cross (query, value, key)", "input x: f32[6, 4]\ninput m: f32[3, 5]\ninput k: f32[3, 2]", "out = multi_head_attention(x, m, k, heads: 3, key_dim: 2, dropout: 0.1)"),
    c("on embeddings with padding mask", "input x: i32[6]", "x -> embedding(8, 4, mask_zero: true) -> multi_head_attention(heads: 2, key_dim: 2) as out"),
  ],
  multiply: [c("two inputs", VEC, "a = x -> dense(5)\nout = multiply(x, a)")],
  normalization: [c("last axis", SEQ, "x -> normalization as out"), c("axis 1", SEQ, "x -> normalization(axis: 1) as out")],
  permute: [c("swap", SEQ, "x -> permute([2, 1]) as out"), c("rank 4", IMG, "x -> permute([3, 1, 2]) as out")],
  positional_encoding: [
    c("sinusoidal", SEQ, "x -> positional_encoding as out"),
    c("sinusoidal, dynamic length", "input x: f32[?, 4]", "x -> positional_encoding(sinusoidal) as out"),
    c("learned", SEQ, "x -> positional_encoding(learned, max_length: 6) as out"),
    c("learned, longer table", SEQ, "x -> positional_encoding(mode: learned, max_length: 10) as out"),
  ],
  rescaling: [c("scale", IMG, "x -> rescaling(1/255) as out"), c("scale and offset", IMG, "x -> rescaling(2, -1) as out")],
  reshape: [
    c("flatten-like", IMG, "x -> reshape([64, 3]) as out"),
    c("with -1", IMG, "x -> reshape([-1, 12]) as out"),
    c("-1 last, then dense", IMG, "x -> reshape([4, -1]) -> dense(2) as out"),
  ],
  separable_conv2d: [
    c("default", IMG, "x -> separable_conv2d(4, 3) as out"),
    c("depth_multiplier 2 strides 2 same", IMG, "x -> separable_conv2d(4, 3, depth_multiplier: 2, strides: 2, padding: same) as out"),
    c("dilation 2, no bias, gelu", IMG, "x -> separable_conv2d(4, 3, dilation: 2, use_bias: false, activation: gelu) as out"),
    c("leaky_relu", IMG, "x -> separable_conv2d(4, 3, activation: leaky_relu) as out"),
  ],
  simple_rnn: [
    c("default", SEQ, "x -> simple_rnn(3) as out"),
    c("return_sequences, no bias, relu", SEQ, "x -> simple_rnn(3, return_sequences: true, use_bias: false, activation: relu) as out"),
  ],
  subtract: [c("two inputs", VEC, "a = x -> dense(5)\nout = subtract(x, a)")],
  time_distributed: [
    c("dense", SEQ, "x -> time_distributed(dense(3)) as out"),
    c("dense leaky_relu", SEQ, "x -> time_distributed(dense(3, activation: leaky_relu)) as out"),
    c("conv2d", "input x: f32[3, 6, 6, 2]", "x -> time_distributed(conv2d(4, 3, activation: relu)) as out"),
    c("conv2d then maxpool2d then flatten", "input x: f32[3, 6, 6, 2]", "x -> time_distributed(conv2d(4, 3)) -> time_distributed(maxpool2d(2)) -> time_distributed(flatten) as out"),
    c("global pooling with keepdims", "input x: f32[3, 6, 6, 2]", "x -> time_distributed(global_avgpool2d(keepdims: true)) as out"),
    c("batchnorm", SEQ, "x -> time_distributed(batchnorm) as out"),
  ],
  upsampling2d: [c("default", IMG, "x -> upsampling2d as out"), c("size [2,3] bilinear", IMG, "x -> upsampling2d([2, 3], interpolation: bilinear) as out")],
  zero_padding2d: [
    c("default", IMG, "x -> zero_padding2d as out"),
    c("[2, 1]", IMG, "x -> zero_padding2d([2, 1]) as out"),
    c("[[1, 2], [0, 3]]", IMG, "x -> zero_padding2d([[1, 2], [0, 3]]) as out"),
  ],
  zero_padding1d: [c("default", SEQ, "x -> zero_padding1d as out"), c("[2, 0]", SEQ, "x -> zero_padding1d([2, 0]) as out")],
};

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("the lowering table covers the registry", () => {
  test("every op in OPS has at least one case, and every case names a real op", () => {
    const ops = OPS.map((o) => o.name);
    expect(ops.filter((o) => (CASES[o]?.length ?? 0) === 0), "ops without a lowering case").toEqual([]);
    expect(Object.keys(CASES).filter((o) => getOp(o) === undefined), "cases for unknown ops").toEqual([]);
  });
});

function specText(k: OpCase): string {
  return `model M {\n${k.inputs}\n${k.body}\noutput ${k.outputs ?? "out"}\n}\n`;
}

/** Names of the top-level tfjs layers a node lowers to (the last one is the node id). */
function layerNames(lowered: ReturnType<typeof build>["lowered"], id: string): string[] {
  const node = lowered.nodes.find((n) => n.id === id)!;
  return node.layers.map((l) => String(l.config["name"]));
}

describe.each(OPS.map((o) => o.name))("%s", (opName) => {
  test.each((CASES[opName] ?? []).map((k) => [k.title, k] as const))("%s", (_title, k) => {
    const { graph } = compileOk(specText(k));
    expect(graph.nodes.some((n) => n.op === opName), `the spec uses \`${opName}\``).toBe(true);
    const { lowered, model } = build(graph);
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));

    for (const node of graph.nodes) {
      if (node.op === "input") continue;
      const names = layerNames(lowered, node.id);
      expect(names[names.length - 1], "the last layer of a node is named after it").toBe(node.id);
      // (a) tfjs's output shape of the node's value is the IR's shape.
      expect(model.getLayer(node.id).outputShape, `output shape of \`${node.id}\` (${node.op})`).toEqual([null, ...node.shape]);
      // (b) tfjs's weights are Keras's parameter count, trainable and non-trainable separately.
      const layers = names.map((n) => model.getLayer(n));
      const actual = {
        trainable: layers.reduce((s, l) => s + weightCount(l.trainableWeights), 0),
        nonTrainable: layers.reduce((s, l) => s + weightCount(l.nonTrainableWeights), 0),
      };
      const expected = getOp(node.op)!.paramCount(node.attrs, node.inputs.map((i) => byId.get(i)!.shape));
      expect(actual, `parameters of \`${node.id}\` (${node.op})`).toEqual(expected);
    }
    // No layers other than the inputs and the nodes' layers.
    const expectedLayers = [...lowered.inputs.map((i) => i.id), ...lowered.nodes.flatMap((n) => layerNames(lowered, n.id))];
    expect(model.layers.map((l) => l.name).sort()).toEqual(expectedLayers.sort());

    // (c) predict runs on inputs of the right dtype, with the right shapes, and is finite.
    const xs = randomInputs(model);
    const ys = predictAll(model, xs);
    expect(ys).toHaveLength(graph.outputs.length);
    ys.forEach((y, i) => {
      const shape = byId.get(graph.outputs[i]!)!.shape;
      expect(y.shape).toEqual([3, ...shape.map((d) => d ?? DYNAMIC_DIM)]);
      expect(Array.from(y.dataSync()).every(Number.isFinite), `finite output of \`${graph.outputs[i]}\``).toBe(true);
    });
    tf.dispose([...xs, ...ys]);
    model.dispose();
  });
});
