/**
 * Shape inference over the expanded nodes, in their (topological) order: each op's `check` then `infer`.
 * A node that fails is poisoned and its consumers are skipped silently, so one mistake yields one
 * diagnostic while independent branches are still checked.
 */
import type { DiagnosticBag, RelatedInfo } from "../../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../../diagnostics/catalogue.js";
import type { Span } from "../../diagnostics/span.js";
import type { InferContext, InferInput, InferResult } from "../ops/types.js";
import type { DType, Shape } from "../types.js";
import type { OpLookup } from "./op-lookup.js";
import type { RawNode } from "./raw-node.js";

export interface InferredType {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly span: Span;
}

/** Shapes by node id; poisoned nodes are absent. */
export function inferShapes(nodes: readonly RawNode[], ops: OpLookup, bag: DiagnosticBag): Map<string, InferredType> {
  const types = new Map<string, InferredType>();
  for (const node of nodes) {
    if (node.attrs === undefined) continue;
    if (node.op === "input") {
      types.set(node.id, { shape: node.attrs["shape"] as Shape, dtype: node.attrs["dtype"] as DType, span: node.span });
      continue;
    }
    const inputs: InferInput[] = [];
    let poisoned = false;
    for (const from of node.inputs) {
      const t = from === null ? undefined : types.get(from);
      if (from === null || t === undefined) {
        poisoned = true;
        break;
      }
      inputs.push({ shape: t.shape, dtype: t.dtype, from, span: t.span });
    }
    const op = ops.get(node.op);
    if (poisoned || op === undefined) continue;
    const result = runInfer(node, inputs, op, bag);
    if (result !== undefined) types.set(node.id, { ...result, span: node.span });
  }
  return types;
}

/** Runs `check` and `infer` for one node; undefined when either reported a problem. */
export function runInfer(
  node: Pick<RawNode, "op" | "attrs" | "paramSpans" | "span" | "trail">,
  inputs: readonly InferInput[],
  op: { check?(ctx: InferContext): void; infer(ctx: InferContext): InferResult | undefined },
  bag: DiagnosticBag,
): InferResult | undefined {
  let failed = false;
  const trailNotes: RelatedInfo[] = node.trail.map((site) => ({ message: `in block \`${site.block}\` applied here`, span: site.span }));
  const ctx: InferContext = {
    op: node.op,
    attrs: node.attrs ?? {},
    inputs,
    span: node.span,
    paramSpan: (name) => node.paramSpans.get(name) ?? node.span,
    error(code: DiagnosticCode, message: string, opts = {}) {
      failed = true;
      bag.report(code, message, opts.span ?? node.span, {
        hints: opts.hints ?? [],
        related: [...(opts.notes ?? []), ...trailNotes],
      });
    },
  };
  op.check?.(ctx);
  if (failed) return undefined;
  const result = op.infer(ctx);
  return failed ? undefined : result;
}
