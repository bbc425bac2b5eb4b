/**
 * The paths mfgc's kernels take where its SIMD kernels cannot run (no WebAssembly SIMD, or a browser's
 * main thread, which refuses to compile the module synchronously), forced here with
 * MFGC_SIMD_KERNELS=0, on exactly the shapes the SIMD kernels would otherwise take: each must still
 * match tfjs's cpu backend. (Each test file gets its own wasm backend, which reads the setting when it
 * first asks for the kernels; the setting is removed again after this file.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fusedAdamAvailable } from "../../../src/runtime/kernels/adam-update.js";
import { registerTrainingGradients } from "../../../src/runtime/kernels/register.js";
import { simdKernels } from "../../../src/runtime/kernels/simd/instance.js";
import { expectSameOnCpuAndWasm, host, runOn, tf, useWasmWithKernels, weightedGradients } from "./harness.js";

beforeAll(async () => {
  process.env["MFGC_SIMD_KERNELS"] = "0";
  registerTrainingGradients();
  await useWasmWithKernels();
});
afterAll(() => {
  delete process.env["MFGC_SIMD_KERNELS"];
});

describe("mfgc's wasm kernels without their SIMD kernels", () => {
  it("are off in this file", () => {
    expect(simdKernels(tf.backend() as object)).toBeNull();
    expect(fusedAdamAvailable()).toBe(false);
  });

  it("a conv → bias → relu → 2×2 pooling layer (every SIMD kernel's shape) matches cpu, gradients included", async () => {
    const inputs = [host([3, 12, 12, 1], 111), host([3, 3, 1, 16], 112), host([16], 113), host([3, 3, 16, 8], 114)];
    const forward = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, w2: tf.Tensor): tf.Tensor => {
      const h = tf.maxPool(tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, "valid"), b)) as tf.Tensor4D, 2, 2, "valid");
      return tf.conv2d(h, w2 as tf.Tensor4D, 1, "same");
    };
    await expectSameOnCpuAndWasm(inputs, weightedGradients(forward), "layer without SIMD");
  });

  it("bias sums over leading rows equal cpu bit for bit", async () => {
    const x = host([32, 26, 26, 32], 115);
    const [wasm] = await runOn("wasm", [x], (t) => [tf.sum(t!, [0, 1, 2])]);
    const [cpu] = await runOn("cpu", [x], (t) => [tf.sum(t!, [0, 1, 2])]);
    expect(Array.from(wasm!)).toEqual(Array.from(cpu!));
  });
});
