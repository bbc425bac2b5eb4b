/**
 * Before/after of mfgc's kernel and gradient replacements, side by side in one process: the same
 * compiled model trains on the same batch, alternating between tfjs 4.22's own kernels/gradients
 * ("tfjs") and mfgc's ("mfgc") round by round, so load on a shared machine hits both alike. Prints
 * each round and the median ms/step of each, and their ratio, with the machine load over the run.
 *
 *   npx tsx bench/train-throughput/ab.ts [--family transformer] [--steps 5] [--rounds 4]
 *
 * Only the replacements named in CHANGES are swapped; every other mfgc wasm kernel stays installed.
 * Each family's figures are merged into bench/results/train-ab.{json,md}.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import type { GradConfig, KernelConfig } from "@tensorflow/tfjs";
import { registerTrainingGradients, registerWasmTrainingKernels, TRAINING_GRADIENTS, WASM_TRAINING_KERNELS } from "../../src/runtime/kernels/register.js";
import { machineInfo } from "../results.js";
import { cpuSnapshot, describeLoad, loadBetween } from "./machine-load.js";
import type { LoadReport } from "./machine-load.js";
import { family } from "./families.js";

/** The kernels and gradients this comparison swaps (names as tfjs registers them). */
const CHANGES = { kernels: ["Tile", "Sum", "Unpack"], gradients: ["Tile"] };

const { values: args } = parseArgs({
  options: { family: { type: "string", default: "transformer" }, steps: { type: "string", default: "5" }, rounds: { type: "string", default: "4" } },
});
const steps = Number(args.steps);
const rounds = Number(args.rounds);

// tfjs's own configs, captured before mfgc replaces any.
const tfjsKernels = CHANGES.kernels.map((name) => tf.getKernel(name, "wasm")).filter((k): k is KernelConfig => k !== undefined);
const tfjsGradients = CHANGES.gradients.map((name) => tf.getGradient(name)).filter((g): g is GradConfig => g !== undefined);
await tf.setBackend("wasm");
registerWasmTrainingKernels();
registerTrainingGradients();

function useTfjs(): void {
  for (const k of tfjsKernels) {
    tf.unregisterKernel(k.kernelName, "wasm");
    tf.registerKernel(k);
  }
  for (const g of tfjsGradients) tf.registerGradient(g);
}

function useMfgc(): void {
  for (const k of WASM_TRAINING_KERNELS.filter((c) => CHANGES.kernels.includes(c.kernelName))) {
    tf.unregisterKernel(k.kernelName, "wasm");
    tf.registerKernel(k);
  }
  for (const g of TRAINING_GRADIENTS.filter((c) => CHANGES.gradients.includes(c.kernelName))) tf.registerGradient(g);
}

/** A compiled model of the family and one batch of synthetic data of its shapes. */
function setup(name: string): { model: tf.LayersModel; xs: tf.Tensor; ys: tf.Tensor | tf.Tensor[] } {
  if (name === "cnn") {
    const model = family("cnn").buildModel();
    model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });
    return { model, xs: tf.randomUniform([32, 28, 28, 1]), ys: tf.oneHot(tf.randomUniform([32], 0, 10, "int32") as tf.Tensor1D, 10) };
  }
  if (name === "rnn") {
    const model = family("rnn").buildModel();
    model.compile({ optimizer: tf.train.adam(1e-3), loss: ["meanSquaredError", "binaryCrossentropy"] });
    return { model, xs: tf.randomNormal([64, 30, 14]), ys: [tf.randomUniform([64, 1], 0, 100), tf.cast(tf.randomUniform([64, 1]).less(0.3), "float32")] };
  }
  const model = family("transformer").buildModel();
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });
  return { model, xs: tf.randomUniform([32, 48], 0, 64, "int32"), ys: tf.oneHot(tf.randomUniform([32], 0, 5, "int32") as tf.Tensor1D, 5) };
}

const { model, xs, ys } = setup(args.family);
async function msPerStep(): Promise<number> {
  await model.trainOnBatch(xs, ys); // warm-up after a swap
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(xs, ys);
  return (performance.now() - t0) / steps;
}

