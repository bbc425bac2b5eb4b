import { beforeAll, describe, it } from "vitest";
import {
  convCaseName, expectMatchesFiniteDifferences, expectSameOnCpuAndWasm, host, runOn, tf, useWasmWithKernels, weightedGradients,
} from "./harness.js";
import type { ConvCase } from "./harness.js";

beforeAll(useWasmWithKernels);

const cases: ConvCase[] = [
  { x: [2, 7, 7, 3], k: [3, 3], outChannels: 4, stride: 1, pad: "valid" },
  { x: [2, 7, 7, 3], k: [3, 3], outChannels: 4, stride: 1, pad: "same" },
  { x: [3, 9, 8, 2], k: [3, 3], outChannels: 5, stride: 2, pad: "valid" },
  { x: [3, 9, 8, 2], k: [3, 3], outChannels: 5, stride: 2, pad: "same" },
  { x: [2, 10, 10, 1], k: [2, 2], outChannels: 8, stride: 2, pad: "same" },
  { x: [1, 11, 9, 6], k: [5, 3], outChannels: 3, stride: [2, 1], pad: "valid" },
  { x: [2, 8, 8, 4], k: [3, 3], outChannels: 2, stride: 1, pad: 1 },
  { x: [2, 8, 9, 2], k: [3, 3], outChannels: 3, stride: 2, pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  { x: [2, 6, 6, 3], k: [1, 1], outChannels: 4, stride: 1, pad: "valid" },
  // Output channels in eights: the filter gradient's SIMD tiles (taps in fours and a remainder; strides,
  // dilation-free asymmetric and "same" padding, which the kernel gets by padding the input).
  { x: [2, 9, 8, 3], k: [3, 3], outChannels: 16, stride: 2, pad: "same" },
  { x: [3, 7, 9, 5], k: [2, 3], outChannels: 8, stride: [1, 2], pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  { x: [2, 12, 12, 1], k: [5, 5], outChannels: 24, stride: 1, pad: "same" },
  { x: [2, 6, 7, 4], k: [1, 1], outChannels: 32, stride: 1, pad: "valid" },
  // Input channels in eights: the input gradient's SIMD kernel (pixels in fours and a remainder, strides,
  // asymmetric and "same" padding, which it spreads into a padded buffer and crops).
  { x: [2, 9, 11, 16], k: [3, 3], outChannels: 5, stride: 2, pad: "same" },
  { x: [3, 7, 9, 8], k: [2, 3], outChannels: 6, stride: [1, 2], pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  { x: [1, 6, 6, 24], k: [1, 1], outChannels: 7, stride: 1, pad: "valid" },
  // Enough channels for the full-padding convolution path of the input gradient (without SIMD).
  { x: [2, 9, 9, 8], k: [3, 3], outChannels: 8, stride: 1, pad: "valid" },
  { x: [2, 9, 9, 8], k: [3, 3], outChannels: 12, stride: 1, pad: "same" },
];

describe("Conv2D gradients on wasm (Conv2DBackpropInput, Conv2DBackpropFilter)", () => {
  for (const c of cases) {
    const inputs = [host(c.x, 1), host([c.k[0], c.k[1], c.x[3] ?? 1, c.outChannels], 2)];
    const forward = (x: tf.Tensor, w: tf.Tensor): tf.Tensor =>
      tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad);

    it(`match cpu: ${convCaseName(c)}`, async () => {
      await expectSameOnCpuAndWasm(inputs, weightedGradients(forward), convCaseName(c));
    });

    it(`match finite differences: ${convCaseName(c)}`, async () => {
      const [dx, dw] = await runOn("wasm", inputs, weightedGradients(forward));
      const opts = { step: 0.5, samples: 12, rel: 1e-4 };
      await expectMatchesFiniteDifferences(inputs, 0, forward, dx ?? new Float32Array(), { ...opts, label: `dx ${convCaseName(c)}` });
      await expectMatchesFiniteDifferences(inputs, 1, forward, dw ?? new Float32Array(), { ...opts, label: `dw ${convCaseName(c)}` });
    });
  }

  it("fused conv2d with bias and relu (what tf.layers uses) matches cpu", async () => {
    const inputs = [host([4, 13, 13, 8], 3), host([3, 3, 8, 16], 4), host([16], 5)];
    const forward = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor =>
      tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, bias: b, strides: 1, pad: "valid", activation: "relu" });
    await expectSameOnCpuAndWasm(inputs, weightedGradients(forward), "fused conv2d");
  });

  it("NCHW kernels match cpu when called directly", async () => {
    const x = host([2, 3, 7, 6], 6);
    const dy = host([2, 4, 3, 2], 7);
    const w = host([3, 3, 3, 4], 8);
    const attrs = { strides: [2, 2], pad: "valid", dataFormat: "NCHW", filterShape: [3, 3, 3, 4], inputShape: [2, 3, 7, 6] };
    await expectSameOnCpuAndWasm([x, dy], (xt, dyt) => [
      tf.engine().runKernel("Conv2DBackpropFilter", { x: xt as tf.Tensor, dy: dyt as tf.Tensor }, attrs) as tf.Tensor,
    ], "NCHW filter gradient");
    await expectSameOnCpuAndWasm([dy, w], (dyt, wt) => [
      tf.engine().runKernel("Conv2DBackpropInput", { dy: dyt as tf.Tensor, filter: wt as tf.Tensor }, attrs) as tf.Tensor,
    ], "NCHW input gradient");
  });
});
