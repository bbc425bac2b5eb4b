/**
 * The fused Adam/AdamW kernel on wasm against the rule written with tfjs ops on the cpu backend. The cpu
 * backend computes each float32 op in float64 and rounds once, which for +, −, ×, ÷ and √ is the correctly
 * rounded float32 result — what WebAssembly's float32 instructions give — so the two must agree bit for
 * bit, step after step (several steps, a rate that changes every step, AdamW's decay, a length that is not
 * a multiple of four so the kernel's scalar tail runs too). The rule itself is checked against float64
 * re-derivations of Keras in test/runtime/train/optimizers.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fusedAdamAvailable } from "../../../src/runtime/kernels/adam-update.js";
import type { OptimizerConfig } from "../../../src/runtime/config.js";
import { TrainOptimizer } from "../../../src/runtime/train/optimizers.js";
import { host, tf, useWasmWithKernels } from "./harness.js";

beforeAll(useWasmWithKernels);
afterAll(async () => {
  await tf.setBackend("wasm");
});

const SHAPES = [[7, 5], [4, 4], [3]];

/** Weights and slots after `steps` updates on `backend`, with gradients that differ per step. */
async function train(backend: "cpu" | "wasm", config: OptimizerConfig, steps: number): Promise<{ fused: boolean; values: Float32Array[] }> {
  await tf.setBackend(backend);
  const variables = SHAPES.map((s, i) => tf.variable(tf.tensor(host(s, 60 + i).values, s)));
  const optimizer = new TrainOptimizer(config, variables);
  const fused = fusedAdamAvailable();
  for (let t = 1; t <= steps; t++) {
    // Gradients of mixed sign and size, some exactly zero (where m and v only decay).
    const grads = SHAPES.map((s, i) => tf.tidy(() => tf.mul(tf.tensor(host(s, 100 * t + i).values, s), tf.tensor(host(s, 7 * t + i).values, s).greater(-0.6).cast("float32"))));
    optimizer.apply(grads, 0.01 * (1 - 0.1 * (t - 1)));
    tf.dispose(grads);
  }
  const values = [...variables, ...optimizer.getSlots()].map((v) => Float32Array.from(v.dataSync()));
  optimizer.dispose();
  tf.dispose(variables);
  return { fused, values };
}

describe("MfgcAdamUpdate (fused Adam on wasm)", () => {
  const configs: OptimizerConfig[] = [
    { name: "adam", learningRate: 0.01, options: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, clipGlobalNorm: null, clipNorm: null, clipValue: null },
    { name: "adamw", learningRate: 0.01, options: { beta1: 0.8, beta2: 0.99, epsilon: 1e-3, weight_decay: 0.05 }, clipGlobalNorm: null, clipNorm: null, clipValue: null },
  ];
  for (const config of configs) {
    it(`${config.name}: the same bits as the tfjs-op rule on cpu, over 5 steps`, async () => {
      const wasm = await train("wasm", config, 5);
      const cpu = await train("cpu", config, 5);
      expect(wasm.fused).toBe(true);
      expect(cpu.fused).toBe(false);
      wasm.values.forEach((v, i) => expect(Array.from(v), `tensor ${i}`).toEqual(Array.from(cpu.values[i]!)));
    });
  }
});
