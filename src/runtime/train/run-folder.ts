/**
 * The run folder (`--out`, default `runs/<Model>`) as a resource that one run owns at a time:
 *
 * - a new run never destroys an earlier one: a folder that holds a run is refused unless the caller
 *   asks to continue it (`--resume`) or to replace it (`--overwrite`);
 * - a lock file (`.lock`: pid, host, process start time) refuses a second concurrent run; a lock whose
 *   process is gone (a killed run) is taken over;
 * - `run.json` records the run's settings: spec path and hash, mfgc and tfjs versions, the overrides
 *   given, seed, data sizes, start time, and one entry per resume.
 *
 * `mfgc train` claims the folder before it writes the generated code into it; the `runTraining` it then
 * calls claims it again in the same process, which is allowed (the lock names this process).
 */
import { readFileSync } from "node:fs";
import { link, mkdir, open, readdir, readFile, rm, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { dataError } from "../data/data-error.js";
import * as tf from "@tensorflow/tfjs";
import type { TrainConfig } from "../config.js";
import { writeFileAtomic } from "../io/atomic.js";
import type { RunTrainingOptions } from "./run-training.js";

const LOCK_FILE = ".lock";
const RECORD_FILE = "run.json";
const RECORD_FORMAT = "mfgc-run/1";

/**
 * What a finished or interrupted run leaves; any of them means the folder holds a run, and `--overwrite`
 * removes them all: run-info.json and report.html are the run's report (report/), explanations/ what
 * `mfgc explain` made of its model (explain/explanation.ts).
 */
const RUN_ENTRIES = ["metrics.jsonl", "report.json", "checkpoints", "model", RECORD_FILE, "run-info.json", "report.html", "explanations"] as const;

interface LockInfo {
  readonly pid: number;
  readonly host: string;
  /** The process's start time in clock ticks since boot (Linux `/proc/<pid>/stat` field 22), so a reused pid is not mistaken for the holder. */
  readonly processStart: string | null;
  readonly since: string;
}

/** Start time of process `pid` (Linux), or null where `/proc` cannot tell. */
function processStartOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 2 (the command) is in parentheses and may hold spaces: count fields after the last `)`.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(lock: LockInfo): boolean {
  if (lock.host !== hostname()) return true; // cannot tell: another machine's run may be alive
  try {
    process.kill(lock.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  const start = processStartOf(lock.pid);
  return lock.processStart === null || start === null || start === lock.processStart;
}

function ownLock(): LockInfo {
  return { pid: process.pid, host: hostname(), processStart: processStartOf(process.pid), since: new Date().toISOString() };
}

function isOurs(lock: LockInfo, me: LockInfo): boolean {
  return lock.pid === me.pid && lock.host === me.host && lock.processStart === me.processStart;
}

async function readLock(file: string): Promise<LockInfo | null> {
  try {
    const v = JSON.parse(await readFile(file, "utf8")) as Partial<LockInfo>;
    return typeof v.pid === "number" && typeof v.host === "string" ? { pid: v.pid, host: v.host, processStart: v.processStart ?? null, since: v.since ?? "?" } : null;
  } catch {
    return null; // not a lock mfgc wrote (locks appear whole, see createLock): treated as stale
  }
}

/**
 * Creates the lock file with its content, failing if it exists. The content is written to a temp file
 * first and hard-linked into place (`link` fails when the target exists), so a lock file is never seen
 * empty or half-written, even when its writer is killed mid-way.
 */
async function createLock(file: string, info: LockInfo): Promise<boolean> {
  const tmp = `${file}-${process.pid}-${Date.now()}`;
  const fh = await open(tmp, "w");
  try {
    await fh.writeFile(JSON.stringify(info));
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await link(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** A claimed run folder; `release` drops the lock if this claim took it. */
export interface RunFolderClaim {
  /** Whether the folder held an earlier run when it was claimed (resumed or replaced). */
  readonly hadRun: boolean;
  release(): Promise<void>;
}

export interface ClaimOptions {
  readonly resume: boolean;
  readonly overwrite: boolean;
}

/**
 * Claims `outDir` for a run: takes the lock (MFG4907 when another live process holds it), refuses a
 * folder holding an earlier run without `resume` or `overwrite` (MFG4908), removes the earlier run's
 * files for `overwrite` (never the folder's other contents), and removes temp files killed writers left.
 */
export async function claimRunFolder(outDir: string, opts: ClaimOptions): Promise<RunFolderClaim> {
  await mkdir(outDir, { recursive: true });
  const lockFile = path.join(outDir, LOCK_FILE);
  const me = ownLock();
  let taken = false;
  for (let attempt = 0; attempt < 2 && !taken; attempt++) {
    if (await createLock(lockFile, me)) {
      taken = true;
      break;
    }
    const holder = await readLock(lockFile);
    if (holder !== null && isOurs(holder, me)) break; // claimed earlier in this process (mfgc train → runTraining)
    if (holder !== null && isAlive(holder)) {
      throw dataError("MFG4907", outDir, `the run folder is in use by process ${holder.pid} on ${holder.host} (since ${holder.since})`, 0, [
        "wait for that run to finish, or train into another folder with `--out`",
        `if that process is gone, delete \`${path.join(outDir, LOCK_FILE)}\``,
      ]);
    }
    // The holder is gone (killed): its lock is stale. Remove it and try once more.
    await unlink(lockFile).catch(() => undefined);
  }
  const held = taken || isOurs((await readLock(lockFile)) ?? { pid: -1, host: "", processStart: null, since: "" }, me);
  if (!held) throw dataError("MFG4907", outDir, "another run claimed the run folder at the same moment", 0, ["train into another folder with `--out`"]);
  const release = async () => {
    if (taken) await unlink(lockFile).catch(() => undefined);
  };
  try {
    const entries = new Set(await readdir(outDir));
    const hadRun = RUN_ENTRIES.some((e) => entries.has(e));
    if (hadRun && !opts.resume && !opts.overwrite) {
      const started = readRecord(outDir)?.startedAt;
      throw dataError("MFG4908", outDir, `the run folder already holds a run${started === undefined ? "" : ` (started ${started})`}; a new run does not replace it`, 0, [
        "continue it with `--resume`, replace it with `--overwrite`, or train into another folder with `--out`",
      ]);
    }
    if (hadRun && opts.overwrite && !opts.resume) {
      for (const e of RUN_ENTRIES) await rm(path.join(outDir, e), { recursive: true, force: true });
    }
    await removeLeftoverTemps(outDir);
    return { hadRun, release };
  } catch (e) {
    await release();
    throw e;
  }
}

/** `.name.<pid>.<ms>.tmp` (io/atomic.ts): under the lock, every such file is a killed writer's. */
const TEMP_FILE = /^\..+\.\d+\.\d+\.tmp$/;

async function removeLeftoverTemps(outDir: string): Promise<void> {
  for (const dir of [outDir, path.join(outDir, "model")]) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const n of names) if (TEMP_FILE.test(n)) await rm(path.join(dir, n), { force: true });
  }
}

/** What `run.json` holds. */
export interface RunRecord {
  readonly format: string;
  readonly spec: { readonly path: string | null; readonly sha256: string };
  readonly mfgcVersion: string | null;
  readonly tfjsVersion: string;
  readonly startedAt: string;
  readonly seed: number;
  /** The options given for this run beyond the spec (epochs, batch, limit, backend, …). */
  readonly overrides: Readonly<Record<string, unknown>>;
  /** Samples per split (of the first run; a resume reads the same data). */
  readonly data: { readonly train: number; readonly validation: number; readonly test: number };
  /** One entry per `--resume`: when, from which epoch, with which overrides. */
  readonly resumes: { readonly at: string; readonly fromEpoch: number | null; readonly overrides: Readonly<Record<string, unknown>>; readonly workers?: number }[];
  /** Threads the first run trained on (data-parallel replicas; 1: one thread). Absent in records of older versions. */
  readonly workers?: number;
}

function readRecord(outDir: string): RunRecord | undefined {
  try {
    const v = JSON.parse(readFileSync(path.join(outDir, RECORD_FILE), "utf8")) as RunRecord;
    return v.format === RECORD_FORMAT ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The options of a run that `run.json` records as overrides (those given, beyond the spec). */
const OVERRIDES = ["epochs", "batchSize", "limit", "backend", "memoryBudgetGiB", "dataRoots", "streamThresholdBytes", "resume", "overwrite", "workers"] as const;

/**
 * Writes `run.json` once the data is loaded: a new record for a new run, or the earlier record with
 * this resume appended (the earlier settings stay as they were).
 */
export async function recordRun(
  opts: RunTrainingOptions,
  config: TrainConfig,
  startedMs: number,
  data: NonNullable<RunRecord["data"]>,
  resumedFromEpoch: number | null,
  workers: number,
): Promise<void> {
  const overrides: Record<string, unknown> = {};
  for (const k of OVERRIDES) if (opts[k] !== undefined) overrides[k] = opts[k];
  const startedAt = new Date(startedMs).toISOString();
  const earlier = opts.resume === true ? readRecord(opts.outDir) : undefined;
  const record: RunRecord =
    earlier === undefined
      ? {
          format: RECORD_FORMAT,
          spec: { path: opts.spec?.path ?? null, sha256: opts.specHash },
          mfgcVersion: opts.spec?.mfgcVersion ?? null,
          tfjsVersion: tf.version.tfjs,
          startedAt,
          seed: config.seed,
          overrides,
          data,
          resumes: [],
          workers,
        }
      : { ...earlier, resumes: [...earlier.resumes, { at: startedAt, fromEpoch: resumedFromEpoch, overrides, workers }] };
  await writeFileAtomic(path.join(opts.outDir, RECORD_FILE), JSON.stringify(record, null, 2) + "\n");
}
