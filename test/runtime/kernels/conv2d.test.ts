import { beforeAll, describe, expect, it } from "vitest";
import { MAX_CHANNELS_FOR_SIMD_CONV } from "../../../src/runtime/kernels/conv2d.js";
import { convCaseName, expectSameOnCpuAndWasm, host, tf, useWasmWithKernels } from "./harness.js";
import type { ConvCase } from "./harness.js";

beforeAll(useWasmWithKernels);


// Up to 8 input channels and output channels in eights take mfgc's SIMD kernel: one channel (a grayscale
// image), three, an odd count; strides, dilation, every kind of padding; widths that leave pixels after
// the kernel's blocks of four. The last two go to XNNPACK (too many input channels; output channels not
// in eights) and must be unchanged.
const cases: ConvCase[] = [
  { x: [3, 28, 28, 1], k: [3, 3], outChannels: 32, stride: 1, pad: "valid" },
  { x: [2, 11, 13, 3], k: [3, 3], outChannels: 16, stride: 2, pad: "same" },
  { x: [2, 9, 10, 5], k: [5, 3], outChannels: 8, stride: [1, 2], pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  { x: [1, 12, 12, 2], k: [3, 3], outChannels: 24, stride: 1, pad: "same", dilation: 2 },
  { x: [2, 7, 7, 7], k: [1, 1], outChannels: 8, stride: 1, pad: 1 },
  { x: [2, 9, 9, MAX_CHANNELS_FOR_SIMD_CONV], k: [3, 3], outChannels: 16, stride: 1, pad: "same" },
  { x: [2, 8, 8, MAX_CHANNELS_FOR_SIMD_CONV + 1], k: [3, 3], outChannels: 8, stride: 1, pad: "valid" },
  { x: [2, 8, 8, 3], k: [3, 3], outChannels: 12, stride: 1, pad: "valid" },
];

describe("Conv2D on wasm", () => {
  for (const c of cases) {
    const name = convCaseName(c);
    it(`matches cpu: ${name}`, async () => {
      const inputs = [host(c.x, 71), host([c.k[0], c.k[1], c.x[3] ?? 1, c.outChannels], 72)];
      await expectSameOnCpuAndWasm(inputs, (x, w) => [tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad, "NHWC", c.dilation ?? 1)], name, 1e-5);
    });
  }

  it("a layer's forward pass in training (conv2d, bias, relu under a gradient tape) matches cpu", async () => {
    const inputs = [host([4, 14, 14, 1], 73), host([3, 3, 1, 16], 74), host([16], 75)];
    await expectSameOnCpuAndWasm(inputs, (x, w, b) => {
      const f = (xx: tf.Tensor) => tf.relu(tf.add(tf.conv2d(xx as tf.Tensor4D, w as tf.Tensor4D, 1, "same"), b!));
      const { value, grad } = tf.valueAndGrad((xx: tf.Tensor) => tf.sum(tf.square(f(xx))))(x!);
      return [value, grad];
    }, "training forward", 1e-5);
  });
});
