/**
 * The Keras options users reach for, computed as Keras computes them. Each expected value is worked out
 * here from the formula (Keras's documented definition or the backend formula cited at the test), never
 * from what mfgc prints.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, test } from "vitest";
import { summarizeGraph } from "../../../src/ir/summary.js";
import { compileText } from "../../../src/pipeline.js";
import { build, compileOk, predictAll } from "./helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Builds `x -> <step> as out` for an input of `shape` and returns the model (seeded weights). */
function modelOf(step: string, shape: readonly number[]): tf.LayersModel {
  const { graph } = compileOk(`model M {\ninput x: f32[${shape.join(", ")}]\nx -> ${step} as out\noutput out\n}\n`);
  return build(graph, 3).model;
}

function run(model: tf.LayersModel, x: tf.Tensor): number[] {
  return Array.from(predictAll(model, [x])[0]!.dataSync());
}

/** A deterministic pseudo-random array in [-1, 1). */
function values(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  });
}

function expectClose(actual: readonly number[], expected: readonly number[], digits = 5): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v, `element ${i}`).toBeCloseTo(expected[i]!, digits));
}

describe("activation layers", () => {
  const xs = [-3, -0.5, 0, 0.25, 0.5, 1.5, 4];
  const x = () => tf.tensor2d([xs]);
  test("leaky_relu(alpha: 0.1): x ≥ 0 ? x : 0.1·x; its default slope is the Keras layer's 0.3", () => {
    expectClose(run(modelOf("leaky_relu(alpha: 0.1)", [7]), x()), xs.map((v) => (v >= 0 ? v : 0.1 * v)));
    expectClose(run(modelOf("leaky_relu", [7]), x()), xs.map((v) => (v >= 0 ? v : 0.3 * v)));
  });
  test("elu(0.5): x > 0 ? x : 0.5·(eˣ − 1)", () => {
    expectClose(run(modelOf("elu(0.5)", [7]), x()), xs.map((v) => (v > 0 ? v : 0.5 * (Math.exp(v) - 1))));
  });
  test("relu(max_value: 2, negative_slope: 0.1, threshold: 0.5): Keras's ReLU formula", () => {
    // keras.layers.ReLU: max_value for x ≥ max_value, x for threshold ≤ x < max_value, slope·(x − threshold) below.
    const f = (v: number) => (v >= 2 ? 2 : v >= 0.5 ? v : 0.1 * (v - 0.5));
    expectClose(run(modelOf("relu(max_value: 2, negative_slope: 0.1, threshold: 0.5)", [7]), x()), xs.map(f));
    expectClose(run(modelOf("relu(max_value: 1)", [7]), x()), xs.map((v) => Math.min(Math.max(v, 0), 1)));
  });
  test("softmax(axis: 1) on (3, 2) normalizes each column (the 3-axis)", () => {
    const data = [1, 2, 3, -1, 0.5, 0];
    const y = run(modelOf("softmax(axis: 1)", [3, 2]), tf.tensor3d([[[1, 2], [3, -1], [0.5, 0]]]));
    const col = (c: number) => [0, 1, 2].map((r) => data[r * 2 + c]!);
    const expected = new Array<number>(6);
    for (const c of [0, 1]) {
      const e = col(c).map(Math.exp);
      const sum = e.reduce((a, b) => a + b, 0);
      e.forEach((v, r) => (expected[r * 2 + c] = v / sum));
    }
    expectClose(y, expected);
  });
  test("prelu: max(x, 0) + α·min(x, 0) with one α per element, or shared over space", () => {
    const model = modelOf("prelu", [2, 3]);
    const alpha = values(6, 5);
    model.getLayer("out").setWeights([tf.tensor2d(alpha, [2, 3])]);
    const data = values(6, 9);
    expectClose(run(model, tf.tensor3d([[data.slice(0, 3), data.slice(3)]])), data.map((v, i) => (v >= 0 ? v : alpha[i]! * v)));
    // Keras PReLU params: input (8, 8, 3) → 192 α; shared_axes [1, 2] → 3.
    expect(summarizeGraph(compileOk("model M {\ninput x: f32[8, 8, 3]\nx -> prelu as out\noutput out\n}\n").graph).trainableParams).toBe(192);
    expect(summarizeGraph(compileOk("model M {\ninput x: f32[8, 8, 3]\nx -> prelu(shared_axes: [1, 2]) as out\noutput out\n}\n").graph).trainableParams).toBe(3);
  });
});

