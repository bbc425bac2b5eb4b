/**
 * `mfgc export`: turns a trained model into an inference model. The spec is compiled and run through
 * the same training pipeline `mfgc build` used (so node ids are the trained model's layer names), the
 * trained weights are read by node, the inference passes rewrite the graph (dropout removed, BatchNorm
 * and rescaling folded, activations fused) while their weight plan rewrites the weights, and the result
 * is checked against the trained model on random inputs before anything is written.
 *
 * Output folder: `model.json` + `weights.bin` (tfjs layers format; `tf.loadLayersModel` with a file
 * handler loads it — models with mfgc's own layers need `registerCustomLayers()` first), `model.ts`
 * (the inference graph's `buildModel()`), `layers/*.ts` (custom layer sources it imports) and
 * `report.json`, written last.
 */
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { Project } from "ts-morph";
import { layerSourcesFor } from "../codegen/custom-layer-sources.js";
import { customClassesOf, emitModel } from "../codegen/emit/emit-model.js";
import { banner, type Provenance } from "../codegen/emit/header.js";
import { DEFAULT_MODEL_SEED } from "../codegen/generate.js";
import { instantiate } from "../codegen/lower/instantiate.js";
import { lowerGraph } from "../codegen/lower/lower-graph.js";
import type { LoweredGraph } from "../codegen/lower/types.js";
import { createDiagnostic, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { createSpan, type SourceFile } from "../diagnostics/span.js";
import { runInferencePasses } from "../ir/passes/inference/pipeline.js";
import { optimize, type PassReportEntry } from "../ir/passes/pipeline.js";
import { summarizeGraph } from "../ir/summary.js";
import type { IRGraph } from "../ir/types.js";
import { compileFile } from "../pipeline.js";
import { writeFileAtomic } from "../runtime/io/atomic.js";
import { fileHandler, loadModel } from "../runtime/io/fs-handler.js";
import { applyWeightPlan } from "./apply-plan.js";
import { compareModels, predictAll, randomInputs } from "./compare.js";
import { loadTrainedModel } from "./load-trained.js";
import type { ExportCounts, ExportReport } from "./report.js";
import { readWeightStore, writeWeightStore } from "./weight-store.js";

export interface ExportOptions {
  readonly specPath: string;
  /** Folder with the trained `model.json` + weights (what `mfgc train` writes to `runs/<model>/model`). */
  readonly weightsDir: string;
  readonly outDir: string;
  /** The optimization level the trained model was built with (`mfgc build -O`); default 1. */
  readonly optimizeLevel?: 0 | 1;
  readonly mfgcVersion: string;
  /** Largest accepted |trained − exported|, scaled by max(1, largest |output|); default 1e-4. */
  readonly tolerance?: number;
  /** Random samples for the check; default 8. */
  readonly checkSamples?: number;
}

export interface ExportResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly source: SourceFile | undefined;
  /** Set when the export was written. */
  readonly report?: ExportReport;
  /** What the inference passes did (for `formatPassReport`). */
  readonly passes?: readonly PassReportEntry[];
}

/** At most this many weight mismatches are listed; more mean the weights belong to another model. */
const MAX_MISMATCHES = 10;

function counts(graph: IRGraph, model: tf.LayersModel): ExportCounts {
  return { nodes: graph.nodes.length, layers: model.layers.length, params: model.countParams() };
}

async function largestAbs(outputs: readonly tf.Tensor[]): Promise<number> {
  let m = 0;
  for (const t of outputs) for (const v of await t.data()) m = Math.max(m, Math.abs(v));
  return m;
}

