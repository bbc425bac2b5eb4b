/**
 * The fmt round-trip property (issue 14, item 12): a clean spec formatted to the DSL and to YAML, and
 * back, checks clean, builds the same IR graph and training config, keeps every comment, and formatting
 * the output again changes nothing.
 */
import { collectComments } from "../../src/parser/comments/collect.js";
import { hashCommentLines } from "../../src/parser/comments/types.js";
import { formatSpecText, type SpecForm } from "../../src/parser/format.js";
import { compileText } from "../../src/pipeline.js";
import type { IRGraph } from "../../src/ir/types.js";

/** A graph without source positions: what two forms of one spec must agree on. */
export function graphShape(g: IRGraph | undefined): unknown {
  if (g === undefined) return undefined;
  return {
    name: g.name,
    inputs: g.inputs,
    outputs: g.outputs,
    nodes: g.nodes.map((n) => ({ id: n.id, op: n.op, attrs: n.attrs, inputs: n.inputs, shape: n.shape, dtype: n.dtype, userName: n.userName, scope: n.scope })),
  };
}

/** The `#` lines a file's comments make (a block comment is several), for "no comment was lost". */
export function commentLines(text: string, form: SpecForm): string[] {
  return collectComments(text, "x", form)
    .flatMap(hashCommentLines)
    .map((l) => l.replace(/^#\s*/, "").trim())
    .filter((l) => l !== "");
}

export interface RoundTripFailure {
  readonly step: string;
  readonly detail: string;
  readonly text: string;
}

const FILE = { dsl: "spec.mfgnet", yaml: "spec.mfgnet.yaml" } as const;

/** Checks the property for one clean spec; returns the first failure, or undefined. */
export function checkRoundTrip(text: string, form: SpecForm): RoundTripFailure | undefined {
  const original = compileText(text, FILE[form], form);
  const want = { graph: JSON.stringify(graphShape(original.graph)), train: JSON.stringify(original.train) };
  const wantComments = commentLines(text, form).sort();
  let current = text;
  let currentForm = form;
  for (const to of ["dsl", "yaml", "dsl", "yaml"] as const) {
    const step = `${currentForm} → ${to}`;
    const r = formatSpecText(current, FILE[currentForm], currentForm, to);
    if (r.text === undefined) return { step, detail: `fmt refused: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`, text: current };
    const out = r.text;
    const compiled = compileText(out, FILE[to], to);
    const errors = compiled.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) return { step, detail: `output does not check: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`, text: out };
    if (JSON.stringify(graphShape(compiled.graph)) !== want.graph) return { step, detail: "the graph changed", text: out };
    if (JSON.stringify(compiled.train) !== want.train) return { step, detail: "the training config changed", text: out };
    const again = formatSpecText(out, FILE[to], to, to);
    if (again.text !== out) return { step, detail: `formatting the output again changes it:\n${again.text ?? "(refused)"}`, text: out };
    const comments = commentLines(out, to).sort();
    if (JSON.stringify(comments) !== JSON.stringify(wantComments)) return { step, detail: `comments changed: ${JSON.stringify(wantComments)} → ${JSON.stringify(comments)}`, text: out };
    current = out;
    currentForm = to;
  }
  return undefined;
}
