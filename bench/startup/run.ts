/**
 * Start-up cost of the `mfgc` command as users run it (bin/mfgc.js → the built dist/), side by side
 * with `node -e 0` in one run: each command runs REPS times, interleaved round-robin so that a load
 * change hits all of them alike, and the figures are medians of wall-clock time and of CPU time
 * (user + system, from /usr/bin/time when the machine has it).
 *
 * mfgc runs its CLI through V8's code cache (src/cli/code-cache.ts). The bench gives it a cache folder
 * of its own, filled by the warm-up run of each command (as any second run of a command finds it), and
 * also times the DSL check with the cache turned off: a user's very first run of a new build.
 *
 * Targets (issue 8): `mfgc --version` ≤ 1.3× `node -e 0`; `mfgc check` of a small spec ≤ 2×; the whole
 * `mfgc check` process on the 5,000-layer spec under 1 s.
 *
 *   npm run build && npx tsx bench/startup/run.ts [--reps 15]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { largeDslSpec, largeYamlSpec } from "../large-specs.js";
import { writeResult } from "../results.js";
import { cpuSnapshot, LOADED_OTHER_BUSY, loadBetween } from "../train-throughput/machine-load.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "mfgc.js");
const TIME = "/usr/bin/time";

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number | undefined;
}

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  /** Set for this command on top of the bench's environment. */
  readonly env?: NodeJS.ProcessEnv;
  readonly samples: Sample[];
}

