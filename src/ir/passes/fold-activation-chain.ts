/**
 * Simplify chains of activations whose composition is one of them:
 *
 *   relu -> relu ⇒ relu        relu6 -> relu6 ⇒ relu6       relu -> relu6 ⇒ relu6      relu6 -> relu ⇒ relu6
 *
 * where the first is either an `activation` node or the `activation` parameter of a dense/conv layer.
 * (`linear` activation nodes are identities and are removed by `remove-identities`.)
 */
import { GraphEditor } from "./graph-editor.js";
import { OPS_WITH_ACTIVATION, strAttr } from "./node-utils.js";
import { describeNode, unchanged, type Pass, type PassChange } from "./pass.js";
import type { IRNode } from "../types.js";

/** f(g(x)) for the pairs where the result is a single known activation; undefined otherwise. */
function compose(outer: string, inner: string): string | undefined {
  const rectifiers = new Set(["relu", "relu6"]);
  if (outer === inner && rectifiers.has(outer)) return outer;
  if (rectifiers.has(outer) && rectifiers.has(inner)) return "relu6";
  return undefined;
}

function activationOf(n: IRNode): string | undefined {
  if (n.op === "activation") return strAttr(n, "fn");
  if (OPS_WITH_ACTIVATION.has(n.op)) return strAttr(n, "activation");
  return undefined;
}

export const foldActivationChain: Pass = {
  name: "fold-activation-chain",
  description: "collapse consecutive activations whose composition is a single activation (relu∘relu, relu6∘relu)",
  run(graph) {
    const ed = new GraphEditor(graph);
    const changes: PassChange[] = [];
    const renamed: Record<string, string> = {};
    for (const node of graph.nodes) {
      if (node.op !== "activation" || node.inputs.length !== 1 || !ed.has(node.id)) continue;
      const outer = strAttr(node, "fn");
      const producer = ed.get(ed.get(node.id).inputs[0]!);
      const inner = activationOf(producer);
      if (outer === undefined || inner === undefined) continue;
      const fn = compose(outer, inner);
      if (fn === undefined || ed.consumers(producer.id).length !== 1 || ed.isOutput(producer.id)) continue;
      const key = producer.op === "activation" ? "fn" : "activation";
      ed.update(producer.id, { attrs: { ...producer.attrs, [key]: fn } });
      ed.replaceUses(node.id, producer.id);
      ed.remove(node.id);
      changes.push({ message: `folded activation ${outer} after ${inner} of ${describeNode(producer)} into ${fn}`, span: node.span });
      if (node.userName !== undefined) {
        ed.rename(producer.id, node.id, node.userName);
        renamed[producer.id] = node.id;
      }
    }
    if (changes.length === 0) return unchanged(graph);
    return { graph: ed.finish(), changes, renamed };
  },
};
