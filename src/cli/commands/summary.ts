/** `mfgc summary <spec>`: a Keras-style table of the checked model (or `--json`). */
import path from "node:path";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { summarizeGraph } from "../../ir/summary.js";
import { compileFile } from "../../pipeline.js";
import { formatSummary } from "../format-summary.js";
import { EXIT_ERRORS, EXIT_OK, type CliIO } from "../io.js";
import { formatDiagnostics, sourceLookup } from "../output.js";
import { MFGC_VERSION } from "../version.js";
import { frozenLayers } from "./frozen-layers.js";

export function runSummary(specPath: string, opts: { json: boolean }, io: CliIO): number {
  const compiled = compileFile(specPath, { dataPaths: false });
  const lookup = sourceLookup(compiled.source ? [compiled.source] : []);
  if (compiled.diagnostics.length > 0) {
    io.stderr(formatDiagnostics(compiled.diagnostics, lookup, "text", { color: io.color, version: MFGC_VERSION }));
  }
  if (hasErrors(compiled.diagnostics) || compiled.graph === undefined) return EXIT_ERRORS;
  const source = compiled.source;
  const frozen = frozenLayers(compiled.graph, compiled.train?.transfer, path.dirname(path.resolve(specPath)));
  const summary = summarizeGraph(compiled.graph, source ? (offset) => source.position(offset).line : undefined, frozen.layers);
  if (opts.json) io.stdout(JSON.stringify({ spec: specPath, hash: compiled.hash, ...summary }, null, 2) + "\n");
  else io.stdout(formatSummary(summary, specPath) + (frozen.note === null ? "" : `${frozen.note}\n`));
  return EXIT_OK;
}