function runOnce(args: readonly string[], env: NodeJS.ProcessEnv): Sample {
  const timed = existsSync(TIME);
  const t0 = performance.now();
  const r = timed
    ? spawnSync(TIME, ["-f", "%U %S", process.execPath, ...args], { cwd: ROOT, encoding: "utf8", env })
    : spawnSync(process.execPath, [...args], { cwd: ROOT, encoding: "utf8", env });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  if (!timed) return { wallMs, cpuMs: undefined };
  const [user, sys] = r.stderr.trim().split("\n").pop()!.split(" ").map(Number);
  return { wallMs, cpuMs: (user! + sys!) * 1000 };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * How busy the machine is with nothing of ours running: /proc/stat's busy share of all cores over a
 * 2 s idle window, with the 1-minute load average for reference (it lags: right after a busy spell
 * it stays high on an idle machine, so it is not the verdict). Above LOADED_OTHER_BUSY, not quiet.
 */
function load(): { busy: number | null; loadavg1: number; cores: number; quiet: boolean } {
  const from = cpuSnapshot();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
  const report = loadBetween(from, cpuSnapshot(), 0);
  const loadavg1 = Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
  const cores = cpus().length;
  return { busy: report === null ? null : +report.machineBusy.toFixed(3), loadavg1, cores, quiet: report === null ? loadavg1 < 0.5 : report.machineBusy <= LOADED_OTHER_BUSY };
}

function main(): void {
  const repsArg = process.argv.indexOf("--reps");
  const reps = repsArg > 0 ? Number(process.argv[repsArg + 1]) : 15;
  if (!existsSync(join(ROOT, "dist", "cli", "main.cjs"))) throw new Error("dist/ is not built: run `npm run build` first");
  const dir = mkdtempSync(join(tmpdir(), "mfgc-startup-"));
  const benchEnv: NodeJS.ProcessEnv = { ...process.env, MFGC_CODE_CACHE_DIR: join(dir, "code-cache") };
  delete benchEnv.NODE_DISABLE_COMPILE_CACHE;
  const large = join(dir, "deep.mfgnet");
  const largeYaml = join(dir, "deep.mfgnet.yaml");
  writeFileSync(large, largeDslSpec(5000));
  // The YAML token budget (MFG1021, 20,000 tokens) admits 2,625 written-out layers of this shape.
  writeFileSync(largeYaml, largeYamlSpec(2500));
  const cases: Case[] = [
    { name: "node -e 0", args: ["-e", "0"], samples: [] },
    { name: "mfgc --version", args: [BIN, "--version"], samples: [] },
    { name: "mfgc check (tutorial spec, DSL)", args: [BIN, "check", "specs/fashion_cnn.mfgnet"], samples: [] },
    { name: "mfgc check (DSL, no code cache)", args: [BIN, "check", "specs/fashion_cnn.mfgnet"], env: { NODE_DISABLE_COMPILE_CACHE: "1" }, samples: [] },
    { name: "mfgc check (tutorial spec, YAML)", args: [BIN, "check", "specs/fashion_cnn_yaml.mfgnet.yaml"], samples: [] },
    { name: "mfgc summary (tutorial spec)", args: [BIN, "summary", "specs/fashion_cnn.mfgnet"], samples: [] },
    { name: "mfgc check (5,000 layers, DSL)", args: [BIN, "check", large], samples: [] },
    { name: "mfgc check (2,500 layers, YAML)", args: [BIN, "check", largeYaml], samples: [] },
  ];
  const before = load();
  const envOf = (c: Case): NodeJS.ProcessEnv => ({ ...benchEnv, ...c.env });
  for (const c of cases) runOnce(c.args, envOf(c)); // warm the file cache, and write the code cache
  for (let i = 0; i < reps; i++) for (const c of cases) c.samples.push(runOnce(c.args, envOf(c)));
  const after = load();
  rmSync(dir, { recursive: true, force: true });

  const base = cases[0]!;
  const baseWall = median(base.samples.map((s) => s.wallMs));
  const baseCpu = base.samples[0]!.cpuMs === undefined ? undefined : median(base.samples.map((s) => s.cpuMs!));
  const rows = cases.map((c) => {
    const wall = median(c.samples.map((s) => s.wallMs));
    const cpu = c.samples[0]!.cpuMs === undefined ? undefined : median(c.samples.map((s) => s.cpuMs!));
    return { name: c.name, wallMs: Math.round(wall), cpuMs: cpu === undefined ? null : Math.round(cpu), wallRatio: +(wall / baseWall).toFixed(2), cpuRatio: cpu === undefined || baseCpu === undefined ? null : +(cpu / baseCpu).toFixed(2) };
  });
  const ratio = (name: string) => rows.find((r) => r.name === name)!.wallRatio;
  const wallOf = (name: string) => rows.find((r) => r.name === name)!.wallMs;
  const targets = [
    { target: "mfgc --version ≤ 1.3× node -e 0", value: `${ratio("mfgc --version")}×`, met: ratio("mfgc --version") <= 1.3 },
    { target: "mfgc check (small spec) ≤ 2× node -e 0", value: `${ratio("mfgc check (tutorial spec, DSL)")}×`, met: ratio("mfgc check (tutorial spec, DSL)") <= 2 },
    { target: "mfgc check of 5,000 layers < 1 s (whole process)", value: `${wallOf("mfgc check (5,000 layers, DSL)")} ms`, met: wallOf("mfgc check (5,000 layers, DSL)") < 1000 },
  ];
  const quiet = before.quiet && after.quiet;
  const busy = (l: ReturnType<typeof load>) => (l.busy === null ? "unknown" : `${(l.busy * 100).toFixed(0)}%`);
  const loadNote = `CPU busy with nothing of the bench running ${busy(before)} before, ${busy(after)} after (load average ${before.loadavg1}, ${after.loadavg1}), ${before.cores} cores: ${quiet ? "quiet" : "LOADED — these figures are not a benchmark"}`;
  for (const r of rows) console.log(`${r.name.padEnd(36)} ${String(r.wallMs).padStart(6)} ms wall ${r.wallRatio.toFixed(2).padStart(6)}×   ${r.cpuMs === null ? "" : `${String(r.cpuMs).padStart(6)} ms cpu ${r.cpuRatio!.toFixed(2).padStart(6)}×`}`);
  for (const t of targets) console.log(`${t.met ? "met    " : "MISSED "} ${t.target}: ${t.value}`);
  console.log(loadNote);
  const version = execFileSync(process.execPath, [BIN, "--version"], { encoding: "utf8" }).trim();
  writeResult(
    "startup",
    { reps, mfgcVersion: version, load: { before, after, quiet }, rows, targets },
    [
      "# mfgc start-up",
      "",
      `\`npx tsx bench/startup/run.ts\` (after \`npm run build\`): each command ${reps} times, interleaved; medians. mfgc ${version} from dist/ (bin/mfgc.js), with V8's code cache written by a warm-up run of each command (a fresh cache folder), except in the \`no code cache\` row (\`NODE_DISABLE_COMPILE_CACHE=1\`: a first run).`,
      "",
      "| command | wall ms | × node -e 0 | CPU ms | × node -e 0 |",
      "| --- | ---: | ---: | ---: | ---: |",
      ...rows.map((r) => `| ${r.name} | ${r.wallMs} | ${r.wallRatio.toFixed(2)} | ${r.cpuMs ?? "–"} | ${r.cpuRatio === null ? "–" : r.cpuRatio.toFixed(2)} |`),
      "",
      "| target | measured | |",
      "| --- | ---: | --- |",
      ...targets.map((t) => `| ${t.target} | ${t.value} | ${t.met ? "met" : "**missed**"} |`),
      "",
      `Machine load: ${loadNote}.`,
    ],
  );
}

main();
