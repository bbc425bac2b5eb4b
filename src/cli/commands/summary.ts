/** `mfgc summary <spec>`: a Keras-style table of the checked model (or `--json`). */
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { summarizeGraph } from "../../ir/summary.js";
import { compileFile } from "../../pipeline.js";
import { formatSummary } from "../format-summary.js";
import { EXIT_ERRORS, EXIT_OK, type CliIO } from "../io.js";
import { formatDiagnostics, sourceLookup } from "../output.js";
import { MFGC_VERSION } from "../version.js";

export function runSummary(path: string, opts: { json: boolean }, io: CliIO): number {
  const compiled = compileFile(path);
  const lookup = sourceLookup(compiled.source ? [compiled.source] : []);
  if (compiled.diagnostics.length > 0) {
    io.stderr(formatDiagnostics(compiled.diagnostics, lookup, "text", { color: io.color, version: MFGC_VERSION }));
  }
  if (hasErrors(compiled.diagnostics) || compiled.graph === undefined) return EXIT_ERRORS;
  const source = compiled.source;
  const summary = summarizeGraph(compiled.graph, source ? (offset) => source.position(offset).line : undefined);
  io.stdout(opts.json ? JSON.stringify({ spec: path, hash: compiled.hash, ...summary }, null, 2) + "\n" : formatSummary(summary, path));
  return EXIT_OK;
}
