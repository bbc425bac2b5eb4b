/**
 * Integrated gradients and Grad-CAM, against values worked out by hand.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { gradCam, lastConvLayer } from "../../src/explain/grad-cam.js";
import { integratedGradients, trapezoidWeights } from "../../src/explain/integrated-gradients.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("integrated gradients", () => {
  it("trapezoid weights sum to 1", () => {
    expect(Array.from(trapezoidWeights(8)).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it("equal wᵢxᵢ² for f(x) = Σ wᵢxᵢ² from a zero baseline", async () => {
    // ∫₀¹ ∂f/∂xᵢ(αx) dα · xᵢ = ∫₀¹ 2wᵢαxᵢ dα · xᵢ = wᵢxᵢ²; the trapezoidal rule is exact for a linear integrand.
    const w = tf.tensor1d([0.5, -2, 3]);
    const f = (xs: tf.Tensor) => tf.sum(tf.mul(w, tf.square(xs)), 1) as tf.Tensor1D;
    const x = tf.tensor1d([1, 2, -1.5]);
    const r = await integratedGradients(f, x, tf.zerosLike(x), { steps: 4 });
    expect(Array.from(r.attributions)).toEqual([0.5, -8, 6.75].map((v) => expect.closeTo(v, 5)));
    expect(r.steps).toBe(4);
    expect(r.relativeError).toBeLessThan(1e-6);
    tf.dispose([w, x]);
  });

  it("are complete on a small CNN with pooling and a softmax: Σ attributions = f(x) − f(0) within 1 %", async () => {
    // Seeded random weights and a random image: completeness holds for any differentiable model. (The
    // tutorial CNN on a real Fashion-MNIST image is checked through `mfgc explain` on wasm.)
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 4, kernelSize: 3, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 5, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    const x = tf.randomUniform([12, 12, 1], 0, 1, "float32", 5);
    const f = (xs: tf.Tensor) => tf.gather((model.apply(xs, { training: false }) as tf.Tensor).reshape([xs.shape[0]!, 5]), [3], 1).reshape([-1]) as tf.Tensor1D;
    const r = await integratedGradients(f, x, tf.zerosLike(x));
    expect(r.relativeError).toBeLessThan(0.01);
    expect(Math.abs(r.sum - r.expected)).toBeLessThan(0.01 * Math.abs(r.expected));
    model.dispose();
    x.dispose();
  });
});

describe("Grad-CAM", () => {
  /**
   * A 3×3 image through a linear 2×2 convolution with two filters (no bias), global average pooling and
   * a softmax dense layer. With GAP, ∂z_c/∂Aᵏᵢⱼ = W[k][c]/4 everywhere, so αᵏ = W[k][c]/4 (CAM, Zhou et
   * al. 2016, is the special case Grad-CAM reduces to here).
   *
   *   x = [[1, 2, 0], [0, 1, 3], [2, 0, 1]]
   *   filter 0 = [[1, 0], [0, 1]]  → A⁰ = [[1+1, 2+3], [0+0, 1+1]]   = [[2, 5], [0, 2]]
   *   filter 1 = [[0, 1], [-1, 0]] → A¹ = [[2-0, 0-1], [1-2, 3-0]]   = [[2, -1], [-1, 3]]
   *   W = [[1, -1], [2, 2]] (rows: feature maps, columns: classes)
   *   class 0: α = [1/4, 2/4]:  ¼A⁰ + ½A¹ = [[1.5, 0.75], [-0.5, 2]]  → ReLU [[1.5, 0.75], [0, 2]]
   *   class 1: α = [-1/4, 2/4]: -¼A⁰ + ½A¹ = [[0.5, -1.75], [-0.5, 1]] → ReLU [[0.5, 0], [0, 1]]
   */
  function tiny(): tf.LayersModel {
    const input = tf.input({ shape: [3, 3, 1], name: "image" });
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: 2, useBias: false, name: "conv" });
    const gap = tf.layers.globalAveragePooling2d({ name: "gap" });
    const dense = tf.layers.dense({ units: 2, activation: "softmax", useBias: true, name: "probs" });
    const out = dense.apply(gap.apply(conv.apply(input))) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    // Conv kernel [kh, kw, in, out].
    const k = [
      [[[1, 0]], [[0, 1]]],
      [[[0, -1]], [[1, 0]]],
    ];
    conv.setWeights([tf.tensor4d(k)]);
    dense.setWeights([tf.tensor2d([[1, -1], [2, 2]]), tf.tensor1d([0.3, -0.2])]);
    return model;
  }
  const x = () => tf.tensor4d([[[[1], [2], [0]], [[0], [1], [3]], [[2], [0], [1]]]]);

  it("finds the last 2-D convolution feeding the output", () => {
    const m = tiny();
    expect(lastConvLayer(m, "probs")?.name).toBe("conv");
    m.dispose();
  });

  it("gives the hand-computed maps for both classes (scores taken before the softmax)", async () => {
    const m = tiny();
    const input = x();
    const c0 = await gradCam(m, "image", input, "probs", 0);
    const c1 = await gradCam(m, "image", input, "probs", 1);
    expect(c0!.layer).toBe("conv");
    expect(c0!.map).toEqual([
      [expect.closeTo(1.5, 5), expect.closeTo(0.75, 5)],
      [0, expect.closeTo(2, 5)],
    ]);
    expect(c1!.map).toEqual([
      [expect.closeTo(0.5, 5), 0],
      [0, expect.closeTo(1, 5)],
    ]);
    m.dispose();
    input.dispose();
  });

  it("is null for a model without 2-D convolutions", async () => {
    const input = tf.input({ shape: [4], name: "v" });
    const m = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2, name: "out" }).apply(input) as tf.SymbolicTensor });
    expect(await gradCam(m, "v", tf.zeros([1, 4]), "out", 0)).toBeNull();
    m.dispose();
  });
});
