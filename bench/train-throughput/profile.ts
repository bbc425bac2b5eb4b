/**
 * Where a training step of the tutorial CNN spends its time on wasm, kernel by kernel.
 *
 *   npx tsx bench/train-throughput/profile.ts [batch] [steps]
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "../../src/runtime/kernels/register.js";
import { profileInnerKernels } from "../../src/runtime/kernels/wasm-scope.js";
import { buildModel } from "../../generated/fashion_cnn/model.js";

const batch = Number(process.argv[2] ?? 32);
const steps = Number(process.argv[3] ?? 20);
registerWasmTrainingKernels();
await tf.setBackend(process.env["PROFILE_BACKEND"] ?? "wasm");
const model = buildModel();
model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });
const x = tf.randomUniform([batch, 28, 28, 1]);
const y = tf.oneHot(tf.randomUniform([batch], 0, 10, "int32") as tf.Tensor1D, 10);
for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);

const t0 = performance.now();
for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
const perStep = (performance.now() - t0) / steps;
console.log(`trainOnBatch: ${perStep.toFixed(2)} ms/step, ${((batch * 1000) / perStep).toFixed(0)} samples/s`);

const inner = profileInnerKernels(true);
const profiledSteps = 5;
const info = await tf.profile(async () => {
  for (let i = 0; i < profiledSteps; i++) await model.trainOnBatch(x, y);
});
profileInnerKernels(false);
const byName = new Map<string, { ms: number; calls: number }>();
for (const k of info.kernels) {
  const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
  e.ms += (typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0) / profiledSteps;
  e.calls += 1 / profiledSteps;
  byName.set(k.name, e);
}
const total = [...byName.values()].reduce((a, e) => a + e.ms, 0);
console.log(`profiled kernels per step: ${total.toFixed(2)} ms in ${info.kernels.length / profiledSteps} calls`);
for (const [name, e] of [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
  console.log(`${name.padEnd(28)} ${e.ms.toFixed(2).padStart(8)} ms ${String(e.calls).padStart(4)} calls`);
}
console.log("inside mfgc's composed kernels:");
for (const [name, e] of [...(inner ?? new Map()).entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
  console.log(`  ${name.padEnd(26)} ${(e.ms / profiledSteps).toFixed(2).padStart(8)} ms ${String(e.calls / profiledSteps).padStart(4)} calls`);
}
