/**
 * mfgc's Tile kernel for wasm (src/runtime/kernels/tile.ts) and its Tile gradient for every backend
 * (src/runtime/kernels/tile-grad.ts), against values worked out from tf.tile's definition with plain
 * loops (no tfjs op): tile(x, reps)[o] = x[o mod s] per axis, so for loss = Σ tile(x, reps) · w,
 * ∂loss/∂x[i] = Σ of w over every output position that reads x[i]. The forward kernel is also
 * compared with tfjs's cpu backend, the reference implementation.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { registerTrainingGradients } from "../../../src/runtime/kernels/register.js";
import { expectCloseArrays, host, runOn, tf, useWasmWithKernels } from "./harness.js";

beforeAll(async () => {
  registerTrainingGradients();
  await useWasmWithKernels();
});

/** For each output element (row-major), the row-major index of the x element it copies. */
function sourceIndices(xShape: readonly number[], reps: readonly number[]): Int32Array {
  const outShape = xShape.map((s, k) => s * (reps[k] ?? 1));
  const size = outShape.reduce((a, b) => a * b, 1);
  const src = new Int32Array(size);
  for (let flat = 0; flat < size; flat++) {
    let rem = flat;
    const idx: number[] = [];
    for (let k = outShape.length - 1; k >= 0; k--) {
      idx.unshift(rem % (outShape[k] ?? 1));
      rem = Math.floor(rem / (outShape[k] ?? 1));
    }
    src[flat] = idx.reduce((acc, o, k) => acc * (xShape[k] ?? 1) + (o % (xShape[k] ?? 1)), 0);
  }
  return src;
}

const CASES: ReadonlyArray<{ shape: number[]; reps: number[] }> = [
  { shape: [5], reps: [3] },
  { shape: [1], reps: [4] },
  { shape: [3, 2], reps: [1, 4] },
  { shape: [2, 3], reps: [3, 1] },
  // tfjs-layers LayerNormalization: scale/offset [1, 1, d] over [batch, time], moments [b, t, 1] over d.
  { shape: [1, 1, 7], reps: [4, 5, 1] },
  { shape: [4, 5, 1], reps: [1, 1, 7] },
  { shape: [2, 1, 3, 1], reps: [2, 3, 1, 5] },
  // Rank 5: tfjs's own Tile gradient throws here.
  { shape: [2, 1, 2, 1, 3], reps: [1, 2, 2, 3, 1] },
  // All reps 1, and a zero repetition (an empty result).
  { shape: [3, 4], reps: [1, 1] },
  { shape: [2, 3], reps: [0, 2] },
];

describe("Tile on wasm", () => {
  for (const { shape, reps } of CASES) {
    for (const dtype of ["float32", "int32", "bool"] as const) {
      it(`${dtype} x [${shape.join(", ")}], reps [${reps.join(", ")}]`, async () => {
        const size = shape.reduce((a, b) => a * b, 1);
        const values = Float32Array.from(host([size], 3).values, (v, i) => (dtype === "bool" ? (v > 0 ? 1 : 0) : dtype === "int32" ? Math.round(v * 100) + i : v));
        const x = tf.tensor(values, shape, dtype);
        const y = tf.tile(x, reps);
        const expected = Array.from(sourceIndices(shape, reps), (i) => values[i] ?? Number.NaN);
        expect(y.shape).toEqual(shape.map((s, k) => s * (reps[k] ?? 1)));
        expect(y.dtype).toBe(dtype);
        expect(Array.from(y.dataSync())).toEqual(expected);
        tf.dispose([x, y]);
      });
    }
  }

  it("agrees with tfjs's cpu kernel on a layer-norm-sized tile", async () => {
    const x = host([1, 1, 64], 5);
    const [cpu] = await runOn("cpu", [x], (t) => [tf.tile(t!, [32, 48, 1])]);
    const [wasm] = await runOn("wasm", [x], (t) => [tf.tile(t!, [32, 48, 1])]);
    expect(Array.from(wasm!)).toEqual(Array.from(cpu!));
  });
});

describe("Tile gradient", () => {
  for (const backend of ["cpu", "wasm"] as const) {
    for (const { shape, reps } of CASES) {
      it(`${backend}: x [${shape.join(", ")}], reps [${reps.join(", ")}]`, async () => {
        await tf.setBackend(backend);
        const outShape = shape.map((s, k) => s * (reps[k] ?? 1));
        const w = Float32Array.from(host(outShape, 11).values);
        const expected = new Float32Array(shape.reduce((a, b) => a * b, 1));
        sourceIndices(shape, reps).forEach((src, flat) => {
          expected[src] = (expected[src] ?? 0) + (w[flat] ?? 0);
        });
        const x = tf.tensor(host(shape, 7).values, shape);
        const wt = tf.tensor(w, outShape);
        const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.tile(t, reps), wt)))(x);
        expect(dx.shape).toEqual(shape);
        expectCloseArrays(dx.dataSync(), expected, 1e-5, `${backend} ${shape}/${reps}`);
        tf.dispose([x, wt, dx]);
        await tf.setBackend("wasm");
      });
    }
  }

  it("a layer-norm-sized tile gradient is a handful of kernels, not one Slice + Add per repetition", async () => {
    await tf.setBackend("wasm");
    const x = tf.ones([1, 1, 64]);
    const w = tf.ones([32, 48, 64]);
    const info = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.tile(t, [32, 48, 1]), w)))(x));
    const names = info.kernels.map((k) => k.name);
    // tfjs's gradient makes 32·48 = 1,536 Slice calls here; forward and backward together are 14 calls.
    expect(names.filter((n) => n === "Slice")).toEqual([]);
    expect(names.length).toBeLessThan(20);
    (info.result as tf.Tensor).dispose();
    tf.dispose([x, w]);
  });
});
