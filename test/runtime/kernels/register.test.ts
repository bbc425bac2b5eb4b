import { beforeAll, describe, expect, it } from "vitest";
import { WASM_TRAINING_KERNELS, registerWasmTrainingKernels } from "../../../src/runtime/kernels/register.js";
import { host, tf, useWasmWithKernels } from "./harness.js";

beforeAll(useWasmWithKernels);

describe("registerWasmTrainingKernels", () => {
  it("installs every mfgc kernel on wasm, and a second call changes nothing", () => {
    const again = registerWasmTrainingKernels();
    expect(again.added).toEqual([]);
    expect(again.replaced).toEqual([]);
    expect([...again.alreadyInstalled].sort()).toEqual(WASM_TRAINING_KERNELS.map((k) => k.kernelName).sort());
    for (const config of WASM_TRAINING_KERNELS) {
      expect(tf.getKernel(config.kernelName, "wasm")?.kernelFunc).toBe(config.kernelFunc);
    }
  });

  it("covers the kernels wasm lacks and the ones it gets wrong or slow", () => {
    expect(WASM_TRAINING_KERNELS.map((k) => k.kernelName).sort()).toEqual([
      "Add", "BatchMatMul", "Conv2D", "Conv2DBackpropFilter", "Conv2DBackpropInput", "DepthwiseConv2dNativeBackpropFilter",
      "DepthwiseConv2dNativeBackpropInput", "Identity", "MaxPoolGrad", "MfgcAdamUpdate", "MfgcReluGrad", "Sum", "Tile", "Transform", "Unpack", "UnsortedSegmentSum",
    ]);
  });

  it("a conv/pool training step leaves no tensor data behind on the backend", () => {
    const x = tf.tensor(host([4, 12, 12, 3], 41).values, [4, 12, 12, 3]);
    const w = tf.variable(tf.tensor(host([3, 3, 3, 8], 42).values, [3, 3, 3, 8]));
    const d = tf.variable(tf.tensor(host([3, 3, 8, 2], 43).values, [3, 3, 8, 2]));
    const optimizer = tf.train.sgd(0.01);
    const step = (): void => {
      const loss = optimizer.minimize(() => {
        const h = tf.maxPool(tf.relu(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, "same")), 2, 2, "valid");
        return tf.sum(tf.depthwiseConv2d(h, d as tf.Tensor4D, 2, "same"));
      }, true);
      loss?.dispose();
    };
    step();
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const before = backend.numDataIds();
    const tensorsBefore = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(backend.numDataIds()).toBe(before);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    tf.dispose([x, w, d]);
    optimizer.dispose();
  });
});
