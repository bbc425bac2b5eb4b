/**
 * Fold a standalone `activation(fn)` into the dense/conv layer that feeds it, so the emitted code uses
 * tfjs's fused kernels (`tf.fused.matMul` / `tf.fused.conv2d` apply bias + activation in one op):
 *
 *   conv2d(32, kernel: 3) -> activation(relu)   ⇒   conv2d(32, kernel: 3, activation: relu)
 *
 * Only when the producer's own activation is `linear` and the activation node is its only reader (else
 * the pre-activation value is still needed). The fused node computes the activation's value, so it takes
 * the activation's name when the user named that one (outputs and `as` names stay meaningful).
 */
import { GraphEditor } from "./graph-editor.js";
import { LAYER_CONFIG_ACTIVATIONS, OPS_WITH_ACTIVATION, strAttr } from "./node-utils.js";
import { describeNode, unchanged, type Pass, type PassChange } from "./pass.js";

export const foldActivation: Pass = {
  name: "fold-activation",
  description: "fold standalone activation layers into the preceding dense/conv layer (fused kernels)",
  run(graph) {
    const ed = new GraphEditor(graph);
    const changes: PassChange[] = [];
    const renamed: Record<string, string> = {};
    for (const node of graph.nodes) {
      if (node.op !== "activation" || node.inputs.length !== 1) continue;
      const fn = strAttr(node, "fn");
      if (fn === undefined || !LAYER_CONFIG_ACTIVATIONS.has(fn)) continue;
      if (!ed.has(node.id)) continue;
      const producer = ed.get(ed.get(node.id).inputs[0]!);
      if (!OPS_WITH_ACTIVATION.has(producer.op) || strAttr(producer, "activation") !== "linear") continue;
      if (ed.consumers(producer.id).length !== 1 || ed.isOutput(producer.id)) continue;

      ed.update(producer.id, { attrs: { ...producer.attrs, activation: fn } });
      ed.replaceUses(node.id, producer.id);
      ed.remove(node.id);
      changes.push({ message: `fused activation ${fn} into ${describeNode(producer)}`, span: node.span });
      if (node.userName !== undefined) {
        ed.rename(producer.id, node.id, node.userName);
        renamed[producer.id] = node.id;
      }
    }
    if (changes.length === 0) return unchanged(graph);
    return { graph: ed.finish(), changes, renamed };
  },
};
