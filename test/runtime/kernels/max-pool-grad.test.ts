import { beforeAll, describe, expect, it } from "vitest";
import { routeMaxPoolGradient } from "../../../src/runtime/kernels/max-pool-grad.js";
import {
  expectMatchesFiniteDifferences, expectSameOnCpuAndWasm, host, runOn, tf, useWasmWithKernels, weightedGradients,
} from "./harness.js";
import type { HostTensor } from "./harness.js";

beforeAll(useWasmWithKernels);

interface PoolCase {
  readonly x: number[];
  readonly pool: number | [number, number];
  readonly stride: number | [number, number];
  readonly pad: "valid" | "same" | number;
}

const cases: PoolCase[] = [
  // Keras's default pooling over channels in fours: the SIMD kernel's case (odd sizes leave a row and a
  // column no window covers; "same" on even sizes pads nothing).
  { x: [2, 26, 26, 4], pool: 2, stride: 2, pad: "valid" },
  { x: [2, 11, 13, 8], pool: 2, stride: 2, pad: "valid" },
  { x: [1, 10, 12, 12], pool: 2, stride: 2, pad: "same" },
  { x: [3, 11, 11, 5], pool: 2, stride: 2, pad: "valid" },
  { x: [2, 11, 9, 3], pool: 2, stride: 2, pad: "same" },
  { x: [2, 9, 9, 2], pool: 3, stride: 2, pad: "valid" },
  { x: [2, 9, 10, 3], pool: 3, stride: 2, pad: "same" },
  { x: [1, 7, 7, 6], pool: 3, stride: 1, pad: "same" },
  { x: [2, 8, 8, 1], pool: [2, 3], stride: [1, 2], pad: "valid" },
  { x: [2, 10, 10, 2], pool: 3, stride: 3, pad: 1 },
];

function name(c: PoolCase): string {
  return `x ${c.x.join("×")}, pool ${String(c.pool)}, stride ${String(c.stride)}, pad ${String(c.pad)}`;
}

/** Values on a coarse grid, so many windows hold tied maxima. */
function withTies(shape: number[], seed: number): HostTensor {
  const h = host(shape, seed);
  return { shape, values: h.values.map((v) => Math.round(v * 2)) };
}

/** Distinct values at least 1e-2 apart (a shuffled ramp), so a small step never changes a window's max. */
function distinct(shape: number[], seed: number): HostTensor {
  const h = host(shape, seed);
  const order = Array.from(h.values.keys()).sort((a, b) => (h.values[a] ?? 0) - (h.values[b] ?? 0));
  const values = new Float32Array(h.values.length);
  order.forEach((index, rank) => {
    values[index] = rank * 1e-2 - 1;
  });
  return { shape, values };
}

describe("MaxPoolGrad on wasm", () => {
  for (const c of cases) {
    const forward = (x: tf.Tensor): tf.Tensor => tf.maxPool(x as tf.Tensor4D, c.pool, c.stride, c.pad);

    it(`matches cpu with random values: ${name(c)}`, async () => {
      await expectSameOnCpuAndWasm([host(c.x, 11)], weightedGradients(forward), name(c));
    });

    it(`matches cpu with tied maxima (first maximum wins): ${name(c)}`, async () => {
      await expectSameOnCpuAndWasm([withTies(c.x, 12)], weightedGradients(forward), `ties ${name(c)}`);
    });

    it(`matches finite differences: ${name(c)}`, async () => {
      const inputs = [distinct(c.x, 13)];
      const [dx] = await runOn("wasm", inputs, weightedGradients(forward));
      await expectMatchesFiniteDifferences(inputs, 0, forward, dx ?? new Float32Array(), {
        step: 1e-3, samples: 40, rel: 1e-3, label: `dx ${name(c)}`,
      });
    });
  }
});

describe("MaxPoolGrad's SIMD kernel", () => {
  it("routes exactly as the JS loop does, bit for bit, with ties, NaN, −∞ and −0", async () => {
    const [batch, inH, inW, c] = [2, 7, 9, 8];
    const x = withTies([batch, inH, inW, c], 21).values as Float32Array;
    // Windows of (batch 0, top-left, every channel): all NaN, all −∞, NaN before a maximum, −∞ with one
    // finite value; and a −0 gradient, which must arrive as −0 at the winner and +0 elsewhere.
    const at = (b: number, y: number, xq: number, ch: number) => ((b * inH + y) * inW + xq) * c + ch;
    const window = (ch: number, values: number[]) => values.forEach((v, k) => (x[at(0, k >> 1, k & 1, ch)] = v));
    window(0, [NaN, NaN, NaN, NaN]);
    window(1, [-Infinity, -Infinity, -Infinity, -Infinity]);
    window(2, [NaN, 0.5, 0.5, -1]);
    window(3, [-Infinity, -Infinity, -Infinity, -3]);
    const [outH, outW] = [3, 4];
    const dy = host([batch, outH, outW, c], 22).values as Float32Array;
    dy[4] = -0;
    const expected = new Float32Array(x.length);
    routeMaxPoolGradient(x, dy, expected, { batch, inH, inW, channels: c, outH, outW, kh: 2, kw: 2, sh: 2, sw: 2, top: 0, left: 0 });
    const [actual] = await runOn("wasm", [{ shape: [batch, inH, inW, c], values: x }, { shape: [batch, outH, outW, c], values: dy }], (xt, dyt) => [
      tf.engine().runKernel("MaxPoolGrad", { dy: dyt as tf.Tensor, input: xt as tf.Tensor, output: tf.maxPool(xt as tf.Tensor4D, 2, 2, "valid") }, { filterSize: 2, strides: 2, pad: "valid" }) as tf.Tensor,
    ]);
    const differing = Array.from(expected.keys()).filter((i) => !Object.is(actual![i], expected[i]));
    expect(differing).toEqual([]);
    // The special windows themselves, worked out by hand.
    expect([0, 1, 2, 3].map((k) => actual![at(0, k >> 1, k & 1, 0)])).toEqual([0, 0, 0, 0]);
    expect([0, 1, 2, 3].map((k) => actual![at(0, k >> 1, k & 1, 1)])).toEqual([0, 0, 0, 0]);
    expect([0, 1, 2, 3].map((k) => actual![at(0, k >> 1, k & 1, 2)])).toEqual([0, dy[2], 0, 0]);
    expect([0, 1, 2, 3].map((k) => actual![at(0, k >> 1, k & 1, 3)])).toEqual([0, 0, 0, dy[3]]);
    // Row 6 and column 8 lie outside every window.
    for (let xq = 0; xq < inW; xq++) expect(actual![at(1, 6, xq, 5)]).toBe(0);
    for (let y = 0; y < inH; y++) expect(actual![at(1, y, 8, 5)]).toBe(0);
  });
});
