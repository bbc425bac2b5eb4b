import { beforeAll, describe, it } from "vitest";
import {
  expectMatchesFiniteDifferences, expectSameOnCpuAndWasm, host, randomValues, runOn, tf, useWasmWithKernels, weightedGradients,
} from "./harness.js";
import type { HostTensor } from "./harness.js";

beforeAll(useWasmWithKernels);

interface DepthwiseCase {
  readonly x: number[];
  readonly k: [number, number];
  readonly multiplier: number;
  readonly stride: number;
  readonly dilation: number;
  readonly pad: "valid" | "same";
}

const cases: DepthwiseCase[] = [
  { x: [2, 7, 7, 3], k: [3, 3], multiplier: 1, stride: 1, dilation: 1, pad: "valid" },
  { x: [2, 7, 7, 3], k: [3, 3], multiplier: 2, stride: 1, dilation: 1, pad: "same" },
  { x: [3, 9, 8, 4], k: [3, 3], multiplier: 1, stride: 2, dilation: 1, pad: "same" },
  { x: [2, 9, 9, 2], k: [5, 3], multiplier: 3, stride: 2, dilation: 1, pad: "valid" },
  { x: [1, 6, 6, 5], k: [1, 1], multiplier: 2, stride: 1, dilation: 1, pad: "valid" },
];

/** Dilation 2: tfjs's gradient refuses it, but the kernels accept it; checked against cpu's kernels. */
const dilatedCases: DepthwiseCase[] = [
  { x: [2, 9, 9, 3], k: [3, 3], multiplier: 2, stride: 1, dilation: 2, pad: "valid" },
  { x: [2, 10, 9, 2], k: [3, 3], multiplier: 1, stride: 1, dilation: 2, pad: "same" },
];

function name(c: DepthwiseCase): string {
  return `x ${c.x.join("×")}, kernel ${c.k.join("×")}×${c.multiplier}, stride ${c.stride}, dilation ${c.dilation}, pad ${c.pad}`;
}

function filterShape(c: DepthwiseCase): number[] {
  return [c.k[0], c.k[1], c.x[3] ?? 1, c.multiplier];
}

describe("depthwise conv gradients on wasm", () => {
  for (const c of cases) {
    const inputs = [host(c.x, 21), host(filterShape(c), 22)];
    const forward = (x: tf.Tensor, w: tf.Tensor): tf.Tensor =>
      tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad);

    it(`match cpu: ${name(c)}`, async () => {
      await expectSameOnCpuAndWasm(inputs, weightedGradients(forward), name(c));
    });

    it(`match finite differences: ${name(c)}`, async () => {
      const [dx, dw] = await runOn("wasm", inputs, weightedGradients(forward));
      const opts = { step: 0.5, samples: 12, rel: 1e-4 };
      await expectMatchesFiniteDifferences(inputs, 0, forward, dx ?? new Float32Array(), { ...opts, label: `dx ${name(c)}` });
      await expectMatchesFiniteDifferences(inputs, 1, forward, dw ?? new Float32Array(), { ...opts, label: `dw ${name(c)}` });
    });
  }

  for (const c of dilatedCases) {
    // tfjs's cpu depthwise backprop kernels ignore `dilations` (their loops never read it; tfjs's
    // gradient refuses dilation > 1, so nothing reaches them), so these check finite differences only.
    it(`kernels with dilation match finite differences: ${name(c)}`, async () => {
      const forward = (x: tf.Tensor, w: tf.Tensor): tf.Tensor =>
        tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad, "NHWC", c.dilation);
      const probe = forward(tf.zeros(c.x), tf.zeros(filterShape(c)));
      const dyShape = probe.shape;
      probe.dispose();
      const inputs = [host(c.x, 23), host(filterShape(c), 26)];
      // The objective's weights are the output gradient: see expectMatchesFiniteDifferences.
      const dy: HostTensor = { values: randomValues(dyShape.reduce((a, b) => a * b, 1), 977), shape: dyShape };
      const attrs = { strides: c.stride, dilations: c.dilation, pad: c.pad, inputShape: c.x, filterShape: filterShape(c) };
      const inputGradient = (g: tf.Tensor, w: tf.Tensor): tf.Tensor[] => [
        tf.engine().runKernel("DepthwiseConv2dNativeBackpropInput", { dy: g, filter: w }, attrs) as tf.Tensor,
      ];
      const [dx] = await runOn("wasm", [dy, inputs[1] as HostTensor], inputGradient);
      const [dw] = await runOn("wasm", [inputs[0] as HostTensor, dy], (x, g) => [
        tf.engine().runKernel("DepthwiseConv2dNativeBackpropFilter", { x: x as tf.Tensor, dy: g as tf.Tensor }, attrs) as tf.Tensor,
      ]);
      const opts = { step: 0.5, samples: 12, rel: 1e-4 };
      await expectMatchesFiniteDifferences(inputs, 0, forward, dx ?? new Float32Array(), { ...opts, label: `dx ${name(c)}` });
      await expectMatchesFiniteDifferences(inputs, 1, forward, dw ?? new Float32Array(), { ...opts, label: `dw ${name(c)}` });
    });
  }

  it("separableConv2d (depthwise then pointwise) trains the same as on cpu", async () => {
    const inputs = [host([2, 8, 8, 3], 27), host([3, 3, 3, 2], 28), host([1, 1, 6, 5], 29)];
    const forward = (x: tf.Tensor, d: tf.Tensor, p: tf.Tensor): tf.Tensor =>
      tf.separableConv2d(x as tf.Tensor4D, d as tf.Tensor4D, p as tf.Tensor4D, 1, "same");
    await expectSameOnCpuAndWasm(inputs, weightedGradients(forward), "separable conv");
  });
});
