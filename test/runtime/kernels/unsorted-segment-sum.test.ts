import { beforeAll, describe, expect, it } from "vitest";
import { expectCloseArrays, expectSameOnCpuAndWasm, host, runOn, tf, useWasmWithKernels, weightedGradients } from "./harness.js";
import type { HostTensor } from "./harness.js";

beforeAll(useWasmWithKernels);

function ids(values: number[]): HostTensor {
  return { values: Int32Array.from(values), shape: [values.length], dtype: "int32" };
}

describe("UnsortedSegmentSum on wasm", () => {
  it("adds rows that share a segment, leaves empty segments zero", async () => {
    const x: HostTensor = { values: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), shape: [4, 2] };
    const [out] = await runOn("wasm", [x, ids([2, 0, 2, 1])], (t, s) => [tf.unsortedSegmentSum(t, s as tf.Tensor1D, 4)]);
    expect(Array.from(out ?? [])).toEqual([3, 4, 7, 8, 6, 8, 0, 0]);
  });

  it("matches cpu for rank-3 rows and repeated ids", async () => {
    const segments = ids(Array.from({ length: 50 }, (_, i) => (i * 7) % 13));
    await expectSameOnCpuAndWasm([host([50, 3, 4], 31), segments], (t, s) => [tf.unsortedSegmentSum(t, s as tf.Tensor1D, 13)], "segment sum");
  });

  it("ignores ids outside [0, numSegments) like cpu does", async () => {
    const segments = ids([0, -1, 3, 5, 1, 2]);
    const x = host([6, 3], 32);
    await expectSameOnCpuAndWasm([x, segments], (t, s) => [tf.unsortedSegmentSum(t, s as tf.Tensor1D, 4)], "out of range");
  });

  it("gives tf.gather (Embedding) a gradient equal to cpu's", async () => {
    const table = host([20, 6], 33);
    const tokens: HostTensor = { values: Int32Array.from([3, 3, 0, 19, 7, 3, 12, 0]), shape: [2, 4], dtype: "int32" };
    const grads = await runOn("wasm", [table, tokens], (t, k) => {
      const f = (w: tf.Tensor): tf.Scalar => tf.sum(tf.mul(tf.gather(w, k as tf.Tensor2D), tf.range(0, 48).reshape([2, 4, 6])));
      return [tf.grad(f)(t)];
    });
    const expected = await runOn("cpu", [table, tokens], (t, k) => {
      const f = (w: tf.Tensor): tf.Scalar => tf.sum(tf.mul(tf.gather(w, k as tf.Tensor2D), tf.range(0, 48).reshape([2, 4, 6])));
      return [tf.grad(f)(t)];
    });
    expectCloseArrays(grads[0] ?? [], expected[0] ?? [], 1e-6, "embedding gradient");
  });

  it("trains a tf.layers Embedding on wasm", async () => {
    await tf.setBackend("wasm");
    const model = tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 10, outputDim: 4, inputLength: 3, embeddingsInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: "meanSquaredError" });
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6], [7, 8, 9], [0, 1, 2]], [4, 3], "int32");
    const y = tf.tensor2d([[1], [0], [1], [0]]);
    const history = await model.fit(x, y, { epochs: 20, batchSize: 4, verbose: 0, shuffle: false });
    const losses = history.history["loss"] as number[];
    expect(losses.at(-1) ?? Infinity).toBeLessThan((losses[0] ?? 0) * 0.5);
    tf.dispose([x, y]);
    model.dispose();
  });

  it("weighted gradient through gather matches cpu", async () => {
    const table = host([9, 5], 34);
    const tokens: HostTensor = { values: Int32Array.from([8, 1, 1, 4, 0]), shape: [5], dtype: "int32" };
    await expectSameOnCpuAndWasm([table, tokens], (t, k) => [weightedGradients((w) => tf.gather(w, k as tf.Tensor1D))(t)[0] as tf.Tensor], "gather");
  });
});
