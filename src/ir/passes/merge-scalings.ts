/**
 * Merge consecutive element-wise affine scalings into one:
 *
 *   rescaling(s1, o1) -> rescaling(s2, o2)   ⇒   rescaling(s1·s2, o1·s2 + o2)
 */
import { GraphEditor } from "./graph-editor.js";
import { numAttr } from "./node-utils.js";
import { describeNode, unchanged, type Pass, type PassChange } from "./pass.js";

export const mergeScalings: Pass = {
  name: "merge-scalings",
  description: "merge consecutive rescaling ops into one",
  run(graph) {
    const ed = new GraphEditor(graph);
    const changes: PassChange[] = [];
    const renamed: Record<string, string> = {};
    for (const node of graph.nodes) {
      if (node.op !== "rescaling" || !ed.has(node.id)) continue;
      const first = ed.get(ed.get(node.id).inputs[0]!);
      if (first.op !== "rescaling" || ed.consumers(first.id).length !== 1 || ed.isOutput(first.id) || first.userName !== undefined) continue;
      const s1 = numAttr(first, "scale")!;
      const o1 = numAttr(first, "offset")!;
      const s2 = numAttr(node, "scale")!;
      const o2 = numAttr(node, "offset")!;
      ed.update(node.id, { attrs: { ...node.attrs, scale: s1 * s2, offset: o1 * s2 + o2 }, inputs: first.inputs });
      ed.remove(first.id);
      changes.push({ message: `merged ${describeNode(first)} into ${describeNode(node)}: scale ${s1 * s2}, offset ${o1 * s2 + o2}`, span: first.span });
    }
    if (changes.length === 0) return unchanged(graph);
    return { graph: ed.finish(), changes, renamed };
  },
};
