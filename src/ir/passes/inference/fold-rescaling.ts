/**
 * Fold a `rescaling(scale, offset)` into the dense/conv layer that reads it (typically the `1/255` in
 * front of the first conv):
 *
 *   rescaling(scale: 1/255) -> conv2d(16, kernel: 3)   ⇒   conv2d(16, kernel: 3)   (kernel · 1/255)
 *
 * Scaling commutes with any linear layer, so scale-only folds always. An offset becomes a bias term
 * offset·Σ(kernel over the window), which is exact only where every output sees a full window of
 * rescaled inputs: dense, and conv1d/conv2d/depthwise_conv2d with `valid` padding (with `same` padding
 * the zero padding would have to become `offset`).
 */
import { GraphEditor } from "../graph-editor.js";
import { numAttr, strAttr } from "../node-utils.js";
import { describeNode, type PassChange } from "../pass.js";
import type { IRNode } from "../../types.js";
import { isFoldTarget } from "./fold-targets.js";
import { unchangedInference, type InferencePass, type WeightPlanStep } from "./plan.js";

const OFFSET_FOLDABLE = new Set(["dense", "conv1d", "conv2d", "depthwise_conv2d"]);

function canAbsorbOffset(layer: IRNode): boolean {
  return OFFSET_FOLDABLE.has(layer.op) && (layer.op === "dense" || strAttr(layer, "padding") === "valid");
}

export const foldRescaling: InferencePass = {
  name: "fold-rescaling",
  description: "fold a rescaling into the dense/conv layer that reads it (scale always; offset where exact)",
  run(graph) {
    const ed = new GraphEditor(graph);
    const changes: PassChange[] = [];
    const plan: WeightPlanStep[] = [];
    for (const node of graph.nodes) {
      if (node.op !== "rescaling" || !ed.has(node.id)) continue;
      const rescaling = ed.get(node.id);
      if (rescaling.dtype !== "f32" || ed.isOutput(rescaling.id)) continue;
      // An integer input would reach the layer uncast once the rescaling is gone.
      if (rescaling.inputs.some((id) => ed.get(id).dtype !== "f32")) continue;
      const readers = ed.consumers(rescaling.id);
      if (readers.length !== 1) continue;
      const layer = ed.get(readers[0]!);
      if (!isFoldTarget(layer) || layer.inputs.length !== 1) continue;
      const scale = numAttr(rescaling, "scale")!;
      const offset = numAttr(rescaling, "offset")!;
      if (offset !== 0 && !canAbsorbOffset(layer)) continue;

      ed.update(layer.id, { inputs: rescaling.inputs, attrs: offset !== 0 ? { ...layer.attrs, use_bias: true } : layer.attrs });
      ed.remove(rescaling.id);
      plan.push({ kind: "fold_rescaling", into: layer.id, intoOp: layer.op, from: rescaling.id, scale, offset });
      const what = offset === 0 ? `scale ${scale}` : `scale ${scale}, offset ${offset}`;
      changes.push({ message: `folded ${describeNode(rescaling)} (${what}) into ${describeNode(layer)}`, span: rescaling.span });
    }
    if (changes.length === 0) return unchangedInference(graph);
    return { graph: ed.finish(), changes, plan };
  },
};