describe("conv1d(padding: causal) with dilation", () => {
  test("y[t] = b + Σₖ w[k]·x[t − (K − 1 − k)·d], zeros before the start; same length as the input", () => {
    const steps = 7;
    const [k, d, cin, cout] = [3, 2, 2, 3];
    const model = modelOf(`conv1d(${cout}, ${k}, padding: causal, dilation: ${d})`, [steps, cin]);
    const conv = model.layers.find((l) => l.getWeights().length === 2)!;
    const w = values(k * cin * cout, 11);
    const b = values(cout, 13);
    conv.setWeights([tf.tensor3d(w, [k, cin, cout]), tf.tensor1d(b)]);
    const x = values(steps * cin, 17);
    const expected: number[] = [];
    for (let t = 0; t < steps; t++) {
      for (let f = 0; f < cout; f++) {
        let sum = b[f]!;
        for (let kk = 0; kk < k; kk++) {
          const src = t - (k - 1 - kk) * d;
          if (src < 0) continue;
          for (let c = 0; c < cin; c++) sum += w[(kk * cin + c) * cout + f]! * x[src * cin + c]!;
        }
        expected.push(sum);
      }
    }
    expectClose(run(model, tf.tensor3d(x, [1, steps, cin])), expected);
  });
});

describe("conv2d_transpose(output_padding)", () => {
  /**
   * Keras's transposed convolution with output_padding, from its backend-neutral definition
   * (keras/src/backend/common/backend_utils.py, _convert_conv_transpose_padding_args_from_keras_to_jax):
   * the full transposed convolution full[i·s + a] += x[i]·w[a], cropped from `k − 1 − left_pad`,
   * left_pad = k − 1 for `valid`, min(⌈pad_len/2⌉, k − 1) with pad_len = k + s + op − 2 for `same`.
   */
  function reference(x: number[], [h, w, cin]: number[], kernel: number[], [kh, kw, f]: number[], [sh, sw]: number[], padding: "same" | "valid", [oph, opw]: number[], bias: number[]): number[] {
    const axis = (n: number, k: number, s: number, op: number) => {
      const left = padding === "valid" ? k - 1 : Math.min(Math.floor((k + s + op - 2) / 2) + ((k + s + op - 2) % 2), k - 1);
      const len = padding === "valid" ? (n - 1) * s + k + op : (n - 1) * s + k - 2 * Math.floor(k / 2) + op;
      return { crop: k - 1 - left, len };
    };
    const H = axis(h!, kh!, sh!, oph!);
    const W = axis(w!, kw!, sw!, opw!);
    const out = new Array<number>(H.len * W.len * f!).fill(0);
    for (let i = 0; i < h!; i++)
      for (let j = 0; j < w!; j++)
        for (let a = 0; a < kh!; a++)
          for (let bb = 0; bb < kw!; bb++) {
            const y = i * sh! + a - H.crop;
            const z = j * sw! + bb - W.crop;
            if (y < 0 || y >= H.len || z < 0 || z >= W.len) continue;
            for (let o = 0; o < f!; o++)
              for (let c = 0; c < cin!; c++) out[(y * W.len + z) * f! + o]! += x[(i * w! + j) * cin! + c]! * kernel[((a * kw! + bb) * f! + o) * cin! + c]!;
          }
    return out.map((v, idx) => v + bias[idx % f!]!);
  }

  test.each([
    ["same", [3, 3], [2, 2], [1, 1]],
    ["same", [3, 2], [2, 3], [1, 2]],
    ["valid", [3, 3], [2, 2], [1, 0]],
  ] as const)("padding %s, kernel %j, strides %j, output_padding %j", (padding, kernel, strides, op) => {
    const [h, w, cin, f] = [3, 4, 2, 3];
    const model = modelOf(`conv2d_transpose(${f}, [${kernel.join(", ")}], strides: [${strides.join(", ")}], padding: ${padding}, output_padding: [${op.join(", ")}])`, [h, w, cin]);
    const weights = values(kernel[0] * kernel[1] * f * cin, 3);
    const bias = values(f, 4);
    model.getLayer("out").setWeights([tf.tensor4d(weights, [kernel[0], kernel[1], f, cin]), tf.tensor1d(bias)]);
    const x = values(h * w * cin, 6);
    const y = predictAll(model, [tf.tensor4d(x, [1, h, w, cin])])[0]!;
    const expected = reference(x, [h, w, cin], weights, [kernel[0], kernel[1], f], [...strides], padding, [...op], bias);
    expect(y.shape.slice(1, 3)).toEqual(model.outputs[0]!.shape.slice(1, 3));
    expectClose(Array.from(y.dataSync()), expected, 4);
  });

  test("output_padding ≥ strides is MFG3233", () => {
    const text = "model M {\ninput x: f32[4, 4, 1]\nx -> conv2d_transpose(2, 3, strides: 2, output_padding: 2) as out\noutput out\n}\n";
    expect(compileText(text, "t.mfgnet", "dsl").diagnostics.map((d) => d.code)).toEqual(["MFG3233"]);
  });
});

