/**
 * `mfgc report <run> [<run> …] [-o file]`: one self-contained HTML file with the runs' training curves
 * (overlaid), evaluation, class balance, model graph, pass report, settings and explanations. One run
 * writes `<run>/report.html` by default; several runs write `report.html` in the working directory.
 */
import path from "node:path";
import { createDiagnostic } from "../../diagnostics/diagnostic.js";
import { createSpan } from "../../diagnostics/span.js";
import { NotARunError, REPORT_FILE, RUN_FOLDER_HINT, writeReport } from "../../report/index.js";
import { EXIT_ERRORS, EXIT_OK, type CliIO } from "../io.js";
import { formatDiagnostics, sourceLookup } from "../output.js";
import { MFGC_VERSION } from "../version.js";

export interface ReportCommandOptions {
  readonly out?: string;
}

/** Where the report goes when `-o` is not given. */
export function defaultReportPath(runs: readonly string[]): string {
  return runs.length === 1 ? path.join(runs[0]!, REPORT_FILE) : REPORT_FILE;
}

export function runReport(runs: readonly string[], opts: ReportCommandOptions, io: CliIO): number {
  const out = opts.out ?? defaultReportPath(runs);
  try {
    writeReport(runs, out, MFGC_VERSION);
  } catch (e) {
    if (!(e instanceof NotARunError)) throw e;
    const d = createDiagnostic("MFG9040", e.message, createSpan(runs.find((r) => e.message.includes(r)) ?? runs[0]!, 0, 0), {
      hints: [RUN_FOLDER_HINT],
    });
    io.stderr(formatDiagnostics([d], sourceLookup([]), "text", { color: io.color, version: MFGC_VERSION }));
    return EXIT_ERRORS;
  }
  io.stdout(`wrote ${out} (${runs.length} run${runs.length === 1 ? "" : "s"}; opens offline)\n`);
  return EXIT_OK;
}
