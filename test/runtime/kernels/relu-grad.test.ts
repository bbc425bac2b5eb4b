import { beforeAll, describe, expect, it } from "vitest";
import { registerTrainingGradients } from "../../../src/runtime/kernels/register.js";
import { RELU_GRAD } from "../../../src/runtime/kernels/relu-grad.js";
import { host, runOn, tf, useWasmWithKernels } from "./harness.js";

beforeAll(async () => {
  registerTrainingGradients();
  await useWasmWithKernels();
});

/** x with the values step() treats specially, in every lane position; 4·k + 3 elements (a scalar tail). */
function specialInputs(): { x: Float32Array; dy: Float32Array } {
  const special = [NaN, 0, -0, 1e-30, -1e-30, Infinity, -Infinity, 2.5, -2.5];
  const n = 4 * 20 + 3;
  const x = host([n], 81).values as Float32Array;
  const dy = host([n], 82).values as Float32Array;
  special.forEach((v, k) => {
    x[k * 9 % n] = v;
    x[n - 1 - k] = v;
  });
  // Negative and zero gradients where x ≤ 0 (dy·0 must keep dy's sign), infinite and NaN ones too.
  dy[9] = -3; // x = 0
  dy[18] = -0; // x = −0
  dy[45] = Infinity; // x = +∞
  dy[n - 1] = NaN; // x = NaN
  return { x, dy };
}

describe("ReLU's gradient", () => {
  it("on wasm runs as one MfgcReluGrad kernel", async () => {
    await tf.setBackend("wasm");
    const x = tf.tensor1d([1, -1, 2]);
    const names: string[] = [];
    const profile = await tf.profile(() => tf.grad((a: tf.Tensor) => tf.sum(tf.relu(a)))(x));
    for (const k of profile.kernels) names.push(k.name);
    expect(names).toContain(RELU_GRAD);
    expect(names).not.toContain("Step");
    x.dispose();
  });

  it("equals tfjs's dy·cast(step(x)) on cpu bit for bit, NaN, ±0 and ±∞ included", async () => {
    const { x, dy } = specialInputs();
    const inputs = [{ shape: [x.length], values: x }, { shape: [dy.length], values: dy }];
    const grad = (xt: tf.Tensor, dyt: tf.Tensor) => [tf.grad((a: tf.Tensor) => tf.relu(a))(xt, dyt)];
    const [wasm] = await runOn("wasm", inputs, grad);
    const [cpuComposition] = await runOn("cpu", inputs, (xt, dyt) => [tf.mul(dyt!, tf.cast(tf.step(xt!), "float32"))]);
    const differing = Array.from(cpuComposition!.keys()).filter((i) => !Object.is(wasm![i], cpuComposition![i]));
    expect(differing).toEqual([]);
    // Worked out by hand: x > 0 passes dy, x ≤ 0 gives a zero of dy's sign, NaN x gives NaN.
    expect(wasm![0]).toBeNaN();
    expect(Object.is(wasm![9], -0)).toBe(true);
    expect(Object.is(wasm![18], -0)).toBe(true);
    expect(wasm![45]).toBe(Infinity);
    expect(wasm![x.length - 1]).toBeNaN();
  });
});
