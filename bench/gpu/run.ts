/**
 * GPU device check: probes the WebGPU adapter, then measures training throughput (samples/s) of the
 * tutorial CNN (generated/fashion_cnn) and the transformer example (generated/process_events_transformer)
 * at batch 32 and 256 on webgpu, wasm and cpu, side by side in one run. Writes bench/results/gpu.{md,json}.
 *
 * Each measurement runs mfgc's own training step (src/runtime/train/step.ts: forward in training mode,
 * loss, gradients, clipping, the spec's optimizer) on one fixed batch that stays on the device, with the
 * runtime's read-back cadence (EpochAccumulator: one asynchronous read per 32 steps or per second), so
 * data loading is excluded and what is timed is the device's training arithmetic plus mfgc's loop. The
 * timed span ends after the last read-back, so queued GPU work is finished, not just submitted.
 *
 * Prepared for a machine with an NVIDIA GPU: `bash bench/gpu/run.sh` sets up the Vulkan ICD and runs
 * this (from the working tree with node_modules, or from the offline pack that bench/gpu/pack.sh makes).
 *
 *   npx tsx bench/gpu/run.ts [--seconds 8] [--batches 32,256] [--backends webgpu,wasm,cpu]
 *                            [--models cnn,transformer] [--max-step-seconds 30] [--out bench/results]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { BackendError, prepareBackend, type BackendChoice } from "../../src/runtime/backend/prepare.js";
import type { ModuleLoader } from "../../src/runtime/backend/candidates.js";
import { formatAdapter } from "../../src/runtime/backend/webgpu/adapter.js";
import type { TrainConfig } from "../../src/runtime/config.js";
import { loadData } from "../../src/runtime/data/load.js";
import type { ModelSignature, TensorBatch } from "../../src/runtime/data/types.js";
import { Prng, withSeededMathRandom } from "../../src/runtime/prng.js";
import { epochBatches } from "../../src/runtime/train/batches.js";
import { EpochAccumulator } from "../../src/runtime/train/epoch-accumulator.js";
import { TrainOptimizer } from "../../src/runtime/train/optimizers.js";
import { modelSignature } from "../../src/runtime/train/signature.js";
import { lossWeights, trainStep } from "../../src/runtime/train/step.js";
import { buildModel as buildCnn } from "../../generated/fashion_cnn/model.js";
import { config as cnnConfig, spec as cnnSpec } from "../../generated/fashion_cnn/train.js";
import { buildModel as buildTransformer } from "../../generated/process_events_transformer/model.js";
import { config as transformerConfig, spec as transformerSpec } from "../../generated/process_events_transformer/train.js";

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "8" },
    batches: { type: "string", default: "32,256" },
    backends: { type: "string", default: "webgpu,wasm,cpu" },
    models: { type: "string", default: "cnn,transformer" },
    "max-step-seconds": { type: "string", default: "30" },
    out: { type: "string", default: "bench/results" },
  },
});
const SECONDS = Number(args.seconds);
const MAX_STEP_SECONDS = Number(args["max-step-seconds"]);
const BATCHES = args.batches.split(",").map(Number);
const BACKENDS = args.backends.split(",") as ("webgpu" | "wasm" | "cpu")[];

/**
 * Optional packages by literal specifier, so the bundler (bench/gpu/pack.sh) sees them; the runtime's
 * default loader imports by a variable name, which only works with node_modules present. (`as string`
 * keeps the type checker from requiring the optional packages; esbuild still sees the literal.)
 */
const LOAD: ModuleLoader = async (specifier) => {
  switch (specifier) {
    case "webgpu":
      return import("webgpu" as string);
    case "@tensorflow/tfjs-backend-webgpu":
      return import("@tensorflow/tfjs-backend-webgpu" as string);
    case "@tensorflow/tfjs-backend-wasm":
      return import("@tensorflow/tfjs-backend-wasm");
    default:
      throw new Error(`Cannot find package '${specifier}' (not part of the GPU bench)`);
  }
};

interface ModelCase {
  readonly key: string;
  readonly title: string;
  readonly build: () => tf.LayersModel;
  readonly config: TrainConfig;
  readonly specDir: string;
}

const MODELS: readonly ModelCase[] = [
  { key: "cnn", title: "tutorial CNN (specs/fashion_cnn.mfgnet, 93,322 params, Adam)", build: buildCnn, config: cnnConfig, specDir: cnnSpec.dir },
  { key: "transformer", title: "transformer example (specs/process_events_transformer.mfgnet, AdamW)", build: buildTransformer, config: transformerConfig, specDir: transformerSpec.dir },
].filter((m) => args.models.split(",").includes(m.key));

