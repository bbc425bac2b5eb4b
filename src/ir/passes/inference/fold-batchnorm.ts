/**
 * Fold an inference-mode BatchNorm into the dense/conv layer that feeds it:
 *
 *   conv2d(32, kernel: 3, use_bias: false) -> batchnorm   ⇒   conv2d(32, kernel: 3, use_bias: true)
 *
 * At inference BatchNorm is a per-channel affine map y = s·x + (β − mean·s), s = γ/√(var + ε); when x is
 * the linear output of a conv/dense and the map acts on its output channels, it moves into the kernel
 * and bias (the weight plan says how). Conditions: the BatchNorm reads only that layer and is its only
 * reader, the layer's activation is `linear`, and the BatchNorm's axis is the channel (last) axis.
 * The fused layer takes the BatchNorm's name when the user named it or it is an output.
 */
import { GraphEditor } from "../graph-editor.js";
import { numAttr } from "../node-utils.js";
import { describeNode, type PassChange } from "../pass.js";
import { hasLinearActivation, isFoldTarget } from "./fold-targets.js";
import { sampleAxis } from "../../ops/shape-utils.js";
import { unchangedInference, type InferencePass, type WeightPlanStep } from "./plan.js";

export const foldBatchNorm: InferencePass = {
  name: "fold-batchnorm",
  description: "fold inference-mode batchnorm into the preceding dense/conv layer's kernel and bias",
  run(graph) {
    const ed = new GraphEditor(graph);
    const changes: PassChange[] = [];
    const plan: WeightPlanStep[] = [];
    const renamed: Record<string, string> = {};
    for (const node of graph.nodes) {
      if (node.op !== "batchnorm" || !ed.has(node.id)) continue;
      const bn = ed.get(node.id);
      if (bn.inputs.length !== 1 || bn.dtype !== "f32") continue;
      const producer = ed.get(bn.inputs[0]!);
      if (!isFoldTarget(producer) || !hasLinearActivation(producer)) continue;
      if (ed.consumers(producer.id).length !== 1 || ed.isOutput(producer.id)) continue;
      const axis = numAttr(bn, "axis");
      if (axis === undefined || sampleAxis(axis, bn.shape.length) !== bn.shape.length - 1) continue;

      const visible = bn.userName !== undefined || ed.isOutput(bn.id);
      ed.update(producer.id, { attrs: { ...producer.attrs, use_bias: true } });
      ed.replaceUses(bn.id, producer.id);
      ed.remove(bn.id);
      plan.push({ kind: "fold_batchnorm", into: producer.id, intoOp: producer.op, from: bn.id, epsilon: numAttr(bn, "epsilon")! });
      changes.push({ message: `folded ${describeNode(bn)} into ${describeNode(producer)}`, span: bn.span });
      if (visible) {
        ed.rename(producer.id, bn.id, bn.userName);
        renamed[producer.id] = bn.id;
        plan.push({ kind: "rename", from: producer.id, to: bn.id });
      }
    }
    if (changes.length === 0) return unchangedInference(graph);
    return { graph: ed.finish(), changes, plan, renamed };
  },
};
