/**
 * Recorded check: `mfgc train specs/fashion_cnn.mfgnet --epochs 1 --limit 128 --data-root /usr/share/datasets` on `--backend webgpu`
 * (here: a software adapter, asked for by name) gives the metrics of the same command on `--backend cpu`
 * within 1e-4 — every epoch log (training and validation loss and metrics) and every test metric. The
 * two commands run as separate processes, exactly as a user types them. Too slow for `npm test` (the cpu
 * backend trains this CNN at about one sample per second), so it writes its outcome to
 * bench/results/webgpu-cli-parity.{md,json} instead; exit 1 when a difference exceeds the tolerance.
 *
 *   npx tsx bench/gpu/cli-parity.ts     (needs Debian's dataset-fashion-mnist)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const TOLERANCE = 1e-4;
const OUT = join(".tmp", "cli-parity");
const ARGS = ["specs/fashion_cnn.mfgnet", "--epochs", "1", "--limit", "128", "--data-root", "/usr/share/datasets"];

interface Outcome {
  readonly backend: string;
  readonly command: string;
  readonly exitCode: number | null;
  readonly startLine: string;
  readonly metrics: Record<string, number>;
}

function train(backend: "webgpu" | "cpu"): Outcome {
  const out = join(OUT, backend);
  rmSync(out, { recursive: true, force: true });
  const args = ["mfgc", "train", ...ARGS, "--backend", backend, "--out", out];
  const r = spawnSync("npx", args, { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  if (r.status !== 0) throw new Error(`npx ${args.join(" ")} exited ${r.status}:\n${r.stderr}`);
  const epochs = readFileSync(join(out, "metrics.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { logs: Record<string, number> });
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as { test: Record<string, number> | null };
  const startLine = r.stdout.split("\n").find((l) => l.startsWith("mfgc: backend")) ?? "";
  return { backend, command: `npx ${args.join(" ")}`, exitCode: r.status, startLine, metrics: { ...epochs.at(-1)!.logs, ...(report.test ?? {}) } };
}

mkdirSync(OUT, { recursive: true });
const webgpu = train("webgpu");
const cpu = train("cpu");
const rows = Object.keys(cpu.metrics).sort().map((k) => ({ metric: k, cpu: cpu.metrics[k]!, webgpu: webgpu.metrics[k] ?? NaN, diff: Math.abs((webgpu.metrics[k] ?? NaN) - cpu.metrics[k]!) }));
const missing = Object.keys(webgpu.metrics).filter((k) => !(k in cpu.metrics));
const worst = rows.reduce((m, r) => (Number.isNaN(r.diff) ? Infinity : Math.max(m, r.diff)), 0);
const pass = worst <= TOLERANCE && missing.length === 0;
const date = new Date().toISOString().slice(0, 10);
writeFileSync(
  join("bench", "results", "webgpu-cli-parity.md"),
  [
    "# `mfgc train --backend webgpu` vs `--backend cpu`: the same metrics",
    "",
    `${pass ? "PASS" : "FAIL"}: largest difference ${worst.toExponential(2)} (tolerance ${TOLERANCE}) over ${rows.length} metrics${missing.length > 0 ? `; only on webgpu: ${missing.join(", ")}` : ""}.`,
    "",
    `- webgpu: \`${webgpu.command}\` — ${webgpu.startLine}`,
    `- cpu: \`${cpu.command}\` — ${cpu.startLine}`,
    "",
    "| metric | cpu | webgpu | abs. difference |",
    "| --- | ---: | ---: | ---: |",
    ...rows.map((r) => `| ${r.metric} | ${r.cpu} | ${r.webgpu} | ${r.diff.toExponential(2)} |`),
    "",
    `Checked ${date}. Reproduce: \`npx tsx bench/gpu/cli-parity.ts\` (needs dataset-fashion-mnist).`,
    "",
  ].join("\n"),
);
writeFileSync(join("bench", "results", "webgpu-cli-parity.json"), JSON.stringify({ date, tolerance: TOLERANCE, pass, worst, rows, webgpu: { ...webgpu, metrics: undefined }, cpu: { ...cpu, metrics: undefined } }, null, 2) + "\n");
console.log(`${pass ? "PASS" : "FAIL"}: largest difference ${worst.toExponential(2)} over ${rows.length} metrics (tolerance ${TOLERANCE})`);
process.exitCode = pass ? 0 : 1;
