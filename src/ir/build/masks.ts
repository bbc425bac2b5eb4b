/**
 * Padding masks through a built graph, as Keras propagates them. `embedding(mask_zero: true)` and
 * `masking` make a mask; each op's `mask` rule (src/ir/ops/masks.ts) says whether its output carries
 * it on, honours it, or cannot honour it. Keras silently drops a mask at a layer that does not support
 * masking (and computes over the padding); mfgc reports that instead (MFG3231), and a model output that
 * still carries a mask into training (Keras would leave padded steps out of the loss) is MFG3232.
 *
 * The lowering reads the same flow to pick mask-aware layers where tfjs's own would drop the mask.
 */
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { OpLookup } from "./op-lookup.js";
import { REGISTRY_LOOKUP } from "./op-lookup.js";
import type { IRGraph, IRNode } from "../types.js";

/** A node whose input carries a mask it cannot honour. */
export interface MaskRefusal {
  readonly node: IRNode;
  readonly reason: string;
  /** The node that made the mask. */
  readonly origin: IRNode;
}

export interface MaskFlow {
  /** Node id → the node that made the mask its output carries (absent: no mask). */
  readonly origins: ReadonlyMap<string, IRNode>;
  /** Nodes a mask reaches but that cannot honour it (their output then carries none). */
  readonly refusals: readonly MaskRefusal[];
}

/** Follows every mask from where it is made to where it is honoured or refused, in node order. */
export function maskFlow(graph: IRGraph, ops: OpLookup = REGISTRY_LOOKUP): MaskFlow {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const origins = new Map<string, IRNode>();
  const refusals: MaskRefusal[] = [];
  for (const node of graph.nodes) {
    if (node.op === "input") continue;
    const op = ops.get(node.op);
    if (op === undefined) throw new Error(`internal: node \`${node.id}\` has unknown op \`${node.op}\``);
    const masked = node.inputs.map((id) => origins.has(id));
    const inputs = node.inputs.map((id) => byId.get(id)?.shape ?? []);
    const firstOrigin = node.inputs.map((id) => origins.get(id)).find((o) => o !== undefined);
    const effect = op.mask?.(node.attrs, masked, inputs) ?? (masked.some((m) => m) ? { refuse: defaultReason(node.op) } : { output: false });
    if ("refuse" in effect) {
      if (firstOrigin !== undefined) refusals.push({ node, reason: effect.refuse, origin: firstOrigin });
      continue;
    }
    if (effect.output) origins.set(node.id, effect.makes === true || firstOrigin === undefined ? node : firstOrigin);
  }
  return { origins, refusals };
}

function defaultReason(op: string): string {
  return `\`${op}\` cannot honour a padding mask: padded steps would be computed like real ones (Keras drops the mask here)`;
}

function originLabel(origin: IRNode): string {
  const name = origin.userName ?? origin.id;
  return origin.op === "embedding" ? `\`${name}\` (embedding with mask_zero)` : `\`${name}\` (${origin.op})`;
}

/**
 * Reports every refused mask (MFG3231) and, when the model is trained, every output that still carries
 * one (MFG3232).
 */
export function checkMasks(graph: IRGraph, trained: boolean, bag: DiagnosticBag, ops: OpLookup = REGISTRY_LOOKUP): void {
  const flow = maskFlow(graph, ops);
  for (const r of flow.refusals) {
    bag.report("MFG3231", `the padding mask from ${originLabel(r.origin)} reaches \`${r.node.op}\`, which cannot honour it: ${r.reason}`, r.node.span, {
      hints: [
        "reduce the steps first with a layer that honours the mask (`lstm`, `gru`, `simple_rnn`, `bidirectional`, `multi_head_attention`, `global_avgpool1d`), or drop `mask_zero` / `masking` if padded steps should count",
      ],
      related: [{ message: "the mask is made here", span: r.origin.span }],
    });
  }
  if (!trained) return;
  for (const id of graph.outputs) {
    const origin = flow.origins.get(id);
    const node = graph.nodes.find((n) => n.id === id);
    if (origin === undefined || node === undefined) continue;
    bag.report("MFG3232", `output \`${node.userName ?? id}\` still carries the padding mask from ${originLabel(origin)}: Keras would leave the padded steps out of the loss and metrics, which mfgc's training does not`, node.span, {
      hints: ["reduce the steps before the output (`lstm` without `return_sequences`, `global_avgpool1d`), or drop `mask_zero` / `masking`"],
      related: [{ message: "the mask is made here", span: origin.span }],
    });
  }
}
