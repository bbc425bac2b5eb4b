import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { MfgMultiHeadAttention } from "../../../src/runtime/layers/index.js";
import { expectGradientsForAll, fitLosses, maxAbsDiff, roundTrip } from "./helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/**
 * Attention written head by head from the layer's own weights (Keras order): softmax(QKᵀ/√d)V per
 * head, then the output projection summed over heads. `allowed[b][i][j]` false hides key j from query i.
 */
function referenceAttention(layer: MfgMultiHeadAttention, query: tf.Tensor3D, value: tf.Tensor3D, allowed?: boolean[][][]): tf.Tensor {
  return tf.tidy(() => {
    const [qK, qB, kK, kB, vK, vB, oK, oB] = layer.getWeights() as tf.Tensor[];
    const heads = layer.numHeads;
    const [batch, tq] = query.shape;
    const tv = value.shape[1];
    const perBatch: tf.Tensor[] = [];
    for (let b = 0; b < batch; b++) {
      const q2 = tf.squeeze(tf.slice(query, [b, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D;
      const v2 = tf.squeeze(tf.slice(value, [b, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D;
      let out: tf.Tensor = tf.zeros([tq, oK!.shape[2]!]);
      for (let h = 0; h < heads; h++) {
        const head = (k: tf.Tensor, bias: tf.Tensor) => [tf.squeeze(tf.slice(k, [0, h, 0], [-1, 1, -1]), [1]) as tf.Tensor2D, tf.squeeze(tf.slice(bias, [h, 0], [1, -1]), [0])] as const;
        const [wq, bq] = head(qK!, qB!);
        const [wk, bk] = head(kK!, kB!);
        const [wv, bv] = head(vK!, vB!);
        const Q = tf.add(tf.matMul(q2, wq), bq);
        const K = tf.add(tf.matMul(v2, wk), bk);
        const V = tf.add(tf.matMul(v2, wv), bv);
        let scores = tf.div(tf.matMul(Q, K, false, true), Math.sqrt(layer.keyDim));
        if (allowed !== undefined) {
          const rows = allowed[b]!.map((row) => row.map((ok) => (ok ? 0 : -1e9)));
          scores = tf.add(scores, tf.tensor2d(rows, [tq, tv]));
        }
        const P = tf.softmax(scores);
        const wo = tf.squeeze(tf.slice(oK!, [h, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D;
        out = tf.add(out, tf.matMul(tf.matMul(P, V), wo));
      }
      perBatch.push(tf.add(out, oB!));
    }
    return tf.stack(perBatch);
  });
}

function selfAttentionModel(layer: MfgMultiHeadAttention, steps: number, width: number): tf.LayersModel {
  const input = tf.input({ shape: [steps, width] });
  return tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
}

describe("MfgMultiHeadAttention", () => {
  it("has Keras's weight shapes and 16,640 parameters for 4 heads, key_dim 16 on width 64", () => {
    const layer = new MfgMultiHeadAttention({ numHeads: 4, keyDim: 16, seed: 7 });
    const model = selfAttentionModel(layer, 10, 64);
    expect(model.countParams()).toBe(16640);
    expect(layer.weights.map((w) => [w.originalName.split("/").slice(-2).join("/"), w.shape])).toEqual([
      ["query/kernel", [64, 4, 16]],
      ["query/bias", [4, 16]],
      ["key/kernel", [64, 4, 16]],
      ["key/bias", [4, 16]],
      ["value/kernel", [64, 4, 16]],
      ["value/bias", [4, 16]],
      ["attention_output/kernel", [4, 16, 64]],
      ["attention_output/bias", [64]],
    ]);
  });

  it("counts value_dim, output_shape and use_bias like Keras", () => {
    // q,k: 8·2·3 each (no bias); v: 8·2·5; out: 2·5·6.
    const layer = new MfgMultiHeadAttention({ numHeads: 2, keyDim: 3, valueDim: 5, outputShape: 6, useBias: false });
    const model = selfAttentionModel(layer, 4, 8);
    expect(model.countParams()).toBe(48 + 48 + 80 + 60);
    expect(model.outputs[0]!.shape).toEqual([null, 4, 6]);
  });

  it("is seeded: the same seed gives the same weights, different projections differ", () => {
    const a = new MfgMultiHeadAttention({ numHeads: 2, keyDim: 4, seed: 11 });
    const b = new MfgMultiHeadAttention({ numHeads: 2, keyDim: 4, seed: 11 });
    selfAttentionModel(a, 3, 8);
    selfAttentionModel(b, 3, 8);
    const [qa, , ka] = a.getWeights();
    const [qb] = b.getWeights();
    expect(maxAbsDiff(qa!, qb!)).toBe(0);
    expect(maxAbsDiff(qa!, ka!)).toBeGreaterThan(0);
  });

  it("matches softmax(QKᵀ/√d)V per head for self-attention", () => {
    const layer = new MfgMultiHeadAttention({ numHeads: 3, keyDim: 4, valueDim: 5, biasInitializer: "glorotUniform", seed: 3 });
    const model = selfAttentionModel(layer, 6, 8);
    const x = tf.randomNormal([2, 6, 8], 0, 1, "float32", 5) as tf.Tensor3D;
    const y = model.predict(x) as tf.Tensor;
    expect(maxAbsDiff(y, referenceAttention(layer, x, x))).toBeLessThan(1e-5);
  });

  it("applies the causal mask (query i sees keys ≤ i)", () => {
    const layer = new MfgMultiHeadAttention({ numHeads: 2, keyDim: 4, useCausalMask: true, biasInitializer: "glorotUniform", seed: 4 });
    const model = selfAttentionModel(layer, 5, 6);
    const x = tf.randomNormal([2, 5, 6], 0, 1, "float32", 6) as tf.Tensor3D;
    const allowed = [0, 1].map(() => [0, 1, 2, 3, 4].map((i) => [0, 1, 2, 3, 4].map((j) => j <= i)));
    expect(maxAbsDiff(model.predict(x) as tf.Tensor, referenceAttention(layer, x, x, allowed))).toBeLessThan(1e-5);
    // The first step can only see itself: changing later steps must not change it.
    const later = tf.concat([tf.slice(x, [0, 0, 0], [-1, 1, -1]), tf.randomNormal([2, 4, 6], 0, 1, "float32", 9)], 1);
    const first = (t: tf.Tensor) => tf.slice(model.predict(t) as tf.Tensor, [0, 0, 0], [-1, 1, -1]);
    expect(maxAbsDiff(first(x), first(later))).toBeLessThan(1e-6);
  });

  it("does cross-attention of a query over a value of another length and width", () => {
    const layer = new MfgMultiHeadAttention({ numHeads: 2, keyDim: 4, biasInitializer: "glorotUniform", seed: 5 });
    const q = tf.input({ shape: [3, 6] });
    const v = tf.input({ shape: [7, 10] });
    const out = layer.apply([q, v]) as tf.SymbolicTensor;
    expect(out.shape).toEqual([null, 3, 6]);
    expect(layer.getWeights()[2]!.shape).toEqual([10, 2, 4]); // key kernel takes the value's width
    const model = tf.model({ inputs: [q, v], outputs: out });
    const xq = tf.randomNormal([2, 3, 6], 0, 1, "float32", 1) as tf.Tensor3D;
    const xv = tf.randomNormal([2, 7, 10], 0, 1, "float32", 2) as tf.Tensor3D;
    expect(maxAbsDiff(model.predict([xq, xv]) as tf.Tensor, referenceAttention(layer, xq, xv))).toBeLessThan(1e-5);
  });

  it("honours a padding mask from Embedding(maskZero) and passes it on", () => {
    const ids = tf.input({ shape: [5] });
    const embedded = tf.layers.embedding({ inputDim: 10, outputDim: 8, maskZero: true, embeddingsInitializer: tf.initializers.randomUniform({ minval: -1, maxval: 1, seed: 3 }) }).apply(ids) as tf.SymbolicTensor;
    const layer = new MfgMultiHeadAttention({ numHeads: 2, keyDim: 4, seed: 8 });
    const attended = layer.apply(embedded) as tf.SymbolicTensor;
    const model = tf.model({ inputs: ids, outputs: attended });
    const embedModel = tf.model({ inputs: ids, outputs: embedded });
    const tokens = tf.tensor2d([[3, 4, 5, 0, 0], [1, 2, 0, 0, 0]]);
    const x = embedModel.predict(tokens) as tf.Tensor3D;
    const lengths = [3, 2];
    const allowed = lengths.map((n) => [0, 1, 2, 3, 4].map((i) => [0, 1, 2, 3, 4].map((j) => i < n && j < n)));
    const y = model.predict(tokens) as tf.Tensor;
    // Rows of real tokens must match the masked reference (padding rows are don't-care in Keras too).
    const real = (t: tf.Tensor, b: number) => tf.slice(t, [b, 0, 0], [1, lengths[b]!, -1]);
    const ref = referenceAttention(layer, x, x, allowed);
    for (const b of [0, 1]) expect(maxAbsDiff(real(y, b), real(ref, b))).toBeLessThan(1e-5);
    // The mask must have had an effect: without it, real rows would attend to the padding too.
    const unmasked = referenceAttention(layer, x, x);
    expect(maxAbsDiff(real(y, 1), real(unmasked, 1))).toBeGreaterThan(1e-4);
    // The output mask is the query's mask.
    const mask = layer.computeMask(x, tf.notEqual(tokens, 0)) as tf.Tensor;
    expect(Array.from(mask.dataSync())).toEqual([1, 1, 1, 0, 0, 1, 1, 0, 0, 0]);
  });

  it("has gradients for every weight and trains: the loss falls", async () => {
    const layer = new MfgMultiHeadAttention({ numHeads: 2, keyDim: 4, dropout: 0.1, seed: 9 });
    const model = selfAttentionModel(layer, 4, 6);
    const xs = tf.randomNormal([32, 4, 6], 0, 1, "float32", 10);
    const ys = tf.mul(tf.reverse(xs, 1), 0.5);
    expectGradientsForAll(model, xs);
    const { first, last } = await fitLosses(model, xs, ys, 20);
    expect(last).toBeLessThan(first * 0.9);
  });

  it("saves and loads to identical outputs", async () => {
    const layer = new MfgMultiHeadAttention({ numHeads: 2, keyDim: 4, valueDim: 3, outputShape: 5, useCausalMask: true, seed: 12 });
    const model = selfAttentionModel(layer, 4, 6);
    const x = tf.randomNormal([2, 4, 6], 0, 1, "float32", 13);
    const loaded = await roundTrip(model);
    expect(loaded.layers[1]).toBeInstanceOf(MfgMultiHeadAttention);
    expect(maxAbsDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
  });

  it("does not leak tensors in predict", () => {
    const model = selfAttentionModel(new MfgMultiHeadAttention({ numHeads: 2, keyDim: 4, useCausalMask: true, seed: 1 }), 4, 6);
    const x = tf.ones([2, 4, 6]);
    (model.predict(x) as tf.Tensor).dispose();
    const before = tf.memory().numTensors;
    (model.predict(x) as tf.Tensor).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
