/**
 * Training throughput of the tutorial CNN (93,322 parameters, Adam 1e-3, categorical crossentropy),
 * side by side in one run: tfjs on wasm with mfgc's kernels, tfjs on the pure-JS cpu backend, and
 * PyTorch on the CPU (Debian's python3-torch) when installed. Figures go to
 * bench/results/train-throughput.{json,md}.
 *
 *   npx tsx bench/train-throughput/run.ts [--samples 3200] [--cpu-samples 64] [--batch 32]
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { prepareBackend } from "../../src/runtime/backend/prepare.js";
import { writeResult } from "../results.js";
import { loadBenchData } from "./data.js";
import type { BenchData } from "./data.js";
import { buildModel } from "../../generated/fashion_cnn/model.js";
import { train as trainGeneratedRun } from "../../generated/fashion_cnn/train.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const { values: args } = parseArgs({
  options: {
    samples: { type: "string", default: "3200" },
    "cpu-samples": { type: "string", default: "64" },
    batch: { type: "string", default: "32" },
  },
});
const batch = Number(args.batch);
const samples = Math.ceil(Number(args.samples) / batch) * batch;
const cpuSamples = Math.ceil(Number(args["cpu-samples"]) / batch) * batch;
const warmupBatches = 3;

interface Run {
  readonly samplesPerSec: number;
  readonly seconds: number;
  readonly samples: number;
  readonly finalLoss: number | null;
  readonly note?: string;
}

/** Trains one epoch over `n` samples of mfgc's generated model (generated/fashion_cnn/model.ts) with `model.fit`, after a warm-up. */
async function trainTfjs(backend: "wasm" | "cpu", data: BenchData, n: number): Promise<Run> {
  await prepareBackend({ backend, log: (line) => console.log(line) });
  const model = buildModel();
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });
  const offset = warmupBatches * batch;
  const xs = tf.tensor4d(data.images.subarray(0, (offset + n) * 784), [offset + n, 28, 28, 1]);
  const ys = tf.oneHot(tf.tensor1d(data.labels.subarray(0, offset + n), "int32"), 10);
  const warmX = xs.slice(0, offset);
  const warmY = ys.slice(0, offset);
  await model.fit(warmX, warmY, { batchSize: batch, epochs: 1, shuffle: false, verbose: 0 });
  const x = xs.slice(offset, n);
  const y = ys.slice(offset, n);
  const started = performance.now();
  const history = await model.fit(x, y, { batchSize: batch, epochs: 1, shuffle: false, verbose: 0 });
  const seconds = (performance.now() - started) / 1000;
  const loss = (history.history["loss"] as number[] | undefined)?.at(-1) ?? null;
  tf.dispose([xs, ys, warmX, warmY, x, y]);
  model.dispose();
  return { samplesPerSec: n / seconds, seconds, samples: n, finalLoss: loss };
}

/**
 * The whole generated training entry (generated/fashion_cnn/train.ts → mfgc's runtime loop: seeded
 * shuffling, metrics, checkpoint) for one epoch on the spec's own Fashion-MNIST files. Samples/s is
 * over the epoch's time as the loop records it (`EpochRecord.seconds`): the training batches and the
 * epoch-end validation pass; the loop's timer stops before the checkpoint is written, so that is not in it.
 */