/** What `nvidia-smi` says about the GPUs, or why nothing. */
function nvidiaSmi(): { gpus: string[]; note: string | null } {
  const r = spawnSync("nvidia-smi", ["--query-gpu=name,driver_version,memory.total,compute_cap", "--format=csv,noheader"], { encoding: "utf8" });
  if (r.error !== undefined || r.status !== 0) return { gpus: [], note: r.error !== undefined ? "nvidia-smi not found: no NVIDIA driver on this machine" : `nvidia-smi failed: ${(r.stderr || "").trim().split("\n")[0]}` };
  return { gpus: r.stdout.trim().split("\n").filter((l) => l !== ""), note: null };
}

/**
 * `batch` samples of the spec's own data when it can be loaded here (synthetic generators always can;
 * Fashion-MNIST needs Debian's dataset-fashion-mnist), else uniform random inputs and random classes
 * of the right shapes: throughput does not depend on the values.
 */
async function fixedBatch(m: ModelCase, sig: ModelSignature, batch: number): Promise<{ batch: TensorBatch; source: string }> {
  try {
    const data = await loadData({ ...m.config.data, validation: null, test: null }, { specDir: m.specDir, signature: sig, limit: batch, dataRoots: ["/usr/share/datasets"] });
    if (data.train.size >= batch) {
      for await (const b of epochBatches(data.train, batch, null, 0, false)) return { batch: b, source: "the spec's data" };
    }
  } catch {
    // Fall through to random data (e.g. Fashion-MNIST not installed on the GPU machine).
  }
  const rng = new Prng("gpu-bench");
  const xs: Record<string, tf.Tensor> = {};
  for (const input of sig.inputs) {
    const shape = [batch, ...input.shape.slice(1).map((d) => d ?? 1)];
    xs[input.name] = tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.next()), shape);
  }
  const ys: Record<string, tf.Tensor> = {};
  for (const output of sig.outputs) {
    const classes = output.shape[output.shape.length - 1] ?? 1;
    ys[output.name] = tf.oneHot(tf.tensor1d(Int32Array.from({ length: batch }, () => rng.int(classes)), "int32"), classes);
  }
  return { batch: { size: batch, xs, ys }, source: "random values of the data's shapes" };
}

interface Measurement {
  readonly model: string;
  readonly backend: string;
  readonly batch: number;
  readonly samplesPerSec: number | null;
  /** Seconds of the first step (shader compilation, kernel set-up). */
  readonly firstStepSeconds: number | null;
  readonly steps: number;
  readonly seconds: number;
  readonly note: string;
}

/** Trains `steps` steps and waits for every result to be read back; returns the wall-clock seconds. */
async function timedSteps(run: () => void, acc: EpochAccumulator, steps: number | { seconds: number }): Promise<{ seconds: number; steps: number }> {
  const started = performance.now();
  let done = 0;
  for (;;) {
    run();
    done++;
    if (acc.flushDue) await acc.flush();
    const elapsed = (performance.now() - started) / 1000;
    if (typeof steps === "number" ? done >= steps : elapsed >= steps.seconds) break;
  }
  await acc.flush();
  return { seconds: (performance.now() - started) / 1000, steps: done };
}

async function measure(m: ModelCase, backend: string, batchSize: number): Promise<Measurement> {
  const model = await withSeededMathRandom(new Prng(`ops:${m.config.seed}`), () => m.build());
  const config: TrainConfig = { ...m.config, batchSize };
  const sig = modelSignature(model, config);
  const { batch, source } = await fixedBatch(m, sig, batchSize);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = new TrainOptimizer(config.optimizer, variables);
  const acc = new EpochAccumulator(sig, lossWeights(sig, config.losses));
  const step = () => acc.add(trainStep(model, variables, sig, config, batch, optimizer, config.optimizer.learningRate), batch.size);
  try {
    const first = await timedSteps(step, acc, 1);
    if (first.seconds > MAX_STEP_SECONDS) {
      return { model: m.key, backend, batch: batchSize, samplesPerSec: batchSize / first.seconds, firstStepSeconds: first.seconds, steps: 1, seconds: first.seconds, note: `from the first step alone (over the ${MAX_STEP_SECONDS} s cap); data: ${source}` };
    }
    await timedSteps(step, acc, 2);
    const timed = await timedSteps(step, acc, { seconds: SECONDS });
    return { model: m.key, backend, batch: batchSize, samplesPerSec: (timed.steps * batchSize) / timed.seconds, firstStepSeconds: first.seconds, steps: timed.steps, seconds: timed.seconds, note: `data: ${source}` };
  } finally {
    acc.dispose();
    optimizer.dispose();
    tf.dispose([...Object.values(batch.xs), ...Object.values(batch.ys)]);
    model.dispose();
  }
}

