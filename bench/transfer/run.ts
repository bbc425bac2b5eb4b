/**
 * Transfer learning on Fashion-MNIST, as specs/fashion_pretrain.mfgnet and specs/fashion_transfer.mfgnet
 * describe it: pre-train the CNN on five classes (labels 0–4), then learn the other five (labels 5–9)
 * from a 500-image budget with the convolutions transferred and frozen and a new dense head — against
 * the same model and budget trained from scratch (the same spec without `transfer`), over several seeds.
 * Also checks that the frozen convolutions are bit-identical to the pre-trained ones after training.
 *
 *   nice -n 10 npx tsx bench/transfer/run.ts [--pretrain-limit 12000] [--pretrain-epochs 3] [--seeds 3] [--backend wasm]
 *
 * Runs go to bench/.runs/transfer/ (ignored); figures to bench/results/transfer.{json,md}.
 * Needs Debian's dataset-fashion-mnist.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runCli } from "../../src/cli/main.js";
import type { TrainReport } from "../../src/runtime/train/report.js";
import { writeResult } from "../results.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const RUNS = path.join(ROOT, "bench", ".runs", "transfer");
const DATA_ROOT = ["--data-root", "/usr/share/datasets"];
const FASHION = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
const FROZEN = ["c1", "c2", "c3"];

const { values: args } = parseArgs({
  options: {
    "pretrain-limit": { type: "string", default: "12000" },
    "pretrain-epochs": { type: "string", default: "3" },
    seeds: { type: "string", default: "3" },
    backend: { type: "string", default: "wasm" },
  },
});

async function mfgc(...argv: string[]): Promise<void> {
  let err = "";
  const code = await runCli(argv, { stdout: (s) => process.stdout.write(s), stderr: (s) => (err += s), color: false });
  if (code !== 0) throw new Error(`mfgc ${argv.join(" ")} failed (${code}):\n${err}`);
}

/** Test accuracy a run recorded. */
function testAccuracy(run: string): number {
  const report = JSON.parse(readFileSync(path.join(run, "report.json"), "utf8")) as TrainReport;
  const acc = report.test?.["test_accuracy"];
  if (acc === undefined) throw new Error(`${run} has no test accuracy`);
  return acc;
}

/** Raw bytes of each named layer's weights in a saved model (model.json manifest + weights.bin). */
function layerBytes(modelDir: string, layers: readonly string[]): Map<string, Buffer> {
  const json = JSON.parse(readFileSync(path.join(modelDir, "model.json"), "utf8")) as { weightsManifest: { weights: { name: string; shape: number[]; dtype: string }[] }[] };
  const bin = readFileSync(path.join(modelDir, "weights.bin"));
  const out = new Map<string, Buffer>();
  let at = 0;
  for (const w of json.weightsManifest.flatMap((g) => g.weights)) {
    const bytes = w.shape.reduce((a, b) => a * b, 1) * 4;
    const layer = w.name.split("/")[0]!;
    if (layers.includes(layer)) out.set(w.name, bin.subarray(at, at + bytes));
    at += bytes;
  }
  return out;
}

