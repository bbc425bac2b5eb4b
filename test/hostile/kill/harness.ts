/**
 * The kill test (issue 14): `mfgc build` and `mfgc train` SIGKILLed at random moments — some while the
 * process starts, some right after it begins writing — then run to completion. What must hold:
 *
 * - build: no torn file ever (every generated file is, byte for byte, a whole file some build would
 *   write), and a final `build` leaves the output exactly as an uninterrupted one, with no temp files;
 * - train: no torn file (metrics.jsonl, run.json, report.json parse; every checkpoint directory with a
 *   manifest verifies), no lost run (the folder is never refused, its record keeps every resume), and a
 *   `train --resume` after the kills ends with the uninterrupted run's metrics.
 *
 * Processes are started as users start them, through `node bin/mfgc.js`.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { listCheckpoints } from "../../../src/runtime/train/checkpoint.js";
import { Rng } from "../../fuzz/harness/rng.js";

const ROOT = path.join(import.meta.dirname, "..", "..", "..");
const BIN = path.join(ROOT, "bin", "mfgc.js");

export interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly killed: boolean;
  readonly stderr: string;
}

/**
 * Runs `mfgc …args` in `cwd`; kills it with SIGKILL when `killWhen` first says so (polled every 5 ms),
 * or never when it is undefined.
 */
export function runMfgc(args: readonly string[], cwd: string, killWhen?: (elapsedMs: number) => boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    let killed = false;
    const started = Date.now();
    const timer =
      killWhen === undefined
        ? undefined
        : setInterval(() => {
            if (!killed && killWhen(Date.now() - started)) {
              killed = true;
              child.kill("SIGKILL");
            }
          }, 5);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (timer !== undefined) clearInterval(timer);
      resolve({ code, signal, killed: killed && signal === "SIGKILL", stderr });
    });
  });
}