const gpu = nvidiaSmi();
console.log(gpu.gpus.length > 0 ? `nvidia-smi: ${gpu.gpus.join("; ")}` : gpu.note);
const vulkanIcd = process.env["VK_ICD_FILENAMES"] ?? process.env["VK_DRIVER_FILES"] ?? null;
console.log(`Vulkan ICD: ${vulkanIcd ?? "(loader default search)"}`);

const choices = new Map<string, BackendChoice | string>();
for (const backend of BACKENDS) {
  try {
    choices.set(backend, await prepareBackend({ backend, load: LOAD, log: (line) => console.log(line) }));
  } catch (error) {
    if (!(error instanceof BackendError)) throw error;
    const reason = `${error.diagnostic.message}${error.diagnostic.hints.map((h) => `; ${h}`).join("")}`;
    choices.set(backend, reason);
    console.log(`${backend}: not measured: ${reason}`);
  }
}
const webgpu = choices.get("webgpu");
const adapter = typeof webgpu === "object" ? webgpu.adapter : null;

const results: Measurement[] = [];
for (const m of MODELS) {
  for (const batch of BATCHES) {
    for (const backend of BACKENDS) {
      const choice = choices.get(backend);
      if (typeof choice !== "object") {
        results.push({ model: m.key, backend, batch, samplesPerSec: null, firstStepSeconds: null, steps: 0, seconds: 0, note: `not measured: ${choice ?? "not requested"}` });
        continue;
      }
      await tf.setBackend(choice.tfjsBackend);
      const r = await measure(m, backend, batch);
      results.push(r);
      console.log(`${m.key} batch ${batch} ${backend}: ${r.samplesPerSec?.toFixed(1)} samples/s (${r.steps} steps in ${r.seconds.toFixed(1)} s; first step ${r.firstStepSeconds?.toFixed(2)} s)`);
    }
  }
}

const software = adapter?.software === true;
const noGpuFigure = gpu.gpus.length === 0 || adapter === null || software;
const fmt = (v: number | null, digits = 1): string => (v === null ? "—" : v.toFixed(digits));
const machine = { node: process.version, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), date: new Date().toISOString().slice(0, 10) };
const command = `bash bench/gpu/run.sh ${process.argv.slice(2).join(" ")}`.trim();
const markdown = [
  "# Training throughput on a GPU: WebGPU vs wasm vs cpu",
  "",
  noGpuFigure
    ? `**No GPU figure here.** ${gpu.note ?? ""}${adapter === null ? " No WebGPU adapter could be used." : software ? ` The WebGPU adapter is a software adapter (${formatAdapter(adapter)}): its "webgpu" figures are the CPU emulating a GPU, not GPU speed.` : ""}`
    : `GPU: ${gpu.gpus.join("; ")}. WebGPU adapter: ${formatAdapter(adapter)}.`,
  "",
  `Vulkan ICD: ${vulkanIcd ?? "loader default search"}. Each figure: mfgc's training step on one fixed batch kept on the device, after 1 + 2 warm-up steps, for at least ${SECONDS} s, ending after the last asynchronous read-back.`,
  "",
  ...MODELS.flatMap((m) => [
    `## ${m.title}`,
    "",
    "| batch | backend | samples/s | first step (s) | steps timed | note |",
    "| ---: | --- | ---: | ---: | ---: | --- |",
    ...results.filter((r) => r.model === m.key).map((r) => `| ${r.batch} | ${r.backend} | ${fmt(r.samplesPerSec)} | ${fmt(r.firstStepSeconds, 2)} | ${r.steps} | ${r.note} |`),
    "",
  ]),
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.date}.`,
  "",
  `Reproduce: \`${command}\` (see bench/gpu/README.md).`,
  "",
];
mkdirSync(args.out, { recursive: true });
writeFileSync(join(args.out, "gpu.md"), markdown.join("\n"));
writeFileSync(join(args.out, "gpu.json"), JSON.stringify({ machine, nvidiaSmi: gpu, vulkanIcd, adapter, noGpuFigure, backends: Object.fromEntries([...choices].map(([k, v]) => [k, typeof v === "object" ? v.reason : `not measured: ${v}`])), results, command }, null, 2) + "\n");
console.log(`wrote ${join(args.out, "gpu.md")}`);
