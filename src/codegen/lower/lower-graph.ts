/** IRGraph → LoweredGraph: every node's tfjs layers, decided once for printing and instantiating. */
import type { IRGraph } from "../../ir/types.js";
import { lowerNode, type LowerContext } from "./lower-node.js";
import type { LoweredGraph, LoweredInput, LoweredNode } from "./types.js";

export function lowerGraph(graph: IRGraph, ctx: LowerContext): LoweredGraph {
  const inputs: LoweredInput[] = [];
  const nodes: LoweredNode[] = [];
  for (const node of graph.nodes) {
    if (node.op === "input") {
      inputs.push({ id: node.id, shape: node.shape, dtype: node.dtype, span: node.span });
      continue;
    }
    const { layers, notes } = lowerNode(node, ctx);
    nodes.push({ id: node.id, op: node.op, inputs: node.inputs, layers, span: node.span, notes });
  }
  const sequential =
    inputs.length === 1 &&
    graph.outputs.length === 1 &&
    nodes.length > 0 &&
    nodes.every((n, i) => n.inputs.length === 1 && n.inputs[0] === (i === 0 ? inputs[0]!.id : nodes[i - 1]!.id)) &&
    graph.outputs[0] === nodes[nodes.length - 1]!.id;
  return { name: graph.name, inputs, nodes, outputs: graph.outputs, sequential };
}
