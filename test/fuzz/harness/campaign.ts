/**
 * A fuzz campaign: inputs from four streams — generated DSL, generated YAML, mutated DSL, mutated YAML —
 * in turn, each run through the oracle, until a count or a CPU-time budget is reached. Everything is
 * derived from one seed, so a failing input is reproduced by its seed and index.
 */
import type { SpecFormat } from "../../../src/pipeline.js";
import { seedCorpus, type Seed } from "./corpus.js";
import { randomSpec, toDsl, toYaml } from "./generate.js";
import { mutate } from "./mutate.js";
import { roundTrip, runOne } from "./oracle.js";
import { Rng } from "./rng.js";

export type Stream = "generated-dsl" | "generated-yaml" | "mutated-dsl" | "mutated-yaml";
export const STREAMS: readonly Stream[] = ["generated-dsl", "generated-yaml", "mutated-dsl", "mutated-yaml"];

export interface Failure {
  readonly stream: Stream;
  readonly index: number;
  readonly what: string;
  /** The input (cut to 2,000 characters for the report). */
  readonly input: string;
}

export interface StreamStats {
  inputs: number;
  clean: number;
  built: number;
  crashes: number;
  problems: number;
  overOneSecond: number;
  slowestMs: number;
  totalMs: number;
  roundTripChecked: number;
  roundTripFailed: number;
}

export interface CampaignResult {
  readonly seed: number;
  readonly byStream: Readonly<Record<Stream, StreamStats>>;
  readonly failures: readonly Failure[];
  readonly roundTripFailures: readonly Failure[];
  readonly inputs: number;
  readonly cpuMs: number;
}

export interface CampaignOptions {
  readonly seed: number;
  /** Stop after this many inputs… */
  readonly maxInputs: number;
  /** …or after this much CPU time in the oracle, whichever comes first. */
  readonly cpuBudgetMs: number;
  /** Generate code for specs that check clean. */
  readonly build: boolean;
  /** Also check the fmt round trip of clean specs (issue 14, item 12). */
  readonly roundTrip: boolean;
  /** Called every so often with the count so far (progress for long runs). */
  readonly onProgress?: (inputs: number) => void;
}

function input(r: Rng, stream: Stream, index: number, seeds: readonly Seed[]): { text: string; format: SpecFormat } {
  switch (stream) {
    case "generated-dsl":
      return { text: toDsl(randomSpec(r, index)), format: "dsl" };
    case "generated-yaml":
      return { text: toYaml(randomSpec(r, index)), format: "yaml" };
    case "mutated-dsl":
    case "mutated-yaml": {
      const format = stream === "mutated-dsl" ? "dsl" : "yaml";
      // Mutate a corpus spec of that form, or a freshly generated one.
      const pool = seeds.filter((s) => s.format === format);
      const base = r.chance(0.5) ? r.pick(pool).text : format === "dsl" ? toDsl(randomSpec(r, index)) : toYaml(randomSpec(r, index));
      return { text: mutate(r, base), format };
    }
  }
}

export function runCampaign(opts: CampaignOptions): CampaignResult {
  const seeds = seedCorpus();
  const fresh = (): StreamStats => ({ inputs: 0, clean: 0, built: 0, crashes: 0, problems: 0, overOneSecond: 0, slowestMs: 0, totalMs: 0, roundTripChecked: 0, roundTripFailed: 0 });
  const byStream = { "generated-dsl": fresh(), "generated-yaml": fresh(), "mutated-dsl": fresh(), "mutated-yaml": fresh() } as Record<Stream, StreamStats>;
  const failures: Failure[] = [];
  const roundTripFailures: Failure[] = [];
  let cpuMs = 0;
  let n = 0;
  for (; n < opts.maxInputs && cpuMs < opts.cpuBudgetMs; n++) {
    const stream = STREAMS[n % STREAMS.length]!;
    // One generator per input, derived from the campaign seed: any input can be replayed alone.
    const r = new Rng((opts.seed * 1_000_003 + n) >>> 0);
    const { text, format } = input(r, stream, n, seeds);
    const v = runOne(text, format, opts.build);
    const s = byStream[stream];
    s.inputs++;
    s.totalMs += v.cpuMs;
    s.slowestMs = Math.max(s.slowestMs, v.cpuMs);
    cpuMs += v.cpuMs;
    if (v.clean) s.clean++;
    if (v.built) s.built++;
    if (v.cpuMs > 1000) {
      s.overOneSecond++;
      failures.push({ stream, index: n, what: `took ${v.cpuMs.toFixed(0)} ms of CPU`, input: text.slice(0, 2000) });
    }
    if (v.crash !== undefined) {
      s.crashes++;
      failures.push({ stream, index: n, what: v.crash, input: text.slice(0, 2000) });
    }
    if (v.problems.length > 0) {
      s.problems++;
      failures.push({ stream, index: n, what: v.problems.join("; "), input: text.slice(0, 2000) });
    }
    if (opts.roundTrip && v.clean) {
      s.roundTripChecked++;
      let rt: string | undefined;
      try {
        rt = roundTrip(text, format);
      } catch (e) {
        rt = `threw: ${String(e)}`;
      }
      if (rt !== undefined) {
        s.roundTripFailed++;
        if (roundTripFailures.length < 50) roundTripFailures.push({ stream, index: n, what: rt, input: text.slice(0, 2000) });
      }
    }
    if (opts.onProgress !== undefined && n % 1000 === 999) opts.onProgress(n + 1);
  }
  return { seed: opts.seed, byStream, failures, roundTripFailures, inputs: n, cpuMs };
}
