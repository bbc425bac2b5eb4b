/**
 * IR invariants. A violation is a bug in mfgc (the builder or a pass), never a user error, so this
 * returns plain messages for tests and `--verify-ir` rather than diagnostics.
 */
import { DiagnosticBag } from "../diagnostics/diagnostic.js";
import type { InferInput } from "./ops/types.js";
import { REGISTRY_LOOKUP } from "./build/op-lookup.js";
import type { OpLookup } from "./build/op-lookup.js";
import { runInfer } from "./build/infer.js";
import type { DType, IRGraph, Shape } from "./types.js";

const ID = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DTYPES: readonly DType[] = ["f32", "i32", "bool"];

export function verifyGraph(graph: IRGraph, ops: OpLookup = REGISTRY_LOOKUP): string[] {
  const problems: string[] = [];
  const position = new Map<string, number>();
  graph.nodes.forEach((n, i) => {
    if (position.has(n.id)) problems.push(`duplicate node id \`${n.id}\``);
    else position.set(n.id, i);
    if (!ID.test(n.id)) problems.push(`node id \`${n.id}\` is not a valid identifier stem`);
    if (!DTYPES.includes(n.dtype)) problems.push(`node \`${n.id}\` has unknown dtype \`${String(n.dtype)}\``);
    for (const d of n.shape) if (d !== null && !(Number.isInteger(d) && d >= 0)) problems.push(`node \`${n.id}\` has invalid dimension ${String(d)}`);
    for (const input of n.inputs) {
      const at = position.get(input);
      if (at === undefined) {
        const later = graph.nodes.findIndex((m) => m.id === input);
        problems.push(later < 0 ? `node \`${n.id}\` reads missing node \`${input}\`` : `node \`${n.id}\` reads \`${input}\`, which comes after it (not topological)`);
      }
    }
  });

  const inputNodes = graph.nodes.filter((n) => n.op === "input").map((n) => n.id);
  if (JSON.stringify(inputNodes) !== JSON.stringify(graph.inputs)) {
    problems.push(`graph inputs [${graph.inputs.join(", ")}] do not match the input nodes [${inputNodes.join(", ")}] in order`);
  }
  if (graph.outputs.length === 0) problems.push("graph has no outputs");
  for (const o of graph.outputs) if (!position.has(o)) problems.push(`graph output \`${o}\` is not a node`);
  if (new Set(graph.outputs).size !== graph.outputs.length) problems.push("graph lists an output twice");

  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const n of graph.nodes) {
    if (n.op === "input") {
      if (n.inputs.length !== 0) problems.push(`input node \`${n.id}\` has inputs`);
      if (!sameShape(n.attrs["shape"] as Shape, n.shape)) problems.push(`input node \`${n.id}\`: attrs.shape differs from its shape`);
      if (n.attrs["dtype"] !== n.dtype) problems.push(`input node \`${n.id}\`: attrs.dtype differs from its dtype`);
      continue;
    }
    const op = ops.get(n.op);
    if (op === undefined) {
      problems.push(`node \`${n.id}\` has unknown op \`${n.op}\``);
      continue;
    }
    if (n.inputs.length < op.inputs.min || n.inputs.length > op.inputs.max) problems.push(`node \`${n.id}\` has ${n.inputs.length} inputs; \`${n.op}\` takes ${op.inputs.min}..${op.inputs.max}`);
    const producers = n.inputs.map((i) => byId.get(i));
    if (producers.some((p) => p === undefined)) continue;
    const inputs: InferInput[] = producers.map((p) => ({ shape: p!.shape, dtype: p!.dtype, from: p!.id, span: p!.span }));
    const bag = new DiagnosticBag();
    const result = runInfer({ op: n.op, attrs: n.attrs, paramSpans: new Map(), span: n.span, trail: [] }, inputs, op, bag);
    if (result === undefined) {
      problems.push(`node \`${n.id}\`: re-running inference fails (${bag.toArray().map((d) => d.message).join("; ")})`);
      continue;
    }
    if (!sameShape(result.shape, n.shape)) problems.push(`node \`${n.id}\`: shape ${JSON.stringify(n.shape)} but inference gives ${JSON.stringify(result.shape)}`);
    if (result.dtype !== n.dtype) problems.push(`node \`${n.id}\`: dtype \`${n.dtype}\` but inference gives \`${result.dtype}\``);
  }
  return problems;
}

function sameShape(a: Shape | undefined, b: Shape): boolean {
  return a !== undefined && a.length === b.length && a.every((d, i) => d === b[i]);
}
