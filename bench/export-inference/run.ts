/**
 * Inference throughput of the exported model vs the trained (unfused) model, side by side in one run on
 * the wasm backend: the residual CNN of specs/surface_defects_resnet.mfgnet (7 BatchNorms, a 1/255
 * rescaling, dropout) with random weights and non-trivial BatchNorm statistics, exported with
 * `exportInference` (BN and rescaling folded, dropout removed, relu fused), both loaded from disk the way
 * a user loads them. Figures go to bench/results/export-inference.{json,md}.
 *
 *   npx tsx bench/export-inference/run.ts [--reps 7] [--spec specs/surface_defects_resnet.mfgnet]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { DEFAULT_MODEL_SEED } from "../../src/codegen/generate.js";
import { instantiate } from "../../src/codegen/lower/instantiate.js";
import { lowerGraph } from "../../src/codegen/lower/lower-graph.js";
import { compareModels, randomInputs } from "../../src/export/compare.js";
import { exportInference } from "../../src/export/export-inference.js";
import { optimize } from "../../src/ir/passes/pipeline.js";
import { compileFile } from "../../src/pipeline.js";
import { loadModel, saveModel } from "../../src/runtime/io/fs-handler.js";
import { writeResult } from "../results.js";

const { values: args } = parseArgs({
  options: {
    reps: { type: "string", default: "7" },
    spec: { type: "string", default: "specs/surface_defects_resnet.mfgnet" },
  },
});
const reps = Number(args.reps);
const specPath = args.spec;

/**
 * Deterministic stand-in for trained weights: the seeded Glorot kernels stay; BatchNorm gets γ and
 * variance in [0.5, 1.5] and mean/β in ±0.5 (untrained BN is the identity, which would fold trivially).
 */
