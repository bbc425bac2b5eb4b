/**
 * `mfgc export <spec> --weights <dir> [--out <dir>] [-O0] [--backend <name>] [--json]`: the inference
 * export of a trained model (src/export): BatchNorm/rescaling folded, dropout removed, activations fused,
 * checked against the trained model, written as model.json + weights.bin + model.ts + report.json.
 */
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { exportInference } from "../../export/export-inference.js";
import type { ExportReport } from "../../export/report.js";
import { formatPassReport } from "../format-passes.js";
import { EXIT_ERRORS, EXIT_OK, type CliIO } from "../io.js";
import { formatDiagnostics, sourceLookup } from "../output.js";
import { MFGC_VERSION } from "../version.js";

export interface ExportCommandOptions {
  /** Folder of the trained model (`runs/<model>/model`). */
  readonly weights: string;
  /** Output folder; default `export/<model folder>` is the caller's choice, this is required here. */
  readonly out: string;
  /** The `-O` level the trained model was built with; default 1. */
  readonly optimize?: 0 | 1;
  /** tfjs backend for the numeric check (`cpu` by default: always there, deterministic). */
  readonly backend?: string;
  /** Print the report as JSON on stdout instead of text. */
  readonly json?: boolean;
}

/**
 * How to load the export, as a snippet a user can paste into an ES module (a test runs it verbatim).
 * Paths are as given on the command line, so relative to the directory `mfgc export` ran in.
 */
export function loadSnippet(report: ExportReport, out: string): string {
  const custom = report.customLayers.length > 0;
  const lines = [
    'import * as tf from "@tensorflow/tfjs";',
    `import { ${custom ? "fileHandler, registerCustomLayers" : "fileHandler"} } from "mfgc/runtime";`,
    ...(custom ? [`registerCustomLayers(); // the model uses mfgc's ${report.customLayers.join(", ")}`] : []),
    `const model = await tf.loadLayersModel(fileHandler(${JSON.stringify(out)}));`,
  ];
  return ["load it (any tfjs IOHandler for model.json + weights.bin works too):", ...lines.map((l) => `  ${l}`)].join("\n");
}

export async function runExport(spec: string, opts: ExportCommandOptions, io: CliIO): Promise<number> {
  // The numeric check runs on `cpu` unless asked otherwise: always there, and deterministic.
  const { prepareBackend } = await import("../../runtime/backend/prepare.js");
  await prepareBackend({ backend: opts.backend ?? "cpu", log: (line) => io.stderr(`${line}\n`) });
  const result = await exportInference({ specPath: spec, weightsDir: opts.weights, outDir: opts.out, optimizeLevel: opts.optimize ?? 1, mfgcVersion: MFGC_VERSION });
  if (result.diagnostics.length > 0) {
    const lookup = sourceLookup(result.source ? [result.source] : []);
    io.stderr(formatDiagnostics(result.diagnostics, lookup, "text", { color: io.color, version: MFGC_VERSION }));
  }
  if (hasErrors(result.diagnostics) || result.report === undefined) return EXIT_ERRORS;
  const r = result.report;
  if (opts.json) {
    io.stdout(JSON.stringify(r, null, 2) + "\n");
    return EXIT_OK;
  }
  io.stdout(formatPassReport(spec, result.passes ?? [], result.source));
  io.stdout(
    [
      `exported ${r.model} to ${opts.out}: ${r.trained.layers} → ${r.exported.layers} layers, ${r.trained.params.toLocaleString("en-US")} → ${r.exported.params.toLocaleString("en-US")} parameters`,
      `checked on ${r.check.samples} random samples: max |trained − exported| = ${r.check.maxAbsDiff.toExponential(2)} (tolerance ${r.check.tolerance.toExponential(1)})`,
      `wrote ${r.files.join(", ")}`,
      loadSnippet(r, opts.out),
    ].join("\n") + "\n",
  );
  return EXIT_OK;
}