function median(v: readonly number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? Number.NaN) + (s[mid] ?? Number.NaN)) / 2;
}
const times: Record<"tfjs" | "mfgc", number[]> = { tfjs: [], mfgc: [] };
// First steps of a fresh model allocate and compile; keep them out of both variants' figures.
for (let i = 0; i < 2; i++) await model.trainOnBatch(xs, ys);
const before = { stat: cpuSnapshot(), cpu: process.cpuUsage() };
for (let r = 0; r < rounds; r++) {
  // Alternate which goes first, so neither always gets the warmer (or quieter) slot.
  for (const variant of r % 2 === 0 ? (["tfjs", "mfgc"] as const) : (["mfgc", "tfjs"] as const)) {
    if (variant === "tfjs") useTfjs();
    else useMfgc();
    const ms = await msPerStep();
    times[variant].push(ms);
    console.log(`round ${r + 1} ${variant}: ${ms.toFixed(1)} ms/step`);
  }
}
const cpu = process.cpuUsage(before.cpu);
const load = loadBetween(before.stat, cpuSnapshot(), (cpu.user + cpu.system) / 1e6);
const a = median(times.tfjs);
const b = median(times.mfgc);
console.log(`${args.family}, swapped kernels [${CHANGES.kernels.join(", ")}], gradients [${CHANGES.gradients.join(", ")}]: tfjs ${a.toFixed(1)} ms/step, mfgc ${b.toFixed(1)} ms/step, speed-up ${(a / b).toFixed(2)}× (medians of ${rounds}); machine: ${describeLoad(load)}`);

/** One family's comparison as stored in bench/results/train-ab.json. */
interface AbResult {
  readonly swapped: typeof CHANGES;
  readonly steps: number;
  readonly rounds: number;
  readonly msPerStep: { readonly tfjs: readonly number[]; readonly mfgc: readonly number[] };
  readonly medianTfjs: number;
  readonly medianMfgc: number;
  readonly speedUp: number;
  readonly load: LoadReport | null;
  readonly command: string;
}
const jsonUrl = new URL("../results/train-ab.json", import.meta.url);
const stored = (existsSync(jsonUrl) ? JSON.parse(readFileSync(jsonUrl, "utf8")) : { families: {} }) as { machine?: object; families: Record<string, AbResult> };
stored.families[args.family] = {
  swapped: CHANGES, steps, rounds, msPerStep: times, medianTfjs: a, medianMfgc: b, speedUp: a / b, load,
  command: `npx tsx bench/train-throughput/ab.ts ${process.argv.slice(2).join(" ")}`,
};
stored.machine = machineInfo();
writeFileSync(jsonUrl, JSON.stringify(stored, null, 2) + "\n");
const md = [
  "# mfgc's kernel replacements vs tfjs's own, side by side (trainOnBatch, wasm)",
  "",
  "Each family's compiled model trains on one batch, alternating tfjs 4.22's kernels/gradients and mfgc's round by round in one process (`bench/train-throughput/ab.ts`); ms/step medians.",
  "",
  "| family | swapped | tfjs ms/step | mfgc ms/step | speed-up | machine | command |",
  "| --- | --- | ---: | ---: | ---: | --- | --- |",
  ...Object.entries(stored.families).map(([name, r]) =>
    `| ${name} | kernels ${r.swapped.kernels.join(", ")}; gradients ${r.swapped.gradients.join(", ")} | ${r.medianTfjs.toFixed(1)} | ${r.medianMfgc.toFixed(1)} | ${r.speedUp.toFixed(2)}× | ${describeLoad(r.load)} | \`${r.command}\` |`),
  "",
  "A LOADED row's ratio comes from a machine where other processes used over 10% of the CPUs; both variants ran under it, alternately, but the ratio is noisier than a quiet machine's.",
  "",
];
writeFileSync(new URL("../results/train-ab.md", import.meta.url), md.join("\n"));
