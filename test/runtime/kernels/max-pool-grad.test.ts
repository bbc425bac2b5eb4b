import { beforeAll, describe, it } from "vitest";
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
  { x: [2, 26, 26, 4], pool: 2, stride: 2, pad: "valid" },
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
