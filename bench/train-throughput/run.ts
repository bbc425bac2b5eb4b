/**
 * Training throughput of mfgc's three example model families against PyTorch, side by side in one
 * run on this machine (issue 12):
 *
 *   cnn          specs/fashion_cnn.mfgnet (tutorial CNN, 93,322 params), batch 32, Adam
 *   rnn          specs/turbofan_rul.mfgnet (LSTM + GRU, 30,210 params), batch 64, Adam + clipping
 *   transformer  specs/process_events_transformer.mfgnet (71,365 params), batch 32, AdamW + cosine
 *
 * mfgc trains through the generated training path (the generated model, config and spec handed to
 * `runTraining`, as the generated train.ts does) on wasm with 1 and 2 data-parallel workers; PyTorch
 * (Debian's python3-torch, bench/train-throughput/torch_train.py, the same layers) with 1 and 2
 * threads. Every measurement records how busy the rest of the machine was (machine-load.ts) and is
 * marked LOADED when other processes took more than a tenth of it. Figures go to
 * bench/results/train-throughput.{json,md}.
 *
 *   npm run build && npx tsx bench/train-throughput/run.ts [--families cnn,rnn,transformer] [--scale 1] [--cpu-samples 0]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { runTraining } from "mfgc/runtime";
import type { RunTrainingOptions } from "../../src/runtime/index.js";
import { prepareBackend } from "../../src/runtime/backend/prepare.js";
import { writeResult } from "../results.js";
import { loadBenchData } from "./data.js";
import { family, sampleLimit, throughputConfig } from "./families.js";
import { cpuSnapshot, describeLoad, loadBetween } from "./machine-load.js";
import type { LoadReport } from "./machine-load.js";
import { FAMILIES } from "./families.js";
import type { Family, FamilyName } from "./families.js";

const { values: args } = parseArgs({
  options: {
    families: { type: "string", default: "cnn,rnn,transformer" },
    scale: { type: "string", default: "1" },
    threads: { type: "string", default: "1,2" },
    "cpu-samples": { type: "string", default: "0" },
  },
});
const chosen = new Set(args.families.split(","));
const threadCounts = args.threads.split(",").map(Number);
const scale = Number(args.scale);
const warmupBatches = 3;

interface Run {
  readonly samplesPerSec: number;
  readonly seconds: number;
  readonly samples: number;
  readonly finalLoss: number | null;
  readonly load: LoadReport | null;
  readonly note: string;
}
type Outcome = Run | { readonly skipped: string };
const ran = (r: Outcome): r is Run => "samplesPerSec" in r;

/**
 * mfgc's generated training path: `runTraining` with the generated model, spec and config (the
 * config's data narrowed to `samples` training samples, no validation or test split, so the epoch
 * time is training alone), two epochs; the second is measured (the first warms up the kernels).
 * The note records how many workers actually trained (runTraining's `workers:` line; it falls back to
 * one thread, saying why, where the parallel path does not apply).
 */
