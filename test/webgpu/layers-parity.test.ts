/**
 * mfgc's own layers and losses on the webgpu backend compute what they compute on the cpu backend:
 * the forward pass, the gradient of every weight and of the input, and each loss with its gradient.
 * The reference is tfjs's cpu backend (plain float32 JavaScript loops); the tolerance is 1e-5 of the
 * values' scale, float32 rounding of differently ordered sums (tfjs-webgpu's matMul and reductions
 * tile their sums). Every read here is asynchronous, as on a GPU backend it must be.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { LossName } from "../../src/runtime/config.js";
import { MfgBidirectional, MfgGRU, MfgMultiHeadAttention, MfgNormalization, MfgPositionalEncoding, MfgSubtract } from "../../src/runtime/layers/index.js";
import { Prng, withSeededMathRandom } from "../../src/runtime/prng.js";
import { clipGradients } from "../../src/runtime/train/clip.js";
import { computeLoss } from "../../src/runtime/train/losses.js";
import { maxAbsDiff, read, requireWebGpu, SKIP_WEBGPU, use } from "./webgpu.js";

/** Difference allowed, relative to the larger of 1 and the reference's largest magnitude. */
const TOLERANCE = 1e-5;

function scale(values: readonly Float32Array[]): number {
  let m = 1;
  for (const v of values) for (const x of v) m = Math.max(m, Math.abs(x));
  return m;
}

function expectClose(got: readonly Float32Array[], want: readonly Float32Array[], what: string): void {
  expect(got.length, what).toBe(want.length);
  expect(maxAbsDiff(got, want), what).toBeLessThanOrEqual(TOLERANCE * scale(want));
}

interface LayerCase {
  readonly name: string;
  /** Builds a fresh model; seeded, so both backends start from the same weights. */
  build(): tf.LayersModel;
  /** The input batch (built on the current backend from host values). */
  input(): tf.Tensor;
  /** Run the training-mode pass under this seeded Math.random (dropout masks). */
  readonly dropoutSeed?: string;
  /** Adapt the MfgNormalization layer at this index from the input before the pass. */
  readonly adapt?: number;
  /**
   * Behind Masking the mask is computed from the input (NotEqual, Any, LogicalAnd have no gradient in
   * tfjs), so only the weights' gradients exist — which is all training needs.
   */
  readonly masked?: boolean;
}

function chain(input: number[], ...layers: tf.layers.Layer[]): tf.LayersModel {
  const x = tf.input({ shape: input });
  let y: tf.SymbolicTensor = x;
  for (const layer of layers) y = layer.apply(y) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: y });
}

