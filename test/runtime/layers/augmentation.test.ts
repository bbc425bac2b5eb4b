/**
 * Augmentation layers: identity at inference, Keras 3.0's geometry while training (the expected images
 * are worked out here from the transform matrices in Keras's random_rotation / random_translation /
 * random_zoom, sampled by hand), Keras 3's contrast formula, and randomness that comes from the run's
 * seed, so training is reproducible and a resumed run equals an uninterrupted one.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { instantiate } from "../../../src/codegen/lower/instantiate.js";
import { lowerGraph } from "../../../src/codegen/lower/lower-graph.js";
import { compileText } from "../../../src/pipeline.js";
import { runTraining } from "../../../src/runtime/index.js";
import { MfgRandomContrast, MfgRandomFlip, MfgRandomRotation, MfgRandomTranslation, MfgRandomZoom } from "../../../src/runtime/layers/augmentation.js";
import { Prng, withSeededMathRandom } from "../../../src/runtime/prng.js";
import { metricsOnly, tempDir } from "../helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A 1×n×n×1 image with pixel (y, x) = 10·y + x. */
function grid(n: number): tf.Tensor4D {
  return tf.tensor4d(Array.from({ length: n * n }, (_, i) => 10 * Math.floor(i / n) + (i % n)), [1, n, n, 1]);
}
function pixels(t: tf.Tensor): number[][] {
  const [, h, w] = t.shape as number[];
  const flat = Array.from(t.dataSync());
  return Array.from({ length: h! }, (_, y) => flat.slice(y * w!, (y + 1) * w!));
}
function training(layer: tf.layers.Layer, x: tf.Tensor): tf.Tensor {
  return layer.apply(x, { training: true }) as tf.Tensor;
}
function expectImage(actual: number[][], expected: number[][], digits = 4): void {
  actual.forEach((row, y) => row.forEach((v, x) => expect(v, `pixel (${y}, ${x})`).toBeCloseTo(expected[y]![x]!, digits)));
}

describe("at inference every augmentation is the identity", () => {
  it.each([
    ["random_flip", new MfgRandomFlip()],
    ["random_translation", new MfgRandomTranslation({ heightFactor: 0.3, widthFactor: 0.3 })],
    ["random_rotation", new MfgRandomRotation({ factor: 0.3 })],
    ["random_zoom", new MfgRandomZoom({ heightFactor: 0.3 })],
    ["random_contrast", new MfgRandomContrast({ factor: 0.5 })],
  ] as const)("%s", (_name, layer) => {
    const x = grid(5);
    expect(Array.from((layer.apply(x) as tf.Tensor).dataSync())).toEqual(Array.from(x.dataSync()));
    expect(Array.from((layer.apply(x, { training: false }) as tf.Tensor).dataSync())).toEqual(Array.from(x.dataSync()));
  });
});

describe("geometry while training", () => {
  it("random_rotation(factor: [0.25, 0.25]) turns a square image a quarter counter-clockwise", () => {
    // Keras 3.0's matrix at θ = π/2: input (x', y') = (−y + (w − 1), x) for output (x, y), so
    // out[y][x] = in[x][w − 1 − y].
    const y = pixels(training(new MfgRandomRotation({ factor: [0.25, 0.25], fillMode: "constant" }), grid(4)));
    const input = pixels(grid(4));
    expectImage(y, [0, 1, 2, 3].map((r) => [0, 1, 2, 3].map((c) => input[c]![3 - r]!)));
  });

  it("random_translation(width_factor: [0.25, 0.25]) shifts right by a quarter of the width, reflecting at the edge", () => {
    // dx = 0.25·4 = 1 pixel: out[y][x] = in[y][x − 1]; x − 1 = −1 reflects to column 0 (d c b a | a b c d).
    const layer = new MfgRandomTranslation({ heightFactor: [0, 0], widthFactor: [0.25, 0.25] });
    const input = pixels(grid(4));
    expectImage(pixels(training(layer, grid(4))), input.map((row) => row.map((_v, x) => row[Math.max(x - 1, 0)]!)));
  });

  it("random_zoom(height_factor: [-0.5, -0.5]) magnifies the centre 2×, sampled bilinearly", () => {
    // zoom 0.5 about ((n − 1)/2, (n − 1)/2): input coordinate 0.5·x + 1 on a 5×5 grid; pixel values are
    // linear in x and y, so bilinear sampling gives 10·(0.5y + 1) + (0.5x + 1).
    const y = pixels(training(new MfgRandomZoom({ heightFactor: [-0.5, -0.5] }), grid(5)));
    expectImage(y, [0, 1, 2, 3, 4].map((r) => [0, 1, 2, 3, 4].map((c) => 10 * (0.5 * r + 1) + (0.5 * c + 1))));
  });

  it("random_flip(horizontal) mirrors about half of the images, each either unchanged or mirrored", () => {
    const batch = tf.concat(Array.from({ length: 64 }, () => grid(3)));
    const out = training(new MfgRandomFlip({ mode: "horizontal" }), batch).arraySync() as number[][][][];
    const original = grid(3).arraySync()[0]!;
    const mirrored = original.map((row) => [...row].reverse());
    let flipped = 0;
    for (const img of out) {
      const same = JSON.stringify(img) === JSON.stringify(original);
      const mirror = JSON.stringify(img) === JSON.stringify(mirrored);
      expect(same || mirror).toBe(true);
      if (mirror) flipped++;
    }
    // Binomial(64, ½): 16..48 holds with probability > 0.9999.
    expect(flipped).toBeGreaterThan(16);
    expect(flipped).toBeLessThan(48);
  });

  it("random_flip(horizontal_and_vertical) flips both axes with one draw, as Keras 3 does", () => {
    const batch = tf.concat(Array.from({ length: 16 }, () => grid(3)));
    const out = training(new MfgRandomFlip(), batch).arraySync() as number[][][][];
    const original = grid(3).arraySync()[0]!;
    const turned = [...original].reverse().map((row) => [...row].reverse());
    for (const img of out) expect([JSON.stringify(original), JSON.stringify(turned)]).toContain(JSON.stringify(img));
  });
});