async function trainMfgc(f: Family, samples: number, workers: number): Promise<Outcome> {
  const train = f.config.data.train;
  if (train.kind !== "synthetic" && f.name === "cnn" && !existsSync("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")) {
    return { skipped: "dataset-fashion-mnist not installed" };
  }
  const out = mkdtempSync(join(tmpdir(), `mfgc-bench-${f.name}-`));
  const config = throughputConfig(f, samples, 2);
  let trainSize = 0;
  let workersLine = "";
  let measured: { seconds: number; load: LoadReport | null; loss: number | null } | null = null;
  let mark = { stat: cpuSnapshot(), cpu: process.cpuUsage() };
  const options = {
    buildModel: f.buildModel,
    trainModule: f.trainModule,
    config,
    spec: f.spec,
    specDir: f.spec.dir,
    specHash: f.spec.sha256,
    outDir: out,
    backend: "wasm",
    // Debian's Fashion-MNIST lies outside the project (data-path.ts); `limit` caps the IDX split.
    dataRoots: ["/usr/share/datasets"],
    ...sampleLimit(f, samples),
    workers,
    log: (line: string) => {
      const m = /^data: (\d+) training/.exec(line);
      if (m !== null) trainSize = Number(m[1]);
      if (line.startsWith("workers: ")) workersLine = line.slice("workers: ".length);
    },
    onEpochEnd: (r: { epoch: number; seconds: number; logs: Readonly<Record<string, number>> }) => {
      if (r.epoch === 2) {
        const cpu = process.cpuUsage(mark.cpu);
        measured = { seconds: r.seconds, load: loadBetween(mark.stat, cpuSnapshot(), (cpu.user + cpu.system) / 1e6), loss: r.logs["loss"] ?? null };
      }
      mark = { stat: cpuSnapshot(), cpu: process.cpuUsage() };
    },
  } satisfies RunTrainingOptions;
  try {
    const result = await runTraining(options);
    result.model.dispose();
  } catch (e) {
    return { skipped: `mfgc run failed: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const m = measured as { seconds: number; load: LoadReport | null; loss: number | null } | null;
  if (m === null || trainSize === 0) return { skipped: "mfgc run ended without a second epoch" };
  return { samplesPerSec: trainSize / m.seconds, seconds: m.seconds, samples: trainSize, finalLoss: m.loss, load: m.load, note: `runTraining, wasm, workers ${workersLine}` };
}

const PYTHON = "/usr/bin/python3";

function trainTorch(f: Family, samples: number, threads: number): Outcome {
  if (!existsSync(PYTHON)) return { skipped: `${PYTHON} not found` };
  const script = fileURLToPath(new URL("./torch_train.py", import.meta.url));
  const data = f.name === "cnn" ? loadBenchData(0) : null;
  const dataArgs = data !== null && data.imagesPath !== null && data.labelsPath !== null ? ["--images", data.imagesPath, "--labels", data.labelsPath] : [];
  const before = cpuSnapshot();
  const result = spawnSync(PYTHON, [script, "--model", f.name, "--samples", String(samples), "--batch", String(f.config.batchSize), "--threads", String(threads), "--warmup-batches", String(warmupBatches), ...dataArgs], { encoding: "utf8" });
  if (result.status !== 0) {
    const why = (result.stderr || result.error?.message || "").trim().split("\n").at(-1) ?? "";
    return { skipped: `PyTorch run failed (${why}); install with: apt-get install -y python3-torch` };
  }
  const after = cpuSnapshot();
  const o = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}") as { samplesPerSec: number; seconds: number; cpuSeconds: number; samples: number; finalLoss: number; params: number; torch: string };
  // The snapshots span the process start-up too; scale its CPU time to that span's share.
  const load = loadBetween(before, after, o.cpuSeconds + Math.max(0, ((after?.atMs ?? 0) - (before?.atMs ?? 0)) / 1000 - o.seconds));
  return { samplesPerSec: o.samplesPerSec, seconds: o.seconds, samples: o.samples, finalLoss: o.finalLoss, load, note: `torch ${o.torch}, ${threads} thread(s), ${o.params} trainable params` };
}

/** Trainable parameters of the generated model (the PyTorch twin prints its own; they must agree). */
function paramCount(f: Family): number {
  const model = f.buildModel();
  const n = model.trainableWeights.reduce((a, w) => a + w.shape.reduce<number>((x, y) => x * (y ?? 1), 1), 0);
  model.dispose();
  return n;
}

/** The old CNN `model.fit` on the pure-JS cpu backend (~1 sample/s), only with --cpu-samples N. */
async function cnnOnCpuBackend(n: number): Promise<Outcome> {
  if (n <= 0) return { skipped: "not run (--cpu-samples 0)" };
  await prepareBackend({ backend: "cpu", log: () => {} });
  const data = loadBenchData(n);
  const model = family("cnn").buildModel();
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });
  const xs = tf.tensor4d(data.images.subarray(0, n * 784), [n, 28, 28, 1]);
  const ys = tf.oneHot(tf.tensor1d(data.labels.subarray(0, n), "int32"), 10);
  const t0 = performance.now();
  const h = await model.fit(xs, ys, { batchSize: 32, epochs: 1, shuffle: false, verbose: 0 });
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose([xs, ys]);
  model.dispose();
  return { samplesPerSec: n / seconds, seconds, samples: n, finalLoss: (h.history["loss"] as number[] | undefined)?.at(-1) ?? null, load: null, note: "model.fit, tfjs cpu backend" };
}

interface FamilyResult {
  readonly family: FamilyName;
  readonly title: string;
  readonly batch: number;
  readonly params: { readonly mfgc: number; readonly torch: number | null; readonly equal: boolean };
  readonly runs: Record<string, Outcome>;
  /** mfgc (N workers) / PyTorch (N threads), per N; null where either side did not run. */
  readonly ratios: Record<string, number | null>;
  readonly anyLoaded: boolean;
}

const results: FamilyResult[] = [];
const loadStart = loadavg()[0] ?? 0;
for (const f of FAMILIES) {
  if (!chosen.has(f.name)) continue;
  const batch = f.config.batchSize;
  const samples = Math.max(batch, Math.round((f.samples * scale) / batch) * batch);
  console.log(`\n${f.name}: ${f.title}, batch ${batch}, ${samples} samples per measurement`);
  const runs: Record<string, Outcome> = {};
  const show = (key: string, r: Outcome): void => {
    runs[key] = r;
    console.log(`  ${key.padEnd(22)} ${ran(r) ? `${r.samplesPerSec.toFixed(1).padStart(8)} samples/s  ${describeLoad(r.load)}` : r.skipped}`);
  };
  // PyTorch before and after mfgc: on a shared machine the spread shows how much the load moved.
  for (const t of threadCounts) show(`torch ${t} thread(s)`, trainTorch(f, samples, t));
  for (const t of threadCounts) show(`mfgc ${t} worker(s)`, await trainMfgc(f, samples, t));
  for (const t of threadCounts) show(`torch ${t} thread(s) again`, trainTorch(f, samples, t));
  const mfgcParams = paramCount(f);
  const torchNote = Object.values(runs).find((r): r is Run => ran(r) && r.note.startsWith("torch"))?.note;
  const torchParams = torchNote === undefined ? null : Number(/(\d+) trainable params/.exec(torchNote)?.[1]);
  const ratios: Record<string, number | null> = {};
  for (const t of threadCounts) {
    const m = runs[`mfgc ${t} worker(s)`];
    const torchBest = [runs[`torch ${t} thread(s)`], runs[`torch ${t} thread(s) again`]]
      .filter((r): r is Run => r !== undefined && ran(r))
      .reduce<Run | null>((a, b) => (a === null || b.samplesPerSec > a.samplesPerSec ? b : a), null);
    ratios[`${t}`] = m !== undefined && ran(m) && torchBest !== null ? m.samplesPerSec / torchBest.samplesPerSec : null;
  }
  const anyLoaded = Object.values(runs).some((r) => ran(r) && r.load?.loaded === true);
  results.push({ family: f.name, title: f.title, batch, params: { mfgc: mfgcParams, torch: torchParams, equal: mfgcParams === torchParams }, runs, ratios, anyLoaded });
  console.log(`  params: mfgc ${mfgcParams}, PyTorch ${torchParams ?? "n/a"}; ratios mfgc/PyTorch: ${threadCounts.map((t) => `${t}: ${ratios[`${t}`]?.toFixed(3) ?? "n/a"}`).join(", ")}${anyLoaded ? "  (LOADED machine: not a quiet-machine figure)" : ""}`);
}
const cpuRun = chosen.has("cnn") ? await cnnOnCpuBackend(Number(args["cpu-samples"])) : { skipped: "cnn not chosen" };

const fmt = (r: Outcome | undefined): string => (r === undefined ? "—" : ran(r) ? r.samplesPerSec.toFixed(1) : `skipped: ${r.skipped}`);
const loadCell = (r: Outcome | undefined): string => (r !== undefined && ran(r) ? describeLoad(r.load) : "");
const anyLoaded = results.some((r) => r.anyLoaded);
const md: string[] = [
  "# Training throughput: mfgc (wasm, generated training path) vs PyTorch (CPU)",
  "",
  anyLoaded
    ? "**LOADED MACHINE**: other processes used more than 10% of the CPUs during at least one measurement (column *load*); these ratios are not quiet-machine figures."
    : "Every measurement ran on a quiet machine (other processes under 10% of the CPUs).",
  "",
  `mfgc: \`runTraining\` with the generated model, config and spec (data narrowed to N training samples, no validation/test split), second of two epochs timed, wasm backend with mfgc's kernels, \`workers\` = N. PyTorch: \`bench/train-throughput/torch_train.py\` (the same layers; trainable parameter counts compared below), same batch and optimizer, \`torch.set_num_threads(N)\`, ${warmupBatches} warm-up batches, run before and after mfgc (the better run counts). Load average at the start: ${loadStart.toFixed(2)}.`,
  "",
];
for (const r of results) {
  md.push(`## ${r.title}, batch ${r.batch}`, "");
  md.push(`Trainable parameters: mfgc ${r.params.mfgc}, PyTorch ${r.params.torch ?? "n/a"} (${r.params.equal ? "equal" : "DIFFERENT"}).`, "");
  md.push("| run | samples/s | load |", "| --- | ---: | --- |");
  for (const [k, v] of Object.entries(r.runs)) md.push(`| ${k} | ${fmt(v)} | ${loadCell(v)} |`);
  md.push("", `Ratios mfgc/PyTorch: ${threadCounts.map((t) => `${t} worker(s)/${t} thread(s) **${r.ratios[`${t}`]?.toFixed(3) ?? "n/a"}**`).join(", ")}.`, "");
}
if (ran(cpuRun)) md.push(`CNN \`model.fit\` on tfjs's pure-JS cpu backend: ${cpuRun.samplesPerSec.toFixed(2)} samples/s.`, "");
md.push(
  "Reproduce: `apt-get install -y python3-torch dataset-fashion-mnist && npm run build && npx tsx bench/train-throughput/run.ts`.",
);
writeResult("train-throughput", {
  families: results,
  cnnCpuBackend: cpuRun,
  loadavgAtStart: loadStart,
  anyLoaded,
  command: "npx tsx bench/train-throughput/run.ts " + process.argv.slice(2).join(" "),
}, md);