/** A [3, 5, f] batch whose last two steps of the first sequence are padding (all zeros). */
function padded(features: number): () => tf.Tensor {
  return () => {
    const x = tf.randomNormal([3, 5, features], 0, 1, "float32", 42);
    const keep = tf.tensor3d([1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [3, 5, 1]);
    const y = tf.mul(x, keep);
    tf.dispose([x, keep]);
    return y;
  };
}

const normal = (...shape: number[]) => () => tf.randomNormal(shape, 0, 1, "float32", 42);

const LAYERS: LayerCase[] = [
  {
    name: "MfgMultiHeadAttention, causal, with attention dropout",
    build: () => chain([5, 8], new MfgMultiHeadAttention({ numHeads: 2, keyDim: 4, useCausalMask: true, dropout: 0.1, seed: 1 })),
    input: normal(3, 5, 8),
    dropoutSeed: "mha-dropout",
  },
  {
    name: "MfgMultiHeadAttention behind Masking (padding mask: tile + where)",
    build: () => chain([5, 6], tf.layers.masking({ maskValue: 0 }), new MfgMultiHeadAttention({ numHeads: 3, keyDim: 2, valueDim: 3, outputShape: 4, seed: 2 })),
    input: padded(6),
    masked: true,
  },
  { name: "MfgGRU (reset_after), return_sequences", build: () => chain([5, 3], new MfgGRU({ units: 4, returnSequences: true, seed: 3 })), input: normal(3, 5, 3) },
  { name: "MfgGRU (reset_after=false), go_backwards", build: () => chain([5, 3], new MfgGRU({ units: 4, resetAfter: false, goBackwards: true, seed: 4 })), input: normal(3, 5, 3) },
  {
    name: "MfgBidirectional(MfgGRU), concat, behind Masking",
    build: () => chain([5, 3], tf.layers.masking({ maskValue: 0 }), new MfgBidirectional({ layer: new MfgGRU({ units: 4, returnSequences: true, seed: 5 }), mergeMode: "concat" })),
    input: padded(3),
    masked: true,
  },
  {
    // tfjs-layers casts the padding mask bool → float32 and transposes it: tfjs-webgpu's own Cast left
    // integers in the float buffer and Transpose compiled no shader (mfgc's Cast fix, kernels.ts).
    name: "tfjs LSTM behind Masking",
    build: () =>
      chain(
        [5, 3],
        tf.layers.masking({ maskValue: 0 }),
        tf.layers.lstm({ units: 4, returnSequences: true, recurrentActivation: "sigmoid", kernelInitializer: tf.initializers.glorotUniform({ seed: 11 }), recurrentInitializer: tf.initializers.orthogonal({ seed: 12 }) }),
      ),
    input: padded(3),
    masked: true,
  },
  {
    name: "MfgPositionalEncoding (learned) + MfgMultiHeadAttention",
    build: () => chain([5, 8], new MfgPositionalEncoding({ mode: "learned", maxLength: 8, seed: 6 }), new MfgMultiHeadAttention({ numHeads: 2, keyDim: 4, seed: 7 })),
    input: normal(3, 5, 8),
  },
  {
    name: "MfgNormalization (adapted on the backend) + MfgPositionalEncoding (sinusoidal) + MfgGRU",
    build: () => chain([5, 3], new MfgNormalization({}), new MfgPositionalEncoding({ mode: "sinusoidal" }), new MfgGRU({ units: 4, seed: 8 })),
    input: () => tf.add(tf.mul(tf.randomNormal([3, 5, 3], 0, 1, "float32", 42), tf.tensor1d([1, 2, 3])), tf.tensor1d([0, 1, 2])),
    adapt: 1,
  },
  {
    name: "MfgSubtract of two dense branches",
    build: () => {
      const x = tf.input({ shape: [4] });
      const a = tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 9 }) }).apply(x) as tf.SymbolicTensor;
      const b = tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 10 }) }).apply(x) as tf.SymbolicTensor;
      return tf.model({ inputs: x, outputs: new MfgSubtract({}).apply([a, b]) as tf.SymbolicTensor });
    },
    input: normal(3, 4),
  },
];

interface LayerRun {
  readonly forward: Float32Array[];
  readonly weights: Float32Array[];
  readonly gradients: Float32Array[];
  readonly inputGradient: Float32Array[];
}

/**
 * On the current backend: the inference forward pass, the initial weights, and the gradients of
 * mean(y²) from a training-mode pass with respect to every trainable weight and to the input.
 */
async function runLayerCase(c: LayerCase): Promise<LayerRun> {
  const model = c.build();
  const x = c.input();
  if (c.adapt !== undefined) (model.layers[c.adapt] as MfgNormalization).adapt(x);
  const y = model.predict(x) as tf.Tensor;
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const objective = (input: tf.Tensor) => tf.mean(tf.square(model.apply(input, { training: true }) as tf.Tensor)) as tf.Scalar;
  const pass = () => {
    const { grads } = tf.variableGrads(() => objective(x), variables);
    const dx = c.masked === true ? tf.zerosLike(x) : tf.grad(objective)(x);
    return { grads: variables.map((v) => grads[v.name]!), dx };
  };
  const { grads, dx } = c.dropoutSeed === undefined ? pass() : await withSeededMathRandom(new Prng(c.dropoutSeed), pass);
  const run: LayerRun = {
    forward: await read([y]),
    weights: await read(variables),
    gradients: await read(grads),
    inputGradient: await read([dx]),
  };
  tf.dispose([x, y, dx, ...grads]);
  model.dispose();
  return run;
}