describe("random_contrast", () => {
  it("(x − mean)·c + mean per image and channel, c in [1 − f, 1 + f], clipped to value_range", () => {
    const data = Array.from({ length: 2 * 3 * 3 * 2 }, (_, i) => ((i * 37) % 11) / 10);
    const x = tf.tensor4d(data, [2, 3, 3, 2]);
    const y = training(new MfgRandomContrast({ factor: 0.5, valueRange: [0, 1] }), x).arraySync() as number[][][][];
    const img = x.arraySync();
    for (let b = 0; b < 2; b++) {
      for (let ch = 0; ch < 2; ch++) {
        const vals = img[b]!.flat().map((p) => p[ch]!);
        const mean = vals.reduce((a, v) => a + v, 0) / vals.length;
        // Recover c from an unclipped pixel far from the mean, then check every pixel against the formula.
        const outVals = y[b]!.flat().map((p) => p[ch]!);
        const k = vals.findIndex((v, i) => Math.abs(v - mean) > 0.2 && outVals[i]! > 1e-6 && outVals[i]! < 1 - 1e-6);
        const c = (outVals[k]! - mean) / (vals[k]! - mean);
        expect(c).toBeGreaterThanOrEqual(0.5 - 1e-5);
        expect(c).toBeLessThanOrEqual(1.5 + 1e-5);
        vals.forEach((v, i) => expect(outVals[i]).toBeCloseTo(Math.min(Math.max((v - mean) * c + mean, 0), 1), 5));
      }
    }
  });
});

describe("randomness comes from the run's seed", () => {
  it("the same Math.random seed draws the same augmentation; another seed draws another", async () => {
    const layer = new MfgRandomRotation({ factor: 0.2 });
    const draw = (seed: number) => withSeededMathRandom(new Prng(seed), () => Array.from(training(layer, grid(6)).dataSync()));
    const [a, b, c] = [await draw(1), await draw(1), await draw(2)];
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  const SPEC = `model Aug {
  input image: f32[12, 12, 1]
  image -> random_flip(horizontal) -> random_translation(0.1, 0.1) -> random_rotation(0.05) -> random_zoom(0.1) -> random_contrast(0.2, value_range: [0, 1])
    -> conv2d(4, 3, activation: relu) -> flatten -> dense(2, activation: softmax) as probs
  output probs
}
train Aug {
  data { train: synthetic(generator: defects, samples: 32, seed: 4) validation: split(0.25) }
  optimizer adam(lr: 0.01)
  loss categorical_crossentropy
  epochs 2 batch 8 seed 6
}
`;
  it("training is reproducible, and resuming after epoch 1 ends exactly like an uninterrupted run", async () => {
    const compiled = compileText(SPEC, "aug.mfgnet", "dsl");
    expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const buildModel = () => instantiate(lowerGraph(compiled.graph!, { seed: compiled.train!.seed }));
    const base = { buildModel, config: compiled.train!, specDir: ".", specHash: compiled.hash, backend: "cpu", log: () => {} };
    const straight = await runTraining({ ...base, outDir: tempDir() });
    const again = await runTraining({ ...base, outDir: tempDir() });
    expect(metricsOnly(again.history)).toEqual(metricsOnly(straight.history));

    const outDir = tempDir();
    (await runTraining({ ...base, outDir, epochs: 1 })).model.dispose();
    const resumed = await runTraining({ ...base, outDir, resume: true });
    expect(resumed.resumedFromEpoch).toBe(1);
    expect(metricsOnly(resumed.history)).toEqual(metricsOnly(straight.history));
    const weights = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
    expect(weights(resumed.model)).toEqual(weights(straight.model));
    [straight, again, resumed].forEach((r) => r.model.dispose());
  });
});
