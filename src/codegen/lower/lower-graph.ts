/** IRGraph → LoweredGraph: every node's tfjs layers, decided once for printing and instantiating. */
import type { IRGraph } from "../../ir/types.js";
import { maskFlow } from "../../ir/build/masks.js";
import { lowerNode, type LowerContext } from "./lower-node.js";
import type { LayerSpec, LoweredGraph, LoweredInput, LoweredNode } from "./types.js";

export function lowerGraph(graph: IRGraph, base: LowerContext): LoweredGraph {
  const flow = maskFlow(graph);
  const maskedNodes = new Set(graph.nodes.filter((n) => n.inputs.some((i) => flow.origins.has(i))).map((n) => n.id));
  const ctx: LowerContext = { ...base, maskedNodes };
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
  const taken = new Set([...inputs.map((i) => i.id), ...nodes.map((n) => n.id)]);
  for (let k = 0; k < nodes.length; k++) nodes[k] = withFreeHelperNames(nodes[k]!, taken);
  const sequential =
    inputs.length === 1 &&
    graph.outputs.length === 1 &&
    nodes.length > 0 &&
    nodes.every((n, i) => n.inputs.length === 1 && n.inputs[0] === (i === 0 ? inputs[0]!.id : nodes[i - 1]!.id)) &&
    graph.outputs[0] === nodes[nodes.length - 1]!.id;
  return { name: graph.name, inputs, nodes, outputs: graph.outputs, sequential };
}

/**
 * A node's helper layers (`<id>_pre`, `<id>_pool`) must not reuse a name another node or an input has,
 * or another helper: tfjs requires unique layer names in a model. A clash gets the first free `_<n>`.
 */
function withFreeHelperNames(node: LoweredNode, taken: Set<string>): LoweredNode {
  let changed = false;
  const layers = node.layers.map((spec, j): LayerSpec => {
    if (j === node.layers.length - 1) return spec;
    const wanted = String(spec.config["name"]);
    let name = wanted;
    for (let n = 2; taken.has(name); n++) name = `${wanted}_${n}`;
    taken.add(name);
    if (name === wanted) return spec;
    changed = true;
    return { ...spec, config: { ...spec.config, name } };
  });
  return changed ? { ...node, layers } : node;
}
