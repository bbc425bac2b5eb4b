import { beforeAll, describe, it } from "vitest";
import { expectSameOnCpuAndWasm, host, tf, useWasmWithKernels, weightedGradients } from "./harness.js";

beforeAll(useWasmWithKernels);

describe("BatchMatMul on wasm (transposes done up front)", () => {
  const cases: [number[], number[], boolean, boolean][] = [
    [[7, 5], [5, 3], false, false],
    [[5, 7], [5, 3], true, false],
    [[7, 5], [3, 5], false, true],
    [[5, 7], [3, 5], true, true],
    [[2, 4, 6], [2, 6, 3], false, false],
    [[2, 6, 4], [2, 3, 6], true, true],
    [[3, 6, 4], [1, 6, 5], true, false],
  ];
  for (const [aShape, bShape, ta, tb] of cases) {
    it(`matches cpu: [${aShape}]${ta ? "ᵀ" : ""} · [${bShape}]${tb ? "ᵀ" : ""}`, async () => {
      await expectSameOnCpuAndWasm([host(aShape, 51), host(bShape, 52)], (a, b) => [tf.matMul(a as tf.Tensor, b as tf.Tensor, ta, tb)], "matmul");
    });
  }

  it("dense layer gradients (which use transposed products) match cpu", async () => {
    const forward = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.relu(tf.add(tf.matMul(x, w), b));
    await expectSameOnCpuAndWasm([host([16, 33], 53), host([33, 10], 54), host([10], 55)], weightedGradients(forward), "dense");
  });
});