async function trainGenerated(backend: "wasm" | "cpu", n: number): Promise<Run | { skipped: string }> {
  if (!existsSync("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")) return { skipped: "dataset-fashion-mnist not installed" };
  const out = mkdtempSync(join(tmpdir(), "mfgc-bench-run-"));
  try {
    // The spec validates on 10% of the loaded samples: load enough that n remain for training.
    const limit = Math.ceil(n / 0.9);
    let seconds = 0;
    let trained = 0;
    const result = await trainGeneratedRun({
      outDir: out,
      epochs: 1,
      limit,
      backend,
      // Debian's dataset lies outside the project (data-path.ts).
      dataRoots: ["/usr/share/datasets"],
      log: () => {},
      onEpochEnd: (r) => {
        seconds = r.seconds;
      },
    });
    trained = Math.floor(limit * 0.9);
    const loss = result.final["loss"] ?? null;
    result.model.dispose();
    return { samplesPerSec: trained / seconds, seconds, samples: trained, finalLoss: loss, note: "generated train.ts, mfgc runtime loop" };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const PYTHON = "/usr/bin/python3";

function trainTorch(data: BenchData, n: number, threads: number): Run | { skipped: string } {
  if (!existsSync(PYTHON)) return { skipped: `${PYTHON} not found` };
  const script = fileURLToPath(new URL("./torch_cnn.py", import.meta.url));
  const dataArgs = data.imagesPath !== null && data.labelsPath !== null ? ["--images", data.imagesPath, "--labels", data.labelsPath] : [];
  const result = spawnSync(PYTHON, [script, "--samples", String(n), "--batch", String(batch), "--threads", String(threads), "--warmup-batches", String(warmupBatches), ...dataArgs], { encoding: "utf8" });
  if (result.status !== 0) {
    const why = (result.stderr || result.error?.message || "").trim().split("\n").at(-1) ?? "";
    return { skipped: `PyTorch run failed (${why}); install with: apt-get install -y python3-torch` };
  }
  const out = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}") as { samplesPerSec: number; seconds: number; samples: number; finalLoss: number; torch: string };
  return { samplesPerSec: out.samplesPerSec, seconds: out.seconds, samples: out.samples, finalLoss: out.finalLoss, note: `torch ${out.torch}, ${threads} thread(s)` };
}

const data = loadBenchData(warmupBatches * batch + samples);
console.log(`data: ${data.source}, batch ${batch}, ${samples} samples (cpu backend: ${cpuSamples})`);
// PyTorch before and after tfjs: the machine is shared, so the spread shows how much load moved.
const torchBefore = trainTorch(data, samples, 2);
const torch1 = trainTorch(data, samples, 1);
const wasm = await trainTfjs("wasm", data, samples);
console.log(`generated model, model.fit, wasm + mfgc kernels: ${wasm.samplesPerSec.toFixed(1)} samples/s`);
const wasmLoop = await trainGenerated("wasm", samples);
console.log(`generated train.ts (runtime loop), wasm: ${"samplesPerSec" in wasmLoop ? wasmLoop.samplesPerSec.toFixed(1) + " samples/s" : wasmLoop.skipped}`);
const torchAfter = trainTorch(data, samples, 2);
const cpu = await trainTfjs("cpu", data, cpuSamples);
console.log(`generated model, model.fit, cpu: ${cpu.samplesPerSec.toFixed(1)} samples/s`);

const torchRuns = [torchBefore, torchAfter].filter((r): r is Run => "samplesPerSec" in r);
const torch2 = torchRuns.length === 0 ? null : torchRuns.reduce((a, b) => (a.samplesPerSec >= b.samplesPerSec ? a : b));
const best = [torch2, "samplesPerSec" in torch1 ? torch1 : null].filter((r): r is Run => r !== null).reduce<Run | null>((a, b) => (a === null || b.samplesPerSec > a.samplesPerSec ? b : a), null);
for (const [label, r] of [["torch 2 threads (before)", torchBefore], ["torch 1 thread", torch1], ["torch 2 threads (after)", torchAfter]] as const) {
  console.log(`${label}: ${"samplesPerSec" in r ? `${r.samplesPerSec.toFixed(1)} samples/s` : r.skipped}`);
}
const ratio = (a: number, b: number | undefined): number | null => (b === undefined || b === 0 ? null : a / b);
const ratios = {
  wasmOverCpu: ratio(wasm.samplesPerSec, cpu.samplesPerSec),
  wasmOverTorch2Threads: ratio(wasm.samplesPerSec, torch2?.samplesPerSec),
  wasmOverTorchBest: ratio(wasm.samplesPerSec, best?.samplesPerSec),
  generatedLoopOverTorch2Threads: "samplesPerSec" in wasmLoop ? ratio(wasmLoop.samplesPerSec, torch2?.samplesPerSec) : null,
};
const fmt = (r: Run | { skipped: string }): string => ("samplesPerSec" in r ? `${r.samplesPerSec.toFixed(1)}` : `skipped: ${r.skipped}`);
const pct = (v: number | null): string => (v === null ? "n/a" : `${v.toFixed(3)}`);
writeResult("train-throughput", {
  model: "tutorial CNN, 93,322 params, Adam 1e-3, categorical crossentropy",
  data: data.source, batch, samples, cpuSamples,
  runs: { wasm, wasmGeneratedLoop: wasmLoop, cpu, torch2ThreadsBefore: torchBefore, torch1Thread: torch1, torch2ThreadsAfter: torchAfter },
  ratios,
  command: "npx tsx bench/train-throughput/run.ts " + process.argv.slice(2).join(" "),
}, [
  "# Training throughput: tutorial CNN (93,322 params), batch " + batch,
  "",
  `Data: ${data.source}; ${samples} samples per run (tfjs cpu: ${cpuSamples}); one epoch of \`model.fit\` after ${warmupBatches} warm-up batches; PyTorch: same model, batch, Adam, \`/usr/bin/python3\`.`,
  "",
  "| run | samples/s |",
  "| --- | ---: |",
  `| generated model, \`model.fit\`, tfjs wasm + mfgc kernels | ${fmt(wasm)} |`,
  `| generated \`train.ts\` (mfgc runtime loop incl. validation, checkpoint write not timed), wasm | ${fmt(wasmLoop)} |`,
  `| generated model, \`model.fit\`, tfjs cpu (pure JS) | ${fmt(cpu)} |`,
  `| PyTorch, 2 threads (before tfjs) | ${fmt(torchBefore)} |`,
  `| PyTorch, 1 thread | ${fmt(torch1)} |`,
  `| PyTorch, 2 threads (after tfjs) | ${fmt(torchAfter)} |`,
  "",
  `Ratios: wasm/cpu ${pct(ratios.wasmOverCpu)}, wasm/PyTorch (2 threads, better run) ${pct(ratios.wasmOverTorch2Threads)}, wasm/PyTorch (best of all torch runs) ${pct(ratios.wasmOverTorchBest)}, generated train.ts on wasm/PyTorch (2 threads) ${pct(ratios.generatedLoopOverTorch2Threads)}.`,
  "",
  "Reproduce: `apt-get install -y python3-torch dataset-fashion-mnist && npx tsx bench/train-throughput/run.ts`.",
]);
console.log(`ratios: ${JSON.stringify(ratios)}`);
