/**
 * `upsampling2d(interpolation: bilinear)` resizes as TF2/Keras do, with half-pixel centres: output pixel
 * x reads the input at (x + 0.5) / factor − 0.5, clamped to [0, size − 1], interpolated linearly in each
 * direction. The reference below is that formula in plain arithmetic.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, test } from "vitest";
import { build, compileOk, predictAll } from "./helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** 1-D linear interpolation weights with half-pixel centres: [lower index, upper index, upper weight]. */
function halfPixel(out: number, factor: number, size: number): [number, number, number] {
  const src = Math.min(Math.max((out + 0.5) / factor - 0.5, 0), size - 1);
  const lo = Math.floor(src);
  return [lo, Math.min(lo + 1, size - 1), src - lo];
}

/** Bilinear resize of one channel `img[h][w]` by integer factors, half-pixel centres. */
function resize(img: number[][], fh: number, fw: number): number[][] {
  const h = img.length;
  const w = img[0]!.length;
  return Array.from({ length: h * fh }, (_, y) => {
    const [y0, y1, ty] = halfPixel(y, fh, h);
    return Array.from({ length: w * fw }, (_, x) => {
      const [x0, x1, tx] = halfPixel(x, fw, w);
      const top = img[y0]![x0]! * (1 - tx) + img[y0]![x1]! * tx;
      const bottom = img[y1]![x0]! * (1 - tx) + img[y1]![x1]! * tx;
      return top * (1 - ty) + bottom * ty;
    });
  });
}

function upsample(step: string, img: number[][]): number[][] {
  const h = img.length;
  const w = img[0]!.length;
  const { graph } = compileOk(`model M {\ninput x: f32[${h}, ${w}, 1]\nx -> ${step} as out\noutput out\n}\n`);
  const [y] = predictAll(build(graph).model, [tf.tensor4d(img.flat(), [1, h, w, 1])]);
  const [, oh, ow] = y!.shape as number[];
  const flat = Array.from(y!.dataSync());
  return Array.from({ length: oh! }, (_, r) => flat.slice(r * ow!, (r + 1) * ow!));
}

describe("upsampling2d", () => {
  test("bilinear: the row [0, 1] doubles to [0, 0.25, 0.75, 1] (Keras), not tfjs's [0, 0.5, 1, 1]", () => {
    const y = upsample("upsampling2d(2, interpolation: bilinear)", [[0, 1]]);
    y.forEach((row) => row.forEach((v, i) => expect(v).toBeCloseTo([0, 0.25, 0.75, 1][i]!, 6)));
  });

  test("bilinear with size [2, 3] on a 3×4 image equals the half-pixel formula", () => {
    const img = [
      [0.3, -1.2, 2.5, 0.7],
      [1.1, 0.4, -0.6, 3.2],
      [-2.0, 0.9, 1.5, -0.3],
    ];
    const expected = resize(img, 2, 3);
    const y = upsample("upsampling2d([2, 3], interpolation: bilinear)", img);
    expect([y.length, y[0]!.length]).toEqual([6, 12]);
    y.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(expected[r]![c]!, 5)));
  });

  test("nearest repeats each pixel", () => {
    expect(upsample("upsampling2d(2)", [[0, 1]])).toEqual([[0, 0, 1, 1], [0, 0, 1, 1]]);
  });
});
