/** Test helpers: build IR from DSL text and show diagnostics as `CODE line:column`. */
import { parseDsl } from "../../../src/parser/dsl/index.js";
import { buildIR } from "../../../src/ir/build/index.js";
import type { BuildOptions, BuildResult } from "../../../src/ir/build/index.js";
import { SourceFile } from "../../../src/diagnostics/span.js";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import { getOp } from "../../../src/ir/ops/registry.js";
import type { IRGraph } from "../../../src/ir/types.js";
import type { Span } from "../../../src/diagnostics/span.js";

export const FILE = "t.mfgnet";

export interface Built extends BuildResult {
  readonly source: SourceFile;
  /** Every diagnostic as `MFG3005 4:12`. */
  readonly codes: string[];
  /** `line:column` of a span. */
  at(span: Span): string;
  /** The one diagnostic with this code (fails when there is not exactly one). */
  one(code: string): Diagnostic;
}

export function buildDsl(text: string, options?: BuildOptions): Built {
  const parsed = parseDsl(text, FILE);
  const source = new SourceFile(FILE, text);
  const at = (span: Span): string => {
    const p = source.position(span.start);
    return `${p.line}:${p.column}`;
  };
  const parseErrors = parsed.diagnostics.filter((d) => d.severity === "error");
  if (parsed.spec === undefined || parseErrors.length > 0) {
    throw new Error(`test spec does not parse: ${parseErrors.map((d) => `${d.code} ${at(d.span)} ${d.message}`).join("; ")}`);
  }
  const r = buildIR(parsed.spec, options);
  return {
    ...r,
    source,
    codes: r.diagnostics.map((d) => `${d.code} ${at(d.span)}`),
    at,
    one(code) {
      const ds = r.diagnostics.filter((d) => d.code === code);
      if (ds.length !== 1) throw new Error(`expected one ${code}, got: ${r.diagnostics.map((d) => `${d.code} ${at(d.span)} ${d.message}`).join("; ")}`);
      return ds[0]!;
    },
  };
}

/** Keras's total parameter count of a graph, from the registry. */
export function totalParams(graph: IRGraph): number {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  let total = 0;
  for (const n of graph.nodes) {
    if (n.op === "input") continue;
    const c = getOp(n.op)!.paramCount(n.attrs, n.inputs.map((i) => byId.get(i)!.shape));
    total += c.trainable + c.nonTrainable;
  }
  return total;
}

/** `id:shape` for every node, e.g. `conv2d_1:26x26x32` (`?` for a dynamic dimension, `-` for a scalar). */
export function shapes(graph: IRGraph): string[] {
  return graph.nodes.map((n) => `${n.id}:${n.shape.length === 0 ? "-" : n.shape.map((d) => d ?? "?").join("x")}`);
}
