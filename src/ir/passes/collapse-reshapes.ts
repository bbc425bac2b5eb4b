/**
 * Collapse chains of `flatten`/`reshape` into a single `reshape` to the final shape: only the last shape
 * of a chain of pure re-layouts matters (row-major order is preserved by every step).
 *
 *   flatten -> reshape([4, 144])   ⇒   reshape([4, 144])
 */
import { GraphEditor } from "./graph-editor.js";
import { describeNode, unchanged, type Pass, type PassChange } from "./pass.js";

const RELAYOUTS = new Set(["flatten", "reshape"]);

export const collapseReshapes: Pass = {
  name: "collapse-reshapes",
  description: "collapse chains of flatten/reshape into one reshape",
  run(graph) {
    const ed = new GraphEditor(graph);
    const changes: PassChange[] = [];
    for (const node of graph.nodes) {
      if (!RELAYOUTS.has(node.op) || !ed.has(node.id)) continue;
      const first = ed.get(ed.get(node.id).inputs[0]!);
      if (!RELAYOUTS.has(first.op) || ed.consumers(first.id).length !== 1 || ed.isOutput(first.id) || first.userName !== undefined) continue;
      // A reshape needs every target dimension known; dynamic dims keep the chain as written.
      if (node.shape.some((d) => d === null)) continue;
      ed.update(node.id, { op: "reshape", attrs: { target: [...node.shape] as number[] }, inputs: first.inputs });
      ed.remove(first.id);
      changes.push({ message: `collapsed ${describeNode(first)} -> ${describeNode(node)} into one reshape to (${node.shape.join(", ")})`, span: first.span });
    }
    if (changes.length === 0) return unchanged(graph);
    return { graph: ed.finish(), changes };
  },
};