function setTrainedLookingWeights(model: tf.LayersModel): void {
  let state = 12345;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  for (const layer of model.layers) {
    if (layer.getClassName() !== "BatchNormalization") continue;
    const values = layer.weights.map((w) => {
      const n = w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
      const positive = /gamma|moving_variance/.test(w.originalName);
      const isMean = /beta|moving_mean/.test(w.originalName);
      return tf.tensor(Float32Array.from({ length: n }, () => (positive ? 0.5 + next() : isMean ? next() - 0.5 : 0)), w.shape as number[]);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}

interface Timing {
  readonly samplesPerSec: number;
  readonly msPerBatch: number;
  readonly all: readonly number[];
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** One repetition: `iters` predictions of one batch, each read back (so the work really happened). */
async function rep(model: tf.LayersModel, x: tf.Tensor, iters: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < iters; i++) {
    const y = model.predict(x) as tf.Tensor;
    await y.data();
    y.dispose();
  }
  return (performance.now() - t0) / iters;
}

/** Interleaves the two models rep by rep so drift (thermal, other load) hits both alike. */
async function measurePair(a: tf.LayersModel, b: tf.LayersModel, batch: number, iters: number): Promise<[Timing, Timing]> {
  const [x] = randomInputs(a, { batch, seed: 3, range: [0, 255] });
  for (let i = 0; i < 3; i++) {
    await rep(a, x!, 2);
    await rep(b, x!, 2);
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let r = 0; r < reps; r++) {
    ta.push(await rep(a, x!, iters));
    tb.push(await rep(b, x!, iters));
  }
  x!.dispose();
  const timing = (ms: number[]): Timing => ({ samplesPerSec: (batch * 1000) / median(ms), msPerBatch: median(ms), all: ms.map((m) => Number(m.toFixed(3))) });
  return [timing(ta), timing(tb)];
}

async function main(): Promise<void> {
  await import("@tensorflow/tfjs-backend-wasm");
  await tf.setBackend("wasm");
  await tf.ready();

  const work = mkdtempSync(path.join(tmpdir(), "mfgc-bench-export-"));
  try {
    const compiled = compileFile(specPath);
    if (compiled.graph === undefined) throw new Error(`${specPath} does not compile`);
    const graph = optimize(compiled.graph, 1).graph;
    const model = instantiate(lowerGraph(graph, { seed: compiled.train?.seed ?? DEFAULT_MODEL_SEED }));
    setTrainedLookingWeights(model);
    await saveModel(model, path.join(work, "trained"));
    model.dispose();

    const t0 = performance.now();
    const result = await exportInference({ specPath, weightsDir: path.join(work, "trained"), outDir: path.join(work, "exported"), mfgcVersion: "bench" });
    const exportSeconds = (performance.now() - t0) / 1000;
    if (result.report === undefined) throw new Error(`export failed: ${result.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
    const report = result.report;

    const unfused = await loadModel(path.join(work, "trained"));
    const exported = await loadModel(path.join(work, "exported"));
    const checkInputs = randomInputs(unfused, { batch: 32, seed: 11, range: [0, 255] });
    const maxAbsDiff = await compareModels(unfused, exported, checkInputs);
    // A diff is only meaningful if the outputs are not saturated: record their range.
    const probs = exported.predict(checkInputs[0]!) as tf.Tensor;
    const outputRange = [probs.min().dataSync()[0]!, probs.max().dataSync()[0]!];
    tf.dispose([probs, ...checkInputs]);

    const [u32, e32] = await measurePair(unfused, exported, 32, 5);
    const [u1, e1] = await measurePair(unfused, exported, 1, 40);
    const figures = {
      spec: specPath,
      backend: tf.getBackend(),
      repetitions: reps,
      model: report.model,
      layers: { unfused: report.trained.layers, exported: report.exported.layers },
      params: { unfused: report.trained.params, exported: report.exported.params },
      folded: {
        batchnorm: report.plan.filter((s) => s.kind === "fold_batchnorm").length,
        rescaling: report.plan.filter((s) => s.kind === "fold_rescaling").length,
        dropoutRemoved: report.changes.filter((c) => c.pass === "remove-dropout").length,
        activationsFused: report.changes.filter((c) => c.pass === "fold-activation").length,
      },
      maxAbsDiff,
      outputRange,
      exportSeconds,
      batch32: { unfused: u32, exported: e32, speedup: e32.samplesPerSec / u32.samplesPerSec },
      batch1: { unfused: u1, exported: e1, speedup: e1.samplesPerSec / u1.samplesPerSec },
    };
    unfused.dispose();
    exported.dispose();

    const row = (name: string, u: Timing, e: Timing) =>
      `| ${name} | ${u.samplesPerSec.toFixed(1)} (${u.msPerBatch.toFixed(2)} ms/batch) | ${e.samplesPerSec.toFixed(1)} (${e.msPerBatch.toFixed(2)} ms/batch) | ${(e.samplesPerSec / u.samplesPerSec).toFixed(2)}× |`;
    const md = [
      "# Inference export: trained (unfused) vs exported model",
      "",
      `\`npx tsx bench/export-inference/run.ts\` — ${specPath} (${report.model}), tfjs ${tf.version.tfjs} on the **${tf.getBackend()}** backend (single thread in Node), median of ${reps} interleaved repetitions after warm-up.`,
      "",
      `Exported: ${figures.folded.batchnorm} BatchNorms and ${figures.folded.rescaling} rescaling folded, ${figures.folded.dropoutRemoved} dropout removed, ${figures.folded.activationsFused} activations fused; ${report.trained.layers} → ${report.exported.layers} layers, ${report.trained.params.toLocaleString("en-US")} → ${report.exported.params.toLocaleString("en-US")} parameters. Max |unfused − exported| on 32 random inputs in [0, 255]: ${maxAbsDiff.toExponential(2)} (outputs span ${outputRange.map((v) => v.toFixed(4)).join(" … ")}).`,
      "",
      "| batch | unfused samples/s | exported samples/s | exported / unfused |",
      "| --- | --- | --- | --- |",
      row("32", u32, e32),
      row("1", u1, e1),
    ];
    writeResult("export-inference", figures, md);
    console.log(md.join("\n"));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