/** Every file under `dir`, relative, `/`-separated. */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, p: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const rel = p ? `${p}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), rel);
      else out.push(rel);
    }
  };
  if (existsSync(dir)) walk(dir, "");
  return out.sort();
}

const isTemp = (f: string) => /(^|\/)\.mfgc-\d+-[0-9a-f]+\.tmp$/.test(f);

/** A kill moment: half uniformly in the run's usual duration, half right after it starts writing. */
function killPolicy(r: Rng, typicalMs: number, writing: () => boolean): (elapsedMs: number) => boolean {
  if (r.chance(0.5)) {
    const at = r.float() * typicalMs;
    return (t) => t >= at;
  }
  const extra = r.int(40);
  let seenAt: number | undefined;
  return (t) => {
    if (seenAt === undefined && writing()) seenAt = t;
    return seenAt !== undefined && t >= seenAt + extra;
  };
}

export interface BuildKillResult {
  readonly attempts: number;
  /** Runs that were SIGKILLed before they exited on their own. */
  readonly kills: number;
  readonly tornFiles: readonly string[];
  readonly leftoverTempsSeen: number;
  /** After the kills: `build` then `build --check` exit codes, and whether the output equals the reference. */
  readonly finalBuild: number | null;
  readonly finalCheck: number | null;
  readonly finalMatches: boolean;
  readonly tempsAfterFinal: number;
}

/**
 * `kills` SIGKILLed builds of the given specs into one output folder. The specs alternate between two
 * versions (a layer's width), so every build rewrites files; after each kill every file in the output
 * must be whole: byte-equal to that path in the reference build of version A or of version B.
 */
export async function buildKillCampaign(opts: { dir: string; specs: readonly string[]; kills: number; seed: number; log?: (s: string) => void }): Promise<BuildKillResult> {
  const r = new Rng(opts.seed);
  const { dir } = opts;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, "specs"), { recursive: true });
  const versions = ["a", "b"].map((v) => ({
    v,
    specs: opts.specs.map((s) => {
      const text = readFileSync(path.join(ROOT, s), "utf8");
      // Version b widens the first dense layer: every model.ts (and spec hash in every banner) changes.
      return { name: path.basename(s), text: v === "a" ? text : text.replace(/dense\((\d+)/, (_m, n: string) => `dense(${Number(n) + 1}`) };
    }),
  }));
  const write = (k: number) => {
    for (const s of versions[k]!.specs) writeFileSync(path.join(dir, "specs", s.name), s.text);
  };
  // Reference outputs of both versions, built uninterrupted (and timed: the kill window).
  const whole = new Map<string, Set<string>>();
  let typicalMs = 0;
  for (const k of [0, 1]) {
    write(k);
    const t0 = Date.now();
    const ref = await runMfgc(["build", "specs", "-o", `ref-${k}`], dir);
    typicalMs = Math.max(typicalMs, Date.now() - t0);
    if (ref.code !== 0) throw new Error(`reference build failed: ${ref.stderr}`);
    for (const f of files(path.join(dir, `ref-${k}`))) {
      const set = whole.get(f) ?? new Set<string>();
      set.add(readFileSync(path.join(dir, `ref-${k}`, f), "utf8"));
      whole.set(f, set);
    }
  }
  const out = path.join(dir, "gen");
  const torn: string[] = [];
  let kills = 0;
  let attempts = 0;
  let temps = 0;
  while (kills < opts.kills && attempts < opts.kills * 4) {
    attempts++;
    write(attempts % 2);
    const before = new Set(files(out).filter(isTemp));
    const writing = () => files(out).some((f) => isTemp(f) && !before.has(f));
    const run = await runMfgc(["build", "specs", "-o", "gen"], dir, killPolicy(r, typicalMs, writing));
    if (run.killed) kills++;
    else if (run.code !== 0) throw new Error(`build failed on its own: ${run.stderr}`);
    for (const f of files(out)) {
      if (isTemp(f)) {
        temps++;
        continue;
      }
      const text = readFileSync(path.join(out, f), "utf8");
      if (!(whole.get(f)?.has(text) ?? false)) torn.push(`${f} (after attempt ${attempts})`);
    }
    opts.log?.(`build attempt ${attempts}: ${run.killed ? "killed" : "finished"}; ${kills} kills, ${torn.length} torn`);
  }
  const last = attempts % 2;
  const finalBuild = (await runMfgc(["build", "specs", "-o", "gen"], dir)).code;
  const finalCheck = (await runMfgc(["build", "--check", "specs", "-o", "gen"], dir)).code;
  const ref = path.join(dir, `ref-${last}`);
  const finalMatches = JSON.stringify(files(out)) === JSON.stringify(files(ref)) && files(ref).every((f) => readFileSync(path.join(out, f), "utf8") === readFileSync(path.join(ref, f), "utf8"));
  return { attempts, kills, tornFiles: torn, leftoverTempsSeen: temps, finalBuild, finalCheck, finalMatches, tempsAfterFinal: files(out).filter(isTemp).length };
}

interface EpochLine {
  readonly epoch: number;
  readonly logs: Readonly<Record<string, number>>;
  readonly lr: number;
}

function metrics(runDir: string): EpochLine[] {
  return readFileSync(path.join(runDir, "metrics.jsonl"), "utf8")
    .trim()
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as EpochLine)
    .map((e) => ({ epoch: e.epoch, logs: e.logs, lr: e.lr }));
}

/** Files a reader trusts that are not whole: unparseable JSON, checkpoint directories whose manifest does not verify. */
async function tornInRun(runDir: string): Promise<string[]> {
  const torn: string[] = [];
  for (const f of ["metrics.jsonl", "run.json", "report.json", "model/model.json"]) {
    const p = path.join(runDir, f);
    if (!existsSync(p)) continue;
    const text = readFileSync(p, "utf8");
    try {
      if (f.endsWith(".jsonl")) text.trim().split("\n").filter((l) => l !== "").forEach((l) => JSON.parse(l));
      else JSON.parse(text);
    } catch {
      torn.push(f);
    }
  }
  // A checkpoint directory with a manifest is one the writer finished: it must verify.
  const complete = new Set((await listCheckpoints(runDir)).map((c) => path.basename(c.dir)));
  const dirs = existsSync(path.join(runDir, "checkpoints")) ? readdirSync(path.join(runDir, "checkpoints")) : [];
  for (const d of dirs) if (existsSync(path.join(runDir, "checkpoints", d, "manifest.json")) && !complete.has(d)) torn.push(`checkpoints/${d}`);
  return torn;
}

export interface TrainKillResult {
  readonly cycles: number;
  readonly kills: number;
  readonly tornFiles: readonly string[];
  /** Restarts refused (MFG4907/MFG4908) or failing: a run that could not be continued. */
  readonly lostRuns: number;
  /** Cycles whose final metrics equal the uninterrupted run's. */
  readonly matchingCycles: number;
  readonly resumesRecorded: number;
}

/**
 * `kills` SIGKILLs of `mfgc train` spread over cycles: each cycle trains `spec` into a fresh run folder,
 * killing the run `killsPerCycle` times at random moments and restarting it with `--resume`, then lets it
 * finish; its metrics must equal those of an uninterrupted run. The run folders live under `dir`, which
 * must be inside a project where mfgc is installed (the generated code imports it).
 */
export async function trainKillCampaign(opts: { dir: string; spec: string; kills: number; killsPerCycle: number; seed: number; log?: (s: string) => void }): Promise<TrainKillResult> {
  const r = new Rng(opts.seed);
  rmSync(opts.dir, { recursive: true, force: true });
  mkdirSync(opts.dir, { recursive: true });
  const spec = path.join(opts.dir, path.basename(opts.spec));
  cpSync(path.join(ROOT, opts.spec), spec);
  const args = (out: string) => ["train", spec, "--out", out, "--backend", "cpu", "--resume"];
  const t0 = Date.now();
  const ref = await runMfgc(args(path.join(opts.dir, "ref")), opts.dir);
  const typicalMs = Date.now() - t0;
  if (ref.code !== 0) throw new Error(`reference run failed: ${ref.stderr}`);
  const expected = JSON.stringify(metrics(path.join(opts.dir, "ref")));
  const torn: string[] = [];
  let kills = 0;
  let lost = 0;
  let matching = 0;
  let resumes = 0;
  let cycles = 0;
  while (kills < opts.kills) {
    cycles++;
    const out = path.join(opts.dir, `run-${cycles}`);
    let starts = 0;
    for (let k = 0; k < opts.killsPerCycle && kills < opts.kills; k++) {
      const writing = () => existsSync(path.join(out, "checkpoints"));
      const run = await runMfgc(args(out), opts.dir, killPolicy(r, typicalMs, writing));
      starts++;
      if (run.killed) kills++;
      else if (run.code !== 0) {
        lost++;
        opts.log?.(`cycle ${cycles}: a restart failed: ${run.stderr.slice(-500)}`);
      }
      for (const f of await tornInRun(out)) torn.push(`${path.basename(out)}/${f}`);
      opts.log?.(`train cycle ${cycles}, start ${starts}: ${run.killed ? "killed" : `exit ${run.code}`}; ${kills} kills`);
    }
    const last = await runMfgc(args(out), opts.dir);
    starts++;
    if (last.code !== 0) {
      lost++;
      opts.log?.(`cycle ${cycles}: the final resume failed: ${last.stderr.slice(-500)}`);
      continue;
    }
    for (const f of await tornInRun(out)) torn.push(`${path.basename(out)}/${f}`);
    if (JSON.stringify(metrics(out)) === expected) matching++;
    const record = JSON.parse(readFileSync(path.join(out, "run.json"), "utf8")) as { resumes: unknown[] };
    resumes += record.resumes.length;
  }
  return { cycles, kills, tornFiles: torn, lostRuns: lost, matchingCycles: matching, resumesRecorded: resumes };
}
