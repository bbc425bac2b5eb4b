/**
 * What a generated `train.ts` needs beyond `runTraining`: the spec's identity, the per-run overrides a
 * caller may pass, and a small command line so `npx tsx generated/<spec>/train.ts --epochs 1` works.
 */
import { realpathSync } from "node:fs";
import { isMainThread } from "node:worker_threads";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { BACKEND_HELP, backendUsageProblem, parseBackendOption } from "./backend/names.js";
import { escapeLines } from "../diagnostics/escape.js";
import { DataError } from "./data/data-error.js";
import { modulePath } from "./spec-location.js";
import type { RunTrainingOptions, TrainResult } from "./train/run-training.js";

/** The spec a generated training run comes from. */
export interface SpecInfo {
  /** As given to `mfgc build`, relative to where it ran. */
  readonly path: string;
  /** sha256 of the spec text; checkpoints of another spec are never resumed. */
  readonly sha256: string;
  /** Absolute directory of the spec: relative data paths resolve against it. */
  readonly dir: string;
  /** The mfgc that generated the code (recorded in the run folder's `run.json`). */
  readonly mfgcVersion?: string;
}

/** What a caller may change for one run; everything else comes from the spec. */
export type TrainOverrides = Partial<Omit<RunTrainingOptions, "buildModel" | "config" | "specDir" | "specHash" | "spec">>;

/**
 * Whether the module at `moduleLocation` — its `import.meta.url` (ES modules) or `__filename`
 * (CommonJS) — is the program's entry point (`node train.js`, `tsx train.ts`).
 */
export function isMainModule(moduleLocation: string): boolean {
  // A data-parallel worker imports the module for its `buildModel`; it must not start a run of its own.
  if (!isMainThread) return false;
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(modulePath(moduleLocation)) === realpathSync(entry);
  } catch {
    return false;
  }
}

export function positiveNumber(what: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${what} must be a positive number`);
    return n;
  };
}

function positiveInt(what: string, hint?: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} must be a positive integer${hint === undefined ? "" : ` (hint: ${hint})`}`);
    return n;
  };
}

/** `--workers`: help text and the validator shared by generated `train.ts` and `mfgc train`. */
export const WORKERS_HELP = "threads to train on: each batch is split across them, gradients averaged (default: the machine's cores on wasm/cpu, 1 for recurrent models; 1: one thread)";
export const WORKERS_HINT = "`--workers 1` trains on one thread; `--workers 2` splits each batch over two";
export const parseWorkers = positiveInt("--workers", WORKERS_HINT);

/** Parses the standard training options (shared by generated `train.ts` and `mfgc train`). */
export function trainOptionsCommand(name: string, defaultOut: string): Command {
  return new Command(name)
    .option("--epochs <n>", "number of epochs (overrides the spec)", positiveInt("--epochs"))
    .option("--batch <n>", "batch size (overrides the spec)", positiveInt("--batch"))
    .option("--limit <n>", "use at most N samples of each split (quick runs)", positiveInt("--limit"))
    .option("--backend <name>", BACKEND_HELP, parseBackendOption)
    .option("--out <dir>", "run folder: metrics.jsonl, report.json, checkpoints/, model/", defaultOut)
    .option("--resume", "continue from the last complete checkpoint in the run folder", false)
    .option("--overwrite", "replace an earlier run in the run folder (without it, or --resume, such a folder is refused)", false)
    .option("--memory-budget <GiB>", "estimated training memory the run may use (default 4)", positiveNumber("--memory-budget"))
    .option("--data-root <folder>", "also read data from this folder (repeatable; default: only the spec's project)", collect, [])
    .option("--workers <n>", WORKERS_HELP, parseWorkers);
}

/** Commander's accumulator for a repeatable option. */
export function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

export interface ParsedTrainOptions {
  readonly epochs?: number;
  readonly batch?: number;
  readonly limit?: number;
  readonly backend?: string;
  readonly out: string;
  readonly resume: boolean;
  readonly overwrite?: boolean;
  readonly memoryBudget?: number;
  readonly dataRoot?: readonly string[];
  readonly workers?: number;
}

export function toOverrides(o: ParsedTrainOptions): TrainOverrides {
  return {
    outDir: o.out,
    resume: o.resume,
    ...(o.overwrite === true ? { overwrite: true } : {}),
    ...(o.epochs !== undefined ? { epochs: o.epochs } : {}),
    ...(o.batch !== undefined ? { batchSize: o.batch } : {}),
    ...(o.limit !== undefined ? { limit: o.limit } : {}),
    ...(o.backend !== undefined ? { backend: o.backend } : {}),
    ...(o.memoryBudget !== undefined ? { memoryBudgetGiB: o.memoryBudget } : {}),
    ...(o.dataRoot !== undefined && o.dataRoot.length > 0 ? { dataRoots: o.dataRoot } : {}),
    ...(o.workers !== undefined ? { workers: o.workers } : {}),
  };
}

/** One line per number, for the end of a run. */
export function describeResult(r: TrainResult): string {
  const fmt = (m: Readonly<Record<string, number>>) =>
    Object.entries(m)
      .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`)
      .join(", ");
  const lines = [`trained ${r.epochsRun} epoch${r.epochsRun === 1 ? "" : "s"}${r.stoppedEarly ? " (stopped early)" : ""} on ${r.backend.name}`, `final: ${fmt(r.final)}`];
  if (r.test) lines.push(`test: ${fmt(r.test)}`);
  lines.push(`model: ${r.modelDir}`, `report: ${r.reportPath}`);
  return lines.join("\n") + "\n";
}

/**
 * The command line of a generated `train.ts`. Bad data and refused resumes are printed as diagnostics
 * (exit 1); anything else that escapes is a bug and keeps its stack.
 */
export async function trainFromCommandLine(train: (o: TrainOverrides) => Promise<TrainResult>, modelName: string): Promise<void> {
  const cmd = trainOptionsCommand(`train ${modelName}`, `runs/${modelName}`).exitOverride();
  try {
    cmd.parse(process.argv.slice(2), { from: "user" });
  } catch (e) {
    process.exitCode = e instanceof CommanderError && e.exitCode === 0 ? 0 : 2;
    return;
  }
  const opts = cmd.opts<ParsedTrainOptions>();
  const backendProblem = backendUsageProblem(opts.backend, process.env);
  if (backendProblem !== null) {
    process.stderr.write(`${modelName}: ${backendProblem}\n`);
    process.exitCode = 2;
    return;
  }
  try {
    const result = await train(toOverrides(opts));
    process.stdout.write(describeResult(result));
    result.model.dispose();
  } catch (e) {
    if (e instanceof DataError) {
      const d = e.diagnostic;
      process.stderr.write(escapeLines(`${d.span.file} - error ${d.code}: ${d.message}\n${d.hints.map((h) => `  hint: ${h}\n`).join("")}`));
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}
