/**
 * mfgc's wasm `Sum` (src/runtime/kernels/sum.ts) against tfjs's cpu kernel, the reference. Over
 * leading axes of float32 data mfgc's row sum does cpu's additions in cpu's order (float64, row-major
 * over the reduced elements), so the results must be identical: checked through the kernel on inputs
 * large enough to take that path, and on the row sum itself for small odd shapes. Every other case
 * goes to the wasm backend's own kernel and must agree to float32 rounding.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { MIN_ELEMENTS_FOR_ROW_SUM, leadingAxisCount, sumLeadingRows } from "../../../src/runtime/kernels/sum.js";
import { expectCloseArrays, host, runOn, tf, useWasmWithKernels } from "./harness.js";
import type { HostTensor } from "./harness.js";

beforeAll(useWasmWithKernels);

const sumOf = (axis: number | number[], keepDims = false) => (x?: tf.Tensor): tf.Tensor[] => [tf.sum(x!, axis, keepDims)];

async function both(x: HostTensor, axis: number | number[], keepDims = false): Promise<{ cpu: Float32Array; wasm: Float32Array }> {
  const [cpu] = await runOn("cpu", [x], sumOf(axis, keepDims));
  const [wasm] = await runOn("wasm", [x], sumOf(axis, keepDims));
  return { cpu: cpu!, wasm: wasm! };
}

describe("leadingAxisCount", () => {
  it("counts axes 0…k−1 in any order and with negative spellings, else 0", () => {
    expect(leadingAxisCount([0, 1, 2], 4)).toBe(3);
    expect(leadingAxisCount([1, 0], 3)).toBe(2);
    expect(leadingAxisCount([-3, -2], 3)).toBe(2);
    expect(leadingAxisCount(0, 2)).toBe(1);
    expect(leadingAxisCount([1], 3)).toBe(0);
    expect(leadingAxisCount([0, 2], 3)).toBe(0);
    expect(leadingAxisCount([], 3)).toBe(0);
  });
});

describe("Sum on wasm", () => {
  const exact: ReadonlyArray<{ shape: number[]; axis: number | number[]; keepDims?: boolean }> = [
    // The tutorial CNN's first bias gradient: dy [32, 26, 26, 32] summed to [32].
    { shape: [32, 26, 26, 32], axis: [0, 1, 2] },
    { shape: [32, 26, 26, 32], axis: [2, 0, 1], keepDims: true },
    { shape: [64, 91, 97], axis: [-3, -2] },
    { shape: [600, 1000], axis: 0 },
  ];
  it("the exact cases are large enough to take mfgc's path", () => {
    for (const c of exact) expect(c.shape.reduce((a, b) => a * b, 1)).toBeGreaterThanOrEqual(MIN_ELEMENTS_FOR_ROW_SUM);
  });
  for (const [shape, axis] of [[[5, 3], 0], [[7, 1, 3], [1, 0]], [[2, 3, 4], [0, 1]], [[0, 3], 0], [[4, 1], 0], [[700, 5], 0], [[9, 300, 7], [0, 1]]] as Array<[number[], number | number[]]>) {
    it(`the row sum equals cpu bit for bit: [${shape.join(", ")}] over ${JSON.stringify(axis)}`, async () => {
      const x = host(shape, 29);
      const [cpu] = await runOn("cpu", [x], sumOf(axis));
      const k = leadingAxisCount(axis, shape.length);
      const inner = shape.slice(k).reduce((a, b) => a * b, 1);
      const out = new Float32Array(inner);
      sumLeadingRows(x.values as Float32Array, shape.slice(0, k).reduce((a, b) => a * b, 1), inner, out);
      expect(Array.from(out)).toEqual(Array.from(cpu!));
    });
  }
  for (const c of exact) {
    it(`equals cpu bit for bit: [${c.shape.join(", ")}] over ${JSON.stringify(c.axis)}${c.keepDims === true ? ", keepDims" : ""}`, async () => {
      const r = await both(host(c.shape, 17), c.axis, c.keepDims);
      expect(Array.from(r.wasm)).toEqual(Array.from(r.cpu));
    });
  }

  const delegated: ReadonlyArray<{ shape: number[]; axis: number | number[]; keepDims?: boolean }> = [
    { shape: [4, 6, 5], axis: 1 },
    { shape: [4, 6, 5], axis: [0, 2] },
    { shape: [4, 6], axis: [0, 1] },
    { shape: [4, 6, 5], axis: 2, keepDims: true },
    // Leading axes but small: the backend's kernel.
    { shape: [1536, 64], axis: 0 },
  ];
  for (const c of delegated) {
    it(`other axes go to the backend's kernel: [${c.shape.join(", ")}] over ${JSON.stringify(c.axis)}`, async () => {
      const r = await both(host(c.shape, 23), c.axis, c.keepDims);
      expectCloseArrays(r.wasm, r.cpu, 1e-6, JSON.stringify(c));
    });
  }

  it("keeps the dtype and shape of int32 sums (the backend's kernel)", async () => {
    await tf.setBackend("wasm");
    const x = tf.tensor([[1, 2], [3, 4], [5, 6]], [3, 2], "int32");
    const y = tf.sum(x, 0);
    expect(y.dtype).toBe("int32");
    expect(Array.from(y.dataSync())).toEqual([9, 12]);
    tf.dispose([x, y]);
  });

  it("keeps the reduced axes as 1s with keepDims", async () => {
    await tf.setBackend("wasm");
    const x = tf.ones([3, 5, 2]);
    const y = tf.sum(x, [0, 1], true);
    expect(y.shape).toEqual([1, 1, 2]);
    expect(Array.from(y.dataSync())).toEqual([15, 15]);
    tf.dispose([x, y]);
  });
});
