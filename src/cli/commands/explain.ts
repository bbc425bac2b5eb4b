/**
 * `mfgc explain <run> --input <file> [--input <file> …] [--output <name>] [--class <name|index>]
 * [--steps <n>] [--backend <name>]`: integrated-gradients attributions (and Grad-CAM for convolutional
 * image models) of a trained run's predictions, written under `<run>/explanations/` and into the run's
 * report (`<run>/report.html`).
 */
import path from "node:path";
import { createDiagnostic, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { createSpan } from "../../diagnostics/span.js";
import { EXIT_ERRORS, EXIT_OK, type CliIO } from "../io.js";
import { formatDiagnostics, sourceLookup } from "../output.js";
import { MFGC_VERSION } from "../version.js";

export interface ExplainCommandOptions {
  readonly input: readonly string[];
  readonly output?: string;
  readonly class?: string;
  readonly steps?: number;
  readonly backend?: string;
}

function print(io: CliIO, d: Diagnostic): number {
  io.stderr(formatDiagnostics([d], sourceLookup([]), "text", { color: io.color, version: MFGC_VERSION }));
  return EXIT_ERRORS;
}

export async function runExplain(runDir: string, opts: ExplainCommandOptions, io: CliIO): Promise<number> {
  const { ExplainError, explainInput, loadRun } = await import("../../explain/index.js");
  const { ExplainInputError } = await import("../../explain/input.js");
  const { BackendError, prepareBackend } = await import("../../runtime/backend/prepare.js");
  const { NotARunError, REPORT_FILE, RUN_FOLDER_HINT, writeReport } = await import("../../report/index.js");
  try {
    await prepareBackend({ ...(opts.backend === undefined ? {} : { backend: opts.backend }), log: (line) => io.stderr(`${line}\n`) });
  } catch (e) {
    // A requested backend that cannot start here (MFG9020) is refused, as `mfgc train` refuses it.
    if (e instanceof BackendError) return print(io, e.diagnostic);
    throw e;
  }
  try {
    const run = await loadRun(runDir);
    try {
      for (const file of opts.input) {
        const items = await explainInput(run, file, { ...(opts.output === undefined ? {} : { output: opts.output }), ...(opts.class === undefined ? {} : { target: opts.class }), ...(opts.steps === undefined ? {} : { steps: opts.steps }) });
        for (const it of items) {
          const x = it.explanation;
          const c = x.completeness;
          io.stdout(
            `${file} → \`${x.output}\` ${x.target.name} (${c.score.toPrecision(4)}): integrated gradients with ${x.steps} steps, Σ attributions ${c.sum.toPrecision(5)} vs f(x) − f(baseline) ${c.expected.toPrecision(5)} (completeness error ${(100 * c.relativeError).toFixed(3)} %)` +
              `${x.gradCam === null ? "" : `; Grad-CAM on \`${x.gradCam.layer}\``}\n  wrote ${path.relative(process.cwd(), it.dir) || it.dir}/: ${[...x.files, "attributions.csv", "explanation.json"].join(", ")}\n`,
          );
          for (const n of it.notes) io.stdout(`  note: ${n}\n`);
        }
      }
    } finally {
      run.model.dispose();
    }
  } catch (e) {
    if (e instanceof ExplainError || e instanceof ExplainInputError) return print(io, createDiagnostic(e.code, e.message, createSpan(e.file, 0, 0), { hints: [...e.hints] }));
    throw e;
  }
  try {
    const report = writeReport([runDir], path.join(runDir, REPORT_FILE), MFGC_VERSION);
    io.stdout(`report: ${report}\n`);
  } catch (e) {
    if (!(e instanceof NotARunError)) throw e;
    return print(io, createDiagnostic("MFG9040", e.message, createSpan(runDir, 0, 0), { hints: [RUN_FOLDER_HINT] }));
  }
  return EXIT_OK;
}