export async function exportInference(opts: ExportOptions): Promise<ExportResult> {
  const compiled = compileFile(opts.specPath, { dataPaths: false });
  if (hasErrors(compiled.diagnostics) || compiled.graph === undefined || compiled.source === undefined) {
    return { diagnostics: compiled.diagnostics, source: compiled.source };
  }
  const source = compiled.source;
  const fileSpan = createSpan(opts.specPath, 0, 0);
  const seed = compiled.train?.seed ?? DEFAULT_MODEL_SEED;

  // The graph `mfgc build` generated and the trained model was built from.
  const trainGraph = optimize(compiled.graph, opts.optimizeLevel ?? 1).graph;
  const trainLowered = lowerGraph(trainGraph, { seed });

  const loaded = await loadTrainedModel(opts.weightsDir, fileSpan);
  if (loaded.model === undefined) return { diagnostics: [...compiled.diagnostics, ...loaded.diagnostics], source };
  const trained = loaded.model;
  const reference = instantiate(trainLowered);
  const models: tf.LayersModel[] = [trained, reference];
  try {
    const { store, mismatches } = await readWeightStore(trained, trainLowered, reference);
    if (mismatches.length > 0) return { diagnostics: [...compiled.diagnostics, ...mismatchDiagnostics(mismatches, trainGraph, opts.weightsDir)], source };

    const samples = opts.checkSamples ?? 8;
    const inputs = randomInputs(reference, { batch: samples, seed: 17 });
    const tolerance = opts.tolerance ?? 1e-4;
    const trainedOut = predictAll(trained, inputs);
    const bound = tolerance * Math.max(1, await largestAbs(trainedOut));
    tf.dispose(trainedOut);

    // The spec's model with these weights must compute what the trained model computes; if not, the
    // weights came from an edited spec (same layer names and shapes, different wiring or activations).
    writeWeightStore(reference, trainLowered, store);
    const specDiff = await compareModels(trained, reference, inputs);
    if (!(specDiff <= bound)) {
      return {
        diagnostics: [
          ...compiled.diagnostics,
          createDiagnostic("MFG5103", `the trained model in \`${opts.weightsDir}\` computes something other than this spec's model (outputs differ by up to ${specDiff.toPrecision(3)})`, trainGraph.span, {
            hints: ["the spec was probably changed after training: retrain, or export with the spec the model was trained from"],
          }),
        ],
        source,
      };
    }

    const inference = runInferencePasses(trainGraph);
    const exportLowered = lowerGraph(inference.graph, { seed });
    const exported = instantiate(exportLowered);
    models.push(exported);
    writeWeightStore(exported, exportLowered, applyWeightPlan(store, inference.plan));
    const maxAbsDiff = await compareModels(trained, exported, inputs);
    if (!(maxAbsDiff <= bound)) {
      tf.dispose(inputs);
      return {
        diagnostics: [
          ...compiled.diagnostics,
          createDiagnostic("MFG5104", `the inference model differs from the trained model by up to ${maxAbsDiff.toPrecision(3)} (tolerance ${bound.toPrecision(3)}); nothing was written`, trainGraph.span, {
            hints: ["weights with very large magnitudes or NaN make folded arithmetic drift; check the trained model"],
          }),
        ],
        source,
      };
    }

    const written = await writeExport(opts, exported, inference.graph, exportLowered, source, compiled.hash);
    if (written.diagnostic !== undefined) {
      tf.dispose(inputs);
      return { diagnostics: [...compiled.diagnostics, written.diagnostic], source };
    }
    // Read the written files back: what a user loads must be what was checked.
    const reloaded = await loadModel(opts.outDir);
    models.push(reloaded);
    const reloadedMaxAbsDiff = await compareModels(trained, reloaded, inputs);
    tf.dispose(inputs);
    if (!(reloadedMaxAbsDiff <= bound)) throw new Error(`internal: exported files reload with a difference of ${reloadedMaxAbsDiff}`);

    const report: ExportReport = {
      model: trainGraph.name,
      spec: opts.specPath.replace(/\\/g, "/"),
      specHash: compiled.hash,
      mfgcVersion: opts.mfgcVersion,
      changes: inference.report.flatMap((entry) =>
        entry.changes.map((c) => ({ pass: entry.pass, message: c.message, line: c.span.file === source.path ? source.position(c.span.start).line : undefined })),
      ),
      plan: inference.plan,
      trained: counts(trainGraph, trained),
      exported: counts(inference.graph, exported),
      check: { samples, maxAbsDiff, reloadedMaxAbsDiff, tolerance: bound },
      customLayers: customClassesOf(exportLowered),
      files: [...written.files, "report.json"],
    };
    try {
      await writeFileAtomic(path.join(opts.outDir, "report.json"), JSON.stringify(report, null, 2) + "\n");
    } catch (e) {
      return { diagnostics: [...compiled.diagnostics, writeFailure(opts.outDir, e, fileSpan)], source };
    }
    return { diagnostics: compiled.diagnostics, source, report, passes: inference.report };
  } finally {
    for (const m of models) m.dispose();
  }
}

function mismatchDiagnostics(mismatches: readonly { node: string; message: string }[], graph: IRGraph, dir: string): Diagnostic[] {
  const spanOf = (id: string) => graph.nodes.find((n) => n.id === id)?.span ?? graph.span;
  const hints = ["were these weights trained from this spec (and `mfgc build` with the same -O level)?"];
  const out = mismatches.slice(0, MAX_MISMATCHES).map((m) => createDiagnostic("MFG5103", `trained weights in \`${dir}\` do not fit \`${m.node}\`: ${m.message}`, spanOf(m.node), { hints }));
  if (mismatches.length > MAX_MISMATCHES) {
    out.push(createDiagnostic("MFG5103", `… and ${mismatches.length - MAX_MISMATCHES} more weight mismatches`, graph.span, { hints }));
  }
  return out;
}

function writeFailure(dir: string, e: unknown, span: ReturnType<typeof createSpan>): Diagnostic {
  const why = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
  return createDiagnostic("MFG5105", `cannot write the export to \`${dir}\`: ${why}`, span, {
    hints: ["export into a folder you can write to (`--out <dir>`), and check that the disk has room"],
  });
}

/** model.json + weights.bin, then model.ts and the custom layer sources it imports; each file atomically. */
async function writeExport(
  opts: ExportOptions,
  model: tf.LayersModel,
  graph: IRGraph,
  lowered: LoweredGraph,
  source: SourceFile,
  specHash: string,
): Promise<{ files: string[]; diagnostic?: Diagnostic }> {
  const provenance: Provenance = { specPath: opts.specPath.replace(/\\/g, "/"), specHash, mfgcVersion: opts.mfgcVersion };
  const { files: layerFiles, moduleOf } = layerSourcesFor(customClassesOf(lowered));
  const summary = summarizeGraph(graph, (offset) => source.position(offset).line);
  const modelTs = emitModel({ graph, lowered, summary, source, provenance, customModules: moduleOf }, new Project({ useInMemoryFileSystem: true }));
  const files = ["model.json", "weights.bin", "model.ts", ...layerFiles.map((f) => `layers/${f.name}`)];
  try {
    await model.save(fileHandler(opts.outDir));
    await writeFileAtomic(path.join(opts.outDir, "model.ts"), modelTs);
    for (const f of layerFiles) {
      await writeFileAtomic(path.join(opts.outDir, "layers", f.name), banner(provenance, `mfgc runtime layer \`${f.name}\`, copied so the model needs only @tensorflow/tfjs.`) + f.text);
    }
  } catch (e) {
    return { files, diagnostic: writeFailure(opts.outDir, e, createSpan(opts.specPath, 0, 0)) };
  }
  return { files };
}
