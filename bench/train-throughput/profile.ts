/**
 * Where a training step spends its time and memory on wasm, kernel by kernel, for the three example
 * families, measured through the generated training path (`runTraining` with the generated model,
 * config and spec; data narrowed to `steps` batches, no validation/test split). Per step: wall time
 * (an unprofiled run), kernel time by op, op counts, tensors and bytes allocated, the time inside
 * mfgc's composed kernels, and whether tensors leak (tf.memory() before/after an epoch).
 *
 *   npx tsx bench/train-throughput/profile.ts [--families cnn,rnn,transformer] [--steps 20] [--label before|after]
 *
 * Results are merged into bench/results/train-profile.{json,md} under `label`, so a "before" (main's
 * kernels) and an "after" run sit side by side.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import type { RunTrainingOptions } from "../../src/runtime/index.js";
import { runTraining } from "../../src/runtime/train/run-training.js";
import { profileInnerKernels } from "../../src/runtime/kernels/wasm-scope.js";
import { machineInfo } from "../results.js";
import { cpuSnapshot, describeLoad, loadBetween } from "./machine-load.js";
import type { LoadReport } from "./machine-load.js";
import { FAMILIES, family, sampleLimit, throughputConfig } from "./families.js";
import type { FamilyName } from "./families.js";

const { values: args } = parseArgs({
  options: {
    families: { type: "string", default: "cnn,rnn,transformer" },
    steps: { type: "string", default: "20" },
    label: { type: "string", default: "after" },
  },
});
const steps = Number(args.steps);
// The profiler reads every kernel output back to look for NaNs when this is on; the reads of tensors
// the step has disposed by then reject (unhandled), and they cost time that is not the step's.
tf.env().set("CHECK_COMPUTATION_FOR_ERRORS", false);

/** Per-op figures of one step (averaged over the profiled epoch). */
interface OpRow {
  readonly op: string;
  readonly msPerStep: number;
  readonly callsPerStep: number;
  /** Bytes of new tensor data the op's calls allocate per step (outputs; freed later). */
  readonly bytesPerStep: number;
}

interface FamilyProfile {
  readonly batch: number;
  readonly steps: number;
  /** Wall time per step of an unprofiled epoch (the second; the first warms up). */
  readonly msPerStep: number;
  readonly samplesPerSec: number;
  readonly load: LoadReport | null;
  /** Sum of kernel times per step while profiling (profiling itself adds a little per call). */
  readonly kernelMsPerStep: number;
  readonly kernelCallsPerStep: number;
  readonly tensorsPerStep: number;
  readonly megabytesPerStep: number;
  /** tf.memory() after the profiled epoch minus before it: non-zero means a leak (or a cache that grew). */
  readonly leakedTensors: number;
  readonly leakedBytes: number;
  readonly ops: readonly OpRow[];
  /** Kernels mfgc's composed kernels call inside themselves (not seen by the engine's profiler). */
  readonly inner: readonly OpRow[];
}

function trainingOptions(name: FamilyName, outDir: string, epochs: number, onEpochEnd: (epoch: number) => void): RunTrainingOptions {
  const f = family(name);
  const samples = steps * f.config.batchSize;
  return {
    buildModel: f.buildModel, config: throughputConfig(f, samples, epochs), spec: f.spec, specDir: f.spec.dir, specHash: f.spec.sha256, outDir,
    backend: "wasm", dataRoots: ["/usr/share/datasets"], ...sampleLimit(f, samples),
    overwrite: true, log: () => {}, onEpochEnd: (r) => onEpochEnd(r.epoch),
  };
}