describe("depthwise_conv2d with dilation (tfjs ignores it; mfgc computes it by space-to-batch)", () => {
  /** The direct definition: y[i, j, c·m + q] = b + Σ x[i + a·dh − ph, j + b·dw − pw, c]·w[a, b, c, q]. */
  function reference(x: number[], [h, w, c]: number[], k: number[], [kh, kw, m]: number[], [dh, dw]: number[], padding: "same" | "valid", bias: number[]): { out: number[]; shape: number[] } {
    const spanH = (kh! - 1) * dh! + 1;
    const spanW = (kw! - 1) * dw! + 1;
    const [oh, ow] = padding === "same" ? [h!, w!] : [h! - spanH + 1, w! - spanW + 1];
    const [ph, pw] = padding === "same" ? [Math.floor((spanH - 1) / 2), Math.floor((spanW - 1) / 2)] : [0, 0];
    const out: number[] = [];
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let ch = 0; ch < c!; ch++)
          for (let q = 0; q < m!; q++) {
            let s = bias[ch * m! + q]!;
            for (let a = 0; a < kh!; a++)
              for (let b = 0; b < kw!; b++) {
                const y = i + a * dh! - ph;
                const z = j + b * dw! - pw;
                if (y >= 0 && y < h! && z >= 0 && z < w!) s += x[(y * w! + z) * c! + ch]! * k[((a * kw! + b) * c! + ch) * m! + q]!;
              }
            out.push(s);
          }
    return { out, shape: [oh, ow, c! * m!] };
  }

  test.each([
    ["valid", [2, 2], 1],
    ["same", [2, 3], 2],
    ["same", [3, 1], 1],
  ] as const)("padding %s, dilation %j, depth_multiplier %i: forward and kernel gradient", (padding, dilation, m) => {
    const [h, w, c, kh, kw] = [9, 8, 2, 3, 2];
    const model = modelOf(`depthwise_conv2d([${kh}, ${kw}], dilation: [${dilation.join(", ")}], padding: ${padding}, depth_multiplier: ${m})`, [h, w, c]);
    const kernel = values(kh * kw * c * m, 21);
    const bias = values(c * m, 22);
    const layer = model.getLayer("out");
    layer.setWeights([tf.tensor4d(kernel, [kh, kw, c, m]), tf.tensor1d(bias)]);
    const x = values(h * w * c, 23);
    const { out, shape } = reference(x, [h, w, c], kernel, [kh, kw, m], [...dilation], padding, bias);
    const y = predictAll(model, [tf.tensor4d(x, [1, h, w, c])])[0]!;
    expect(y.shape.slice(1)).toEqual(shape);
    expectClose(Array.from(y.dataSync()), out, 4);

    // d/dw of Σ y·r, from the same definition: Σ over outputs of r·x at the tapped input.
    const r = values(out.length, 24);
    const kernelVar = layer.trainableWeights[0]!.read() as tf.Variable;
    const grads = tf.variableGrads(() => tf.sum(tf.mul(model.apply(tf.tensor4d(x, [1, h, w, c])) as tf.Tensor, tf.tensor(r, [1, ...shape]))) as tf.Scalar, [kernelVar]);
    // The output is linear in each weight, so raising one weight by 1 changes Σ y·r by exactly its gradient.
    const expectedGrad = kernel.map((_v, idx) => {
      const plus = kernel.slice();
      plus[idx] = plus[idx]! + 1;
      const up = reference(x, [h, w, c], plus, [kh, kw, m], [...dilation], padding, bias).out;
      return up.reduce((sum, v, i) => sum + (v - out[i]!) * r[i]!, 0);
    });
    expectClose(Array.from(grads.grads[kernelVar.name]!.dataSync()), expectedGrad, 3);
  });
});

