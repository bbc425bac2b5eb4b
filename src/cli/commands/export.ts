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
 * The code a user runs to load the export, as printed after "load it with:" (indented two spaces). A
 * test executes exactly these lines, so what mfgc tells users to do is known to work.
 */
export function loadInstructions(report: ExportReport, out: string): string[] {
  const custom = report.customLayers.length > 0;
  return [
    `import * as tf from "@tensorflow/tfjs";`,
    `import { ${custom ? "fileHandler, registerCustomLayers" : "fileHandler"} } from "mfgc/runtime";`,
    ...(custom ? [`registerCustomLayers(); // the export uses mfgc's ${report.customLayers.join(", ")}`] : []),
    `const model = await tf.loadLayersModel(fileHandler(${JSON.stringify(out)}));`,
  ];
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
      "load it with:",
      ...loadInstructions(r, opts.out).map((line) => `  ${line}`),
    ].join("\n") + "\n",
  );
  return EXIT_OK;
}
