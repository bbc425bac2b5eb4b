/**
 * `mfgc graph <spec> [--passes] [--json]`: the IR, one line per node (id, op, inputs, output shape). With
 * `--passes`, what the optimization passes changed and the IR after them — the graph `mfgc build` emits.
 */
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { optimize, type PassReportEntry } from "../../ir/passes/pipeline.js";
import type { IRGraph } from "../../ir/types.js";
import { compileFile } from "../../pipeline.js";
import { formatPassReport } from "../format-passes.js";
import { formatShape } from "../format-summary.js";
import { EXIT_ERRORS, EXIT_OK, type CliIO } from "../io.js";
import { formatDiagnostics, sourceLookup } from "../output.js";
import { MFGC_VERSION } from "../version.js";
import { maxOf } from "../../util/arrays.js";

export interface GraphCommandOptions {
  readonly passes: boolean;
  readonly json: boolean;
}

/** `conv2d_1  conv2d  (x)  (None, 26, 26, 32)` with columns padded to the widest entry. */
export function formatGraph(graph: IRGraph): string {
  const rows = graph.nodes.map((n) => [n.id, n.op, `(${n.inputs.join(", ")})`, formatShape(n.shape)]);
  const widths = [0, 1, 2].map((c) => maxOf(rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) => r.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell)).join("  ").trimEnd());
  return [`graph ${graph.name}: ${graph.nodes.length} nodes; inputs ${graph.inputs.join(", ")}; outputs ${graph.outputs.join(", ")}`, ...lines].join("\n") + "\n";
}

function graphJson(graph: IRGraph): unknown {
  return {
    name: graph.name,
    inputs: graph.inputs,
    outputs: graph.outputs,
    nodes: graph.nodes.map((n) => ({ id: n.id, op: n.op, inputs: n.inputs, shape: n.shape, dtype: n.dtype, attrs: n.attrs })),
  };
}

export function runGraph(spec: string, opts: GraphCommandOptions, io: CliIO): number {
  const compiled = compileFile(spec, { dataPaths: false });
  if (compiled.diagnostics.length > 0) {
    io.stderr(formatDiagnostics(compiled.diagnostics, sourceLookup(compiled.source ? [compiled.source] : []), "text", { color: io.color, version: MFGC_VERSION }));
  }
  if (hasErrors(compiled.diagnostics) || compiled.graph === undefined) return EXIT_ERRORS;
  let graph = compiled.graph;
  let report: readonly PassReportEntry[] | undefined;
  if (opts.passes) {
    const result = optimize(graph, 1);
    graph = result.graph;
    report = result.report;
  }
  if (opts.json) {
    const passes = report?.map((e) => ({ pass: e.pass, changes: e.changes.map((c) => ({ message: c.message, line: compiled.source?.position(c.span.start).line })) }));
    io.stdout(JSON.stringify({ spec, graph: graphJson(graph), ...(passes ? { passes } : {}) }, null, 2) + "\n");
    return EXIT_OK;
  }
  if (report !== undefined) io.stdout(formatPassReport(spec, report, compiled.source) + "\n");
  io.stdout(formatGraph(graph));
  return EXIT_OK;
}