describe("padding and cropping", () => {
  const img = values(4 * 5 * 2, 31);
  const at = (y: number, x: number, c: number) => img[(y * 5 + x) * 2 + c]!;
  test("zero_padding2d([[1, 2], [0, 3]]) and cropping2d([[1, 2], [0, 3]]) on (4, 5, 2)", () => {
    const padded = run(modelOf("zero_padding2d([[1, 2], [0, 3]])", [4, 5, 2]), tf.tensor4d(img, [1, 4, 5, 2]));
    const expectedPad: number[] = [];
    for (let y = 0; y < 7; y++) for (let x = 0; x < 8; x++) for (let c = 0; c < 2; c++) expectedPad.push(y >= 1 && y < 5 && x < 5 ? at(y - 1, x, c) : 0);
    expectClose(padded, expectedPad, 6);
    const cropped = run(modelOf("cropping2d([[1, 2], [0, 3]])", [4, 5, 2]), tf.tensor4d(img, [1, 4, 5, 2]));
    const expectedCrop: number[] = [];
    for (let y = 1; y < 2; y++) for (let x = 0; x < 2; x++) for (let c = 0; c < 2; c++) expectedCrop.push(at(y, x, c));
    expectClose(cropped, expectedCrop, 6);
  });
  test("zero_padding1d([2, 1]) and cropping1d([1, 2]) on (5, 2)", () => {
    const seq = values(10, 33);
    expectClose(run(modelOf("zero_padding1d([2, 1])", [5, 2]), tf.tensor3d(seq, [1, 5, 2])), [0, 0, 0, 0, ...seq, 0, 0], 6);
    expectClose(run(modelOf("cropping1d([1, 2])", [5, 2]), tf.tensor3d(seq, [1, 5, 2])), seq.slice(2, 6), 6);
  });
  test("cropping away a whole axis is MFG3234", () => {
    const text = "model M {\ninput x: f32[4, 5, 2]\nx -> cropping2d([[2, 2], [0, 0]]) as out\noutput out\n}\n";
    expect(compileText(text, "t.mfgnet", "dsl").diagnostics.map((d) => d.code)).toEqual(["MFG3234"]);
  });
});

describe("the DSL and the YAML form mean the same", () => {
  const cases: [string, string][] = [
    ["cropping2d([[1, 2], [0, 3]])", "cropping2d: { cropping: [[1, 2], [0, 3]] }"],
    ["zero_padding2d([1, 2])", "zero_padding2d: { padding: [1, 2] }"],
    ["conv1d(4, 3, padding: causal, dilation: 2)", "conv1d: { filters: 4, kernel: 3, padding: causal, dilation: 2 }"],
    ["conv2d_transpose(2, 3, strides: 2, output_padding: 1)", "conv2d_transpose: { filters: 2, kernel: 3, strides: 2, output_padding: 1 }"],
    ["depthwise_conv2d(3, dilation: 2)", "depthwise_conv2d: { kernel: 3, dilation: 2 }"],
    ["relu(max_value: 6, negative_slope: 0.1)", "relu: { max_value: 6, negative_slope: 0.1 }"],
    ["prelu(shared_axes: [1, 2])", "prelu: { shared_axes: [1, 2] }"],
    ["random_translation(0.1, [-0.2, 0.1])", "random_translation: { height_factor: 0.1, width_factor: [-0.2, 0.1] }"],
    ["random_contrast(0.3, value_range: [0, 1])", "random_contrast: { factor: 0.3, value_range: [0, 1] }"],
  ];
  test.each(cases)("%s", (dsl, yaml) => {
    const a = compileOk(`model M {\ninput x: f32[8, 8, 3]\nx -> ${dsl.startsWith("conv1d") ? "reshape([64, 3]) -> " : ""}${dsl} as out\noutput out\n}\n`).graph;
    const layers = dsl.startsWith("conv1d") ? `    - reshape: { target: [64, 3] }\n    - ${yaml.replace(" }", ", as: out }")}` : `    - ${yaml.replace(" }", ", as: out }")}`;
    const b = compileOk(`mfgnet: 1\nmodel:\n  name: M\n  inputs: { x: { shape: [8, 8, 3], dtype: f32 } }\n  layers:\n${layers}\n  outputs: [out]\n`, "yaml").graph;
    const strip = (g: typeof a) => g.nodes.map((n) => ({ op: n.op, attrs: n.attrs, shape: n.shape }));
    expect(strip(b)).toEqual(strip(a));
  });
});
