/**
 * `run-info.json`: what a run is, written when training starts (and again on resume) so a report can be
 * drawn while it trains — the effective settings, backend, versions, the data's class balance and the
 * model's structure. `report.json` adds the evaluation when the run ends.
 */
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { TrainConfig } from "../config.js";
import { writeFileAtomic } from "../io/atomic.js";
import type { DataSummary } from "./data-summary.js";
import type { ModelGraph } from "./model-graph.js";
import type { TransferSummary } from "./transfer.js";

export const RUN_INFO_FILE = "run-info.json";
export const RUN_INFO_FORMAT = "mfgc-run-info/1";

/** Contents of `<outDir>/run-info.json`. Readers must tolerate fields added later. */
export interface RunInfo {
  readonly format: typeof RUN_INFO_FORMAT;
  /** ISO 8601, when this process started training (a resumed run records its resume time). */
  readonly startedAt: string;
  readonly resumedFromEpoch: number | null;
  readonly specHash: string;
  readonly backend: { readonly name: string; readonly reason: string };
  /** Threads this run trains on: data-parallel replicas (1: one thread; see parallel/replica-pool.ts). */
  readonly workers: number;
  readonly versions: { readonly tfjs: string; readonly node: string };
  /** The configuration that ran: the spec's, with `--epochs`/`--batch` applied. */
  readonly config: TrainConfig;
  /** The command-line cap on every split (`--limit`), or null. */
  readonly limit: number | null;
  readonly data: DataSummary;
  readonly graph: ModelGraph;
  readonly transfer: TransferSummary | null;
}

export type RunInfoFields = Omit<RunInfo, "format" | "versions">;

export async function writeRunInfo(outDir: string, info: RunInfoFields): Promise<void> {
  const full: RunInfo = { format: RUN_INFO_FORMAT, ...info, versions: { tfjs: tf.version.tfjs, node: process.version } };
  await writeFileAtomic(path.join(outDir, RUN_INFO_FILE), JSON.stringify(full, null, 2));
}
