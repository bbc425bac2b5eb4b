/**
 * Reads what a training run left in its folder: `metrics.jsonl` (one line per epoch), `run-info.json`
 * (settings, data, model graph; written when training starts), `report.json` (the evaluation; written
 * when it ends), `compile.json` (the pass report, written by `mfgc train`) and `explanations/` (written by
 * `mfgc explain`). Any of them may be missing (a run still training, or one written by an older mfgc);
 * fields this version does not know are ignored, so other tools may add to the files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { EpochRecord } from "../runtime/train/state.js";
import type { TrainReport } from "../runtime/train/report.js";
import type { RunInfo } from "../runtime/train/run-info.js";
import { EXPLANATION_FILE, EXPLANATIONS_DIR, type Explanation } from "../explain/explanation.js";

/** `compile.json`: what `mfgc train` compiled (the optimization passes' report, with spec lines). */
export interface CompileRecord {
  readonly mfgcVersion: string;
  readonly spec: string;
  readonly specHash: string;
  readonly passes: readonly { readonly pass: string; readonly changes: readonly { readonly message: string; readonly line: number | null }[] }[];
}

export const COMPILE_FILE = "compile.json";

/** An explanation with its images read (PNG bytes by file name). */
export interface ExplanationWithImages {
  readonly name: string;
  readonly explanation: Explanation;
  readonly images: ReadonlyMap<string, Uint8Array>;
}

/** Everything the report shows about one run. */
export interface RunData {
  /** Display name: the folder's path relative to the working directory. */
  readonly name: string;
  readonly dir: string;
  readonly history: readonly EpochRecord[];
  readonly info: RunInfo | null;
  readonly report: TrainReport | null;
  readonly compile: CompileRecord | null;
  readonly explanations: readonly ExplanationWithImages[];
}

/** The hint of MFG9040 (a folder that is not a run). */
export const RUN_FOLDER_HINT = "a run folder is what `mfgc train --out <dir>` writes (default `runs/<model name>`)";

/** Why a folder could not be read as a run (for an MFG9040 diagnostic). */
export class NotARunError extends Error {
  override readonly name = "NotARunError";
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8")) as unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One `metrics.jsonl` line, checked for the fields the report draws. */
function toEpochRecord(v: unknown): EpochRecord | null {
  if (!isRecord(v) || typeof v["epoch"] !== "number" || !isRecord(v["logs"])) return null;
  const logs: Record<string, number> = {};
  for (const [k, x] of Object.entries(v["logs"])) if (typeof x === "number") logs[k] = x;
  return { epoch: v["epoch"], logs, lr: typeof v["lr"] === "number" ? v["lr"] : NaN, seconds: typeof v["seconds"] === "number" ? v["seconds"] : NaN };
}

function readHistory(file: string): EpochRecord[] {
  if (!existsSync(file)) return [];
  const out: EpochRecord[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      // A line torn by a crash mid-write is skipped; the rest of the run still shows.
      continue;
    }
    const r = toEpochRecord(parsed);
    if (r !== null) out.push(r);
  }
  return out;
}

/** Reads a JSON file that must be an object carrying `marker` (a field every version writes); null when absent or unusable. */
function readOptional<T>(file: string, marker: string): T | null {
  if (!existsSync(file)) return null;
  try {
    const v = readJson(file);
    return isRecord(v) && marker in v ? (v as T) : null;
  } catch {
    return null;
  }
}

function readExplanations(dir: string): ExplanationWithImages[] {
  const root = path.join(dir, EXPLANATIONS_DIR);
  if (!existsSync(root)) return [];
  const out: ExplanationWithImages[] = [];
  for (const name of readdirSync(root).sort()) {
    const folder = path.join(root, name);
    const explanation = readOptional<Explanation>(path.join(folder, EXPLANATION_FILE), "method");
    if (explanation === null) continue;
    const images = new Map<string, Uint8Array>();
    for (const file of explanation.files ?? []) {
      // File names come from the explanation itself: only plain names inside its folder are read.
      if (path.basename(file) !== file || !file.endsWith(".png")) continue;
      const p = path.join(folder, file);
      if (existsSync(p)) images.set(file, readFileSync(p));
    }
    out.push({ name, explanation, images });
  }
  return out;
}

/**
 * Reads a run folder. Throws {@link NotARunError} when `dir` is not a folder or holds none of the
 * files a run writes.
 */
export function readRunFolder(dir: string): RunData {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new NotARunError(`\`${dir}\` is not a folder`);
  const has = (f: string) => existsSync(path.join(dir, f));
  if (!has("metrics.jsonl") && !has("run-info.json") && !has("report.json")) {
    throw new NotARunError(`\`${dir}\` has no metrics.jsonl, run-info.json or report.json`);
  }
  const rel = path.relative(process.cwd(), dir);
  return {
    name: rel === "" ? "." : rel.startsWith("..") ? dir : rel,
    dir,
    history: readHistory(path.join(dir, "metrics.jsonl")),
    info: readOptional<RunInfo>(path.join(dir, "run-info.json"), "graph"),
    report: readOptional<TrainReport>(path.join(dir, "report.json"), "outputs"),
    compile: readOptional<CompileRecord>(path.join(dir, COMPILE_FILE), "passes"),
    explanations: readExplanations(dir),
  };
}