interface LossCase {
  readonly loss: LossName;
  /** Predictions as the model's last activation gives them. */
  pred(): tf.Tensor;
  target(): tf.Tensor;
}

const probs = () => tf.softmax(tf.randomNormal([6, 4], 0, 2, "float32", 3));
const LOSSES: LossCase[] = [
  { loss: "categorical_crossentropy", pred: probs, target: () => tf.oneHot(tf.tensor1d([0, 1, 2, 3, 1, 2], "int32"), 4) },
  { loss: "sparse_categorical_crossentropy", pred: probs, target: () => tf.tensor2d([0, 1, 2, 3, 1, 2], [6, 1], "int32") },
  { loss: "binary_crossentropy", pred: () => tf.sigmoid(tf.randomNormal([6, 1], 0, 3, "float32", 4)), target: () => tf.tensor2d([0, 1, 1, 0, 1, 0], [6, 1]) },
  { loss: "mse", pred: () => tf.randomNormal([6, 2], 0, 2, "float32", 5), target: () => tf.randomNormal([6, 2], 0, 2, "float32", 6) },
  { loss: "mae", pred: () => tf.randomNormal([6, 2], 0, 2, "float32", 7), target: () => tf.randomNormal([6, 2], 0, 2, "float32", 8) },
  // Errors on both sides of Huber's δ = 1.
  { loss: "huber", pred: () => tf.randomNormal([6, 2], 0, 2, "float32", 9), target: () => tf.randomNormal([6, 2], 0, 0.5, "float32", 10) },
];

/** A loss value and its gradient with respect to the predictions, on the current backend. */
async function runLossCase(c: LossCase): Promise<Float32Array[]> {
  const pred = c.pred();
  const target = c.target();
  const { value, grad } = tf.valueAndGrad((p: tf.Tensor) => computeLoss(c.loss, target, p))(pred);
  const out = await read([value, grad]);
  tf.dispose([pred, target, value, grad]);
  return out;
}

