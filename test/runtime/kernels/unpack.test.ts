/**
 * mfgc's wasm `Unpack` (src/runtime/kernels/unpack.ts) against tf.unstack's definition worked out with
 * plain index arithmetic (output j, element (o, i) = x[o, j, i] with x viewed as [outer, n, inner]),
 * and its gradient (tfjs's Pack-based one, through mfgc's kernel) against the cpu backend.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { expectCloseArrays, host, runOn, tf, useWasmWithKernels } from "./harness.js";

beforeAll(useWasmWithKernels);

const CASES: ReadonlyArray<{ shape: number[]; axis: number }> = [
  // tfjs-layers' recurrent layers: [batch, time, features] along time.
  { shape: [4, 5, 3], axis: 1 },
  { shape: [4, 5, 3], axis: 0 },
  { shape: [4, 5, 3], axis: 2 },
  { shape: [4, 5, 3], axis: -1 },
  { shape: [2, 3, 1, 4], axis: 2 },
  { shape: [6], axis: 0 },
  { shape: [3, 1], axis: 1 },
];

describe("Unpack on wasm", () => {
  for (const { shape, axis } of CASES) {
    for (const dtype of ["float32", "int32", "bool"] as const) {
      it(`${dtype} [${shape.join(", ")}] along axis ${axis}`, async () => {
        await tf.setBackend("wasm");
        const size = shape.reduce((a, b) => a * b, 1);
        const values = Float32Array.from(host([size], 9).values, (v, i) => (dtype === "bool" ? (v > 0 ? 1 : 0) : dtype === "int32" ? i * 3 - 7 : v));
        const x = tf.tensor(values, shape, dtype);
        const parts = tf.unstack(x, axis);
        const a = axis < 0 ? axis + shape.length : axis;
        const n = shape[a] ?? 0;
        const outer = shape.slice(0, a).reduce((p, q) => p * q, 1);
        const inner = shape.slice(a + 1).reduce((p, q) => p * q, 1);
        expect(parts.length).toBe(n);
        parts.forEach((part, j) => {
          expect(part.shape).toEqual(shape.filter((_, k) => k !== a));
          expect(part.dtype).toBe(dtype);
          const expected: number[] = [];
          for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) expected.push(values[(o * n + j) * inner + i] ?? Number.NaN);
          expect(Array.from(part.dataSync())).toEqual(expected);
        });
        tf.dispose([x, ...parts]);
      });
    }
  }

  it("the gradient through unstack matches cpu", async () => {
    const x = host([3, 4, 5], 13);
    const w = host([4, 3, 5], 14);
    const grad = (xs: tf.Tensor, ws: tf.Tensor): tf.Tensor[] => {
      const wParts = tf.unstack(ws, 0);
      return [tf.grad((t: tf.Tensor) => tf.addN(tf.unstack(t, 1).map((p, j) => tf.sum(tf.mul(p, wParts[j]!)))))(xs)];
    };
    const [cpu] = await runOn("cpu", [x, w], (a, b) => grad(a!, b!));
    const [wasm] = await runOn("wasm", [x, w], (a, b) => grad(a!, b!));
    expectCloseArrays(wasm!, cpu!, 1e-6, "d/dx");
  });

  it("releases nothing twice and leaks nothing", async () => {
    await tf.setBackend("wasm");
    const before = tf.memory().numTensors;
    const x = tf.ones([2, 3, 4]);
    const parts = tf.unstack(x, 1);
    tf.dispose([x, ...parts]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