async function profileFamily(name: FamilyName): Promise<FamilyProfile> {
  const out = mkdtempSync(join(tmpdir(), `mfgc-profile-${name}-`));
  try {
    // 1. Unprofiled: wall time of epoch 2.
    let mark = { stat: cpuSnapshot(), cpu: process.cpuUsage(), at: performance.now() };
    let wall = { ms: 0, load: null as LoadReport | null };
    await runTraining(trainingOptions(name, out, 2, (epoch) => {
      if (epoch === 2) {
        const cpu = process.cpuUsage(mark.cpu);
        wall = { ms: performance.now() - mark.at, load: loadBetween(mark.stat, cpuSnapshot(), (cpu.user + cpu.system) / 1e6) };
      }
      mark = { stat: cpuSnapshot(), cpu: process.cpuUsage(), at: performance.now() };
    })).then((r) => r.model.dispose());

    // 2. Profiled: the engine's kernel profile, switched on for epoch 2 only. (Not `tf.profile` around
    // the whole run: it ends with Math.max(...kernels), which overflows the stack on the recurrent
    // model's ~8,000 kernel calls per step.)
    const engine = tf.engine();
    let mem: [tf.MemoryInfo | null, tf.MemoryInfo | null] = [null, null];
    let innerTable: ReturnType<typeof profileInnerKernels> = null;
    const r = await runTraining(trainingOptions(name, out, 2, (epoch) => {
      if (epoch === 1) {
        mem = [tf.memory(), null];
        engine.state.activeProfile.kernels = [];
        engine.state.profiling = true;
        innerTable = profileInnerKernels(true);
      } else {
        engine.state.profiling = false;
        mem = [mem[0], tf.memory()];
        profileInnerKernels(false);
      }
    }));
    r.model.dispose();
    const kernels = engine.state.activeProfile.kernels;
    engine.state.activeProfile.kernels = [];
    for (const k of kernels) k.kernelTimeMs = await k.kernelTimeMs;
    const byOp = new Map<string, { ms: number; calls: number; bytes: number }>();
    let tensors = 0;
    let bytes = 0;
    for (const k of kernels) {
      const e = byOp.get(k.name) ?? { ms: 0, calls: 0, bytes: 0 };
      e.ms += typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
      e.calls += 1;
      e.bytes += Math.max(0, k.bytesAdded);
      byOp.set(k.name, e);
      tensors += k.outputShapes.length;
      bytes += Math.max(0, k.bytesAdded);
    }
    const rows = (m: Map<string, { ms: number; calls: number; bytes?: number }>): OpRow[] =>
      [...m.entries()]
        .map(([op, e]) => ({ op, msPerStep: e.ms / steps, callsPerStep: e.calls / steps, bytesPerStep: (e.bytes ?? 0) / steps }))
        .sort((a, b) => b.msPerStep - a.msPerStep);
    const ops = rows(byOp);
    const [m0, m1] = mem as [tf.MemoryInfo | null, tf.MemoryInfo | null];
    return {
      batch: family(name).config.batchSize,
      steps,
      msPerStep: wall.ms / steps,
      samplesPerSec: (steps * family(name).config.batchSize * 1000) / wall.ms,
      load: wall.load,
      kernelMsPerStep: ops.reduce((a, r) => a + r.msPerStep, 0),
      kernelCallsPerStep: kernels.length / steps,
      tensorsPerStep: tensors / steps,
      megabytesPerStep: bytes / steps / 2 ** 20,
      leakedTensors: (m1?.numTensors ?? 0) - (m0?.numTensors ?? 0),
      leakedBytes: (m1?.numBytes ?? 0) - (m0?.numBytes ?? 0),
      ops,
      inner: rows(innerTable ?? new Map()),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

type Stored = { machine: Record<string, string | number>; runs: Record<string, { command: string; families: Partial<Record<FamilyName, FamilyProfile>> }> };
const jsonUrl = new URL("../results/train-profile.json", import.meta.url);
const stored: Stored = existsSync(jsonUrl) ? (JSON.parse(readFileSync(jsonUrl, "utf8")) as Stored) : { machine: machineInfo(), runs: {} };
const run: { command: string; families: Partial<Record<FamilyName, FamilyProfile>> } = {
  command: `npx tsx bench/train-throughput/profile.ts ${process.argv.slice(2).join(" ")}`,
  families: { ...(stored.runs[args.label]?.families ?? {}) },
};
for (const name of args.families.split(",") as FamilyName[]) {
  const p = await profileFamily(name);
  run.families[name] = p;
  console.log(`\n${name} [${args.label}]: ${p.msPerStep.toFixed(1)} ms/step (${p.samplesPerSec.toFixed(0)} samples/s, batch ${p.batch}, ${describeLoad(p.load)}); kernels ${p.kernelMsPerStep.toFixed(1)} ms in ${p.kernelCallsPerStep.toFixed(0)} calls; ${p.tensorsPerStep.toFixed(0)} tensors, ${p.megabytesPerStep.toFixed(1)} MB per step; leaked ${p.leakedTensors} tensors`);
  for (const r of p.ops.slice(0, 15)) console.log(`  ${r.op.padEnd(28)} ${r.msPerStep.toFixed(2).padStart(8)} ms ${r.callsPerStep.toFixed(1).padStart(6)} calls ${(r.bytesPerStep / 2 ** 20).toFixed(2).padStart(7)} MB`);
  if (p.inner.length > 0) console.log(`  inside mfgc's composed kernels: ${p.inner.slice(0, 6).map((r) => `${r.op} ${r.msPerStep.toFixed(2)} ms (${r.callsPerStep.toFixed(1)})`).join(", ")}`);
}
stored.runs[args.label] = run;
stored.machine = machineInfo();
writeFileSync(jsonUrl, JSON.stringify(stored, null, 2) + "\n");

// Markdown: per family, each label's summary and the top ops side by side.
const labels = Object.keys(stored.runs);
const md: string[] = ["# Training-step profile (wasm, generated training path)", "", `Labels: ${labels.map((l) => `\`${l}\` (\`${stored.runs[l]?.command}\`)`).join("; ")}.`, ""];
for (const name of FAMILIES.map((f) => f.name)) {
  const present = labels.filter((l) => stored.runs[l]?.families[name] !== undefined);
  if (present.length === 0) continue;
  md.push(`## ${name}`, "", `| | ${present.join(" | ")} |`, `| --- | ${present.map(() => "---:").join(" | ")} |`);
  const cell = (f: (p: FamilyProfile) => string): string => present.map((l) => f(stored.runs[l]!.families[name]!)).join(" | ");
  md.push(`| ms/step (unprofiled) | ${cell((p) => p.msPerStep.toFixed(1))} |`);
  md.push(`| samples/s | ${cell((p) => p.samplesPerSec.toFixed(0))} |`);
  md.push(`| machine during the run | ${cell((p) => describeLoad(p.load))} |`);
  md.push(`| kernel ms/step (profiled) | ${cell((p) => p.kernelMsPerStep.toFixed(1))} |`);
  md.push(`| kernel calls/step | ${cell((p) => p.kernelCallsPerStep.toFixed(0))} |`);
  md.push(`| tensors/step | ${cell((p) => p.tensorsPerStep.toFixed(0))} |`);
  md.push(`| MB allocated/step | ${cell((p) => p.megabytesPerStep.toFixed(1))} |`);
  md.push(`| tensors leaked per epoch | ${cell((p) => String(p.leakedTensors))} |`);
  const opNames = [...new Set(present.flatMap((l) => stored.runs[l]!.families[name]!.ops.slice(0, 14).map((r) => r.op)))];
  for (const op of opNames) {
    md.push(`| ${op} ms (calls) | ${cell((p) => {
      const r = p.ops.find((o) => o.op === op);
      return r === undefined ? "—" : `${r.msPerStep.toFixed(2)} (${r.callsPerStep.toFixed(0)})`;
    })} |`);
  }
  const innerNames = [...new Set(present.flatMap((l) => stored.runs[l]!.families[name]!.inner.slice(0, 6).map((r) => r.op)))];
  for (const op of innerNames) {
    md.push(`| inside mfgc kernels: ${op} ms (calls) | ${cell((p) => {
      const r = p.inner.find((o) => o.op === op);
      return r === undefined ? "—" : `${r.msPerStep.toFixed(2)} (${r.callsPerStep.toFixed(0)})`;
    })} |`);
  }
  md.push("");
}
const m = stored.machine;
md.push(`Machine: ${m["cpu"]}, ${m["cores"]} cores, Node ${m["node"]}, ${m["date"]}. A run marked LOADED had other processes using over 10% of the CPUs (bench/train-throughput/machine-load.ts).`, "");
writeFileSync(new URL("../results/train-profile.md", import.meta.url), md.join("\n"));
