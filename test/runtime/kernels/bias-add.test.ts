import { beforeAll, describe, expect, it } from "vitest";
import { host, runOn, tf, useWasmWithKernels } from "./harness.js";
import type { HostTensor } from "./harness.js";

beforeAll(useWasmWithKernels);

/** Both backends' a + b, which must agree bit for bit (one float32 addition per element either way). */
async function expectSameSum(a: HostTensor, b: HostTensor): Promise<void> {
  const [wasm] = await runOn("wasm", [a, b], (x, y) => [tf.add(x!, y!)]);
  const [cpu] = await runOn("cpu", [a, b], (x, y) => [tf.add(x!, y!)]);
  expect(wasm!.length).toBe(cpu!.length);
  const differing = Array.from(cpu!.keys()).filter((i) => !Object.is(wasm![i], cpu![i]));
  expect(differing).toEqual([]);
}

describe("Add on wasm (bias additions in mfgc's SIMD kernel)", () => {
  it("a convolution's bias: [32, 26, 26, 32] + [32]", async () => {
    await expectSameSum(host([32, 26, 26, 32], 91), host([32], 92));
  });

  it("a bias whose length is not a multiple of four, either operand order", async () => {
    await expectSameSum(host([7000, 7], 93), host([7], 94));
    await expectSameSum(host([7], 95), host([3, 2500, 7], 96));
  });

  it("special values add as float32 does (±0, ±∞, NaN)", async () => {
    const big = host([8192, 8], 97);
    const values = big.values as Float32Array;
    [0, -0, Infinity, -Infinity, NaN, 3e38, -3e38, 1e-45].forEach((v, k) => (values[k * 3] = v));
    await expectSameSum(big, { shape: [8], values: Float32Array.from([-0, 0, -Infinity, Infinity, 1, 3e38, -3e38, -1e-45]) });
  });

  it("other broadcasts, small tensors and int32 go to the backend's kernel, unchanged", async () => {
    await expectSameSum(host([64, 64], 98), host([64, 1], 99));
    await expectSameSum(host([4, 8], 100), host([8], 101));
    const [sum] = await runOn("wasm", [], () => [tf.add(tf.ones([2048, 4], "int32"), tf.tensor1d([1, 2, 3, 4], "int32"))]);
    expect(Array.from(sum!.slice(0, 4))).toEqual([2, 3, 4, 5]);
  });
});