describe.skipIf(SKIP_WEBGPU)("mfgc's layers and losses on webgpu equal the cpu backend", () => {
  beforeAll(async () => {
    await requireWebGpu();
  });

  for (const c of LAYERS) {
    it(`${c.name}: forward pass and gradients`, async () => {
      await use("cpu");
      const cpu = await runLayerCase(c);
      await use("webgpu");
      const gpu = await runLayerCase(c);
      // Seeded initializers draw their random numbers on the host, but the orthogonal one (GRU's
      // recurrent kernel) then orthogonalizes on the backend: equal up to float32 rounding.
      expectClose(gpu.weights, cpu.weights, "initial weights");
      expectClose(gpu.forward, cpu.forward, "forward");
      expectClose(gpu.gradients, cpu.gradients, "weight gradients");
      expectClose(gpu.inputGradient, cpu.inputGradient, "input gradient");
      // Every weight takes part: a gradient that is zero everywhere would hide a broken kernel.
      gpu.gradients.forEach((g, i) => expect(g.some((v) => v !== 0), `gradient ${i} is not all zero`).toBe(true));
    });
  }

  it("Cast from bool and int32 to float32, then Transpose (the RNN mask path), equals cpu", async () => {
    const run = async () => {
      const flags = tf.tensor3d([1, 0, 1, 1, 0, 0, 0, 1], [2, 2, 2]).greater(0.5);
      const ints = tf.tensor3d([1, -2, 3, 4, 5, -6, 7, 8], [2, 2, 2], "int32");
      const out = [tf.transpose(tf.cast(flags, "float32"), [1, 0, 2]), tf.transpose(tf.cast(ints, "float32"), [2, 1, 0])];
      const values = await read(out);
      tf.dispose([flags, ints, ...out]);
      return values;
    };
    await use("cpu");
    const cpu = await run();
    await use("webgpu");
    expect(await run()).toEqual(cpu);
    // The values themselves, worked out by hand from the transposes.
    expect(Array.from(cpu[0]!)).toEqual([1, 0, 0, 0, 1, 1, 0, 1]);
    expect(Array.from(cpu[1]!)).toEqual([1, 5, 3, 7, -2, -6, 4, 8]);
  });

  it("AddN of more tensors than a shader may bind (20 > 7) and global-norm clipping of 13 gradients equal cpu", async () => {
    const parts = Array.from({ length: 20 }, (_, i) => Float32Array.from({ length: 6 }, (_, j) => Math.sin(i * 7 + j)));
    // The sum worked out on the host, in float64.
    const want = Array.from({ length: 6 }, (_, j) => parts.reduce((s, p) => s + p[j]!, 0));
    const run = async () => {
      const xs = parts.map((p) => tf.tensor1d(p));
      const grads = xs.slice(0, 13).map((x, i) => tf.mul(x, i + 1));
      const out = [tf.addN(xs), ...clipGradients(grads, { name: "sgd", learningRate: 0.1, options: {}, clipGlobalNorm: 1, clipNorm: null, clipValue: null })];
      const values = await read(out);
      tf.dispose([...xs, ...grads, ...out]);
      return values;
    };
    await use("cpu");
    const cpu = await run();
    await use("webgpu");
    const gpu = await run();
    expectClose(gpu, cpu, "addN and clipped gradients");
    expect(maxAbsDiff([gpu[0]!], [Float32Array.from(want)])).toBeLessThan(1e-5);
    // Clipped to global norm 1: the squares of all 13 clipped gradients sum to 1.
    expect(gpu.slice(1).reduce((s, g) => s + g.reduce((t, v) => t + v * v, 0), 0)).toBeCloseTo(1, 5);
  });

  it("tf.image.transform (random_translation/rotation/zoom) on a batch of 4, every fill mode, equals cpu", async () => {
    // cpu runs mfgc's Transform (src/runtime/kernels/transform.ts): tfjs's own left all but image 0 blank.
    const h = 6;
    const w = 7;
    const pixels = Float32Array.from({ length: 4 * h * w * 2 }, (_, i) => Math.sin(i * 0.37) + 0.5);
    const rows = [
      [1, 0, 1.3, 0, 1, -0.7, 0, 0],
      [1, 0, -2.1, 0, 1, 1.6, 0, 0],
      [0.92, -0.39, 1.7, 0.39, 0.92, -1.1, 0, 0],
      [1.17, 0, -1.3, 0, 0.83, 0.41, 0, 0],
    ];
    // No sample lands on an exact .5: there nearest rounds half up on cpu (Math.round) and half to
    // even on webgpu (WGSL round).
    const modes = ["constant", "reflect", "wrap", "nearest"] as const;
    const run = async () => {
      const x = tf.tensor4d(pixels, [4, h, w, 2]);
      const t = tf.tensor2d(rows);
      const out = modes.flatMap((mode) => (["bilinear", "nearest"] as const).map((how) => tf.image.transform(x, t, how, mode, 0.25)));
      const values = await read(out);
      tf.dispose([x, t, ...out]);
      return values;
    };
    await use("cpu");
    const cpu = await run();
    await use("webgpu");
    expectClose(await run(), cpu, "transform");
    // Every image of every result was sampled: none is left at the fill value.
    const size = h * w * 2;
    for (const r of cpu) for (let b = 0; b < 4; b++) expect(r.subarray(b * size, (b + 1) * size).some((v) => v !== 0.25), `image ${b}`).toBe(true);
  });

  for (const c of LOSSES) {
    it(`loss ${c.loss}: value and gradient`, async () => {
      await use("cpu");
      const cpu = await runLossCase(c);
      await use("webgpu");
      const gpu = await runLossCase(c);
      expectClose(gpu, cpu, c.loss);
      expect(Number.isFinite(gpu[0]![0]!)).toBe(true);
    });
  }
});
