/**
 * `npm run bench -- workers`: the tutorial CNN's training throughput (samples/s) with `--workers 1` and
 * `--workers 2 … cores`, side by side in one process, on wasm. Each count trains 2 epochs of `LIMIT`
 * samples (env `MFGC_BENCH_LIMIT`, default 4000, 10 % of them held out for validation); the figure is
 * the second epoch's training samples per second of wall time (the first includes starting the
 * workers; both include the epoch's validation pass, the same for every count). Needs
 * dataset-fashion-mnist in /usr/share/datasets. The load average before and after is printed: on a
 * loaded machine (above 1.5 on this 2-core box) the ratio says little.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { train } from "../../generated/fashion_cnn/train.js";

const limit = Number(process.env["MFGC_BENCH_LIMIT"] ?? 4000);
const counts = [...new Set([1, 2, availableParallelism()])].filter((n) => n <= Math.max(2, availableParallelism()));
console.log(`load average before: ${loadavg()[0]!.toFixed(2)} (${availableParallelism()} cores)`);
const rows: { workers: number; samplesPerSecond: number }[] = [];
for (const workers of counts) {
  const outDir = mkdtempSync(path.join(tmpdir(), "mfgc-bench-workers-"));
  try {
    const r = await train({ epochs: 2, limit, workers, backend: "wasm", outDir, dataRoots: ["/usr/share/datasets"], log: () => {} });
    const trainSamples = (JSON.parse(readFileSync(path.join(outDir, "run.json"), "utf8")) as { data: { train: number } }).data.train;
    const seconds = r.history[1]!.seconds;
    rows.push({ workers, samplesPerSecond: trainSamples / seconds });
    r.model.dispose();
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
const base = rows[0]!.samplesPerSecond;
for (const r of rows) console.log(`workers ${r.workers}: ${r.samplesPerSecond.toFixed(0)} samples/s (${(r.samplesPerSecond / base).toFixed(2)}× one thread)`);
console.log(`load average after: ${loadavg()[0]!.toFixed(2)}`);