async function main(): Promise<void> {
  if (!existsSync(FASHION)) throw new Error("needs Fashion-MNIST: apt-get install -y dataset-fashion-mnist");
  rmSync(RUNS, { recursive: true, force: true });
  mkdirSync(RUNS, { recursive: true });
  const load = loadavg()[0]!;
  const backend = args.backend;
  const started = Date.now();

  // 1. Pre-train on labels 0–4.
  const pretrain = path.join(RUNS, "pretrain");
  // Debian's dataset lies outside the project: every run allows its folder (data-path.ts).
  await mfgc("train", "specs/fashion_pretrain.mfgnet", "--out", pretrain, "--limit", args["pretrain-limit"], "--epochs", args["pretrain-epochs"], "--backend", backend, ...DATA_ROOT);
  const pretrainSeconds = (Date.now() - started) / 1000;

  // 2. The transfer spec, pointed at this pre-trained run, and the same spec without `transfer`.
  const transferText = readFileSync(path.join(ROOT, "specs", "fashion_transfer.mfgnet"), "utf8");
  const fromRun = `from: run(${JSON.stringify(pretrain)})`;
  if (!transferText.includes('from: run("../runs/FashionPretrain")')) throw new Error("specs/fashion_transfer.mfgnet no longer transfers from ../runs/FashionPretrain; update the bench");
  const scratchText = transferText.replace(/\n  transfer \{[^}]*\}\n/, "\n");
  if (scratchText === transferText) throw new Error("could not remove `transfer` from the spec");

  const rows: { seed: number; transfer: number; scratch: number; frozenIdentical: boolean }[] = [];
  const seeds = Number(args.seeds);
  for (let s = 0; s < seeds; s++) {
    const seed = 7 + s;
    const withSeed = (t: string) => t.replace(/seed 7\b/, `seed ${seed}`);
    const transferSpec = path.join(RUNS, `fashion_transfer_seed${seed}.mfgnet`);
    const scratchSpec = path.join(RUNS, `fashion_scratch_seed${seed}.mfgnet`);
    writeFileSync(transferSpec, withSeed(transferText.replace('from: run("../runs/FashionPretrain")', fromRun)));
    writeFileSync(scratchSpec, withSeed(scratchText));
    const t = path.join(RUNS, `transfer-${seed}`);
    const f = path.join(RUNS, `scratch-${seed}`);
    await mfgc("train", transferSpec, "--out", t, "--backend", backend, ...DATA_ROOT);
    await mfgc("train", scratchSpec, "--out", f, "--backend", backend, ...DATA_ROOT);
    const before = layerBytes(path.join(pretrain, "model"), FROZEN);
    const after = layerBytes(path.join(t, "model"), FROZEN);
    const frozenIdentical = before.size === 2 * FROZEN.length && [...before].every(([name, bytes]) => after.get(name)?.equals(bytes) === true);
    rows.push({ seed, transfer: testAccuracy(t), scratch: testAccuracy(f), frozenIdentical });
    console.log(`seed ${seed}: transfer ${testAccuracy(t).toFixed(4)}, scratch ${testAccuracy(f).toFixed(4)}, frozen convolutions bit-identical: ${frozenIdentical}`);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const figures = {
    backend,
    loadAtStart: load,
    pretrain: { limit: Number(args["pretrain-limit"]), epochs: Number(args["pretrain-epochs"]), testAccuracy: testAccuracy(pretrain), seconds: pretrainSeconds },
    budget: 500,
    runs: rows,
    meanTransfer: mean(rows.map((r) => r.transfer)),
    meanScratch: mean(rows.map((r) => r.scratch)),
    transferWinsEverySeed: rows.every((r) => r.transfer > r.scratch),
    frozenIdentical: rows.every((r) => r.frozenIdentical),
    totalSeconds: (Date.now() - started) / 1000,
  };
  writeResult("transfer", figures, [
    "# Transfer learning: Fashion-MNIST labels 0–4 → labels 5–9 on 500 images",
    "",
    `\`nice -n 10 npx tsx bench/transfer/run.ts --pretrain-limit ${args["pretrain-limit"]} --pretrain-epochs ${args["pretrain-epochs"]} --seeds ${seeds} --backend ${backend}\``,
    "",
    `Pre-trained (specs/fashion_pretrain.mfgnet, ${figures.pretrain.limit} images of labels 0–4, ${figures.pretrain.epochs} epochs): test accuracy ${figures.pretrain.testAccuracy.toFixed(4)} on labels 0–4.`,
    `Target (specs/fashion_transfer.mfgnet): labels 5–9, 500 training images (450 train + 50 validation), 12 epochs, test on all 5,000 test images of labels 5–9.`,
    "Transfer: c1–c3 copied from the pre-trained run and frozen, new dense layers. Scratch: the same spec without `transfer`.",
    "",
    "| seed | transfer test accuracy | scratch test accuracy | frozen convolutions bit-identical |",
    "| --- | --- | --- | --- |",
    ...rows.map((r) => `| ${r.seed} | ${r.transfer.toFixed(4)} | ${r.scratch.toFixed(4)} | ${r.frozenIdentical ? "yes" : "NO"} |`),
    `| mean | ${figures.meanTransfer.toFixed(4)} | ${figures.meanScratch.toFixed(4)} | |`,
    "",
    `Backend ${backend}; load average at start ${load.toFixed(2)}; ${figures.totalSeconds.toFixed(0)} s in all.`,
  ]);
  console.log(`mean test accuracy: transfer ${figures.meanTransfer.toFixed(4)}, scratch ${figures.meanScratch.toFixed(4)}; frozen identical: ${figures.frozenIdentical}`);
}

await main();
