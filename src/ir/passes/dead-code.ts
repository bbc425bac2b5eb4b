/**
 * Remove nodes whose value reaches no output (the builder already warned about them). Graph inputs are
 * part of the model's signature and always stay.
 */
import { GraphEditor } from "./graph-editor.js";
import { describeNode, unchanged, type Pass, type PassChange } from "./pass.js";

export const removeDeadCode: Pass = {
  name: "dead-code",
  description: "remove nodes and branches that reach no output",
  run(graph) {
    const live = new Set<string>(graph.outputs);
    // Nodes are topologically ordered, so one backward sweep finds everything an output depends on.
    for (let i = graph.nodes.length - 1; i >= 0; i--) {
      const n = graph.nodes[i]!;
      if (live.has(n.id)) for (const inp of n.inputs) live.add(inp);
    }
    const dead = graph.nodes.filter((n) => !live.has(n.id) && n.op !== "input");
    if (dead.length === 0) return unchanged(graph);
    const ed = new GraphEditor(graph);
    const changes: PassChange[] = [];
    // Readers first, so each removed node is already unread.
    for (const n of [...dead].reverse()) {
      ed.remove(n.id);
      changes.push({ message: `removed ${describeNode(n)}: its value reaches no output`, span: n.span });
    }
    changes.reverse();
    return { graph: ed.finish(), changes };
  },
};
