/**
 * Remove every `dropout`: at inference it returns its input unchanged (tfjs scales during training,
 * "inverted dropout", so no rescaling is left behind).
 *
 * A dropout that is a graph output keeps its name by handing it to its input when that input is free to
 * take it (unnamed, read only by the dropout); otherwise it stays — harmless, since it is an identity.
 */
import { GraphEditor } from "../graph-editor.js";
import { describeNode } from "../pass.js";
import type { PassChange } from "../pass.js";
import { unchangedInference, type InferencePass, type WeightPlanStep } from "./plan.js";

export const removeDropout: InferencePass = {
  name: "remove-dropout",
  description: "remove dropout layers (identities at inference)",
  run(graph) {
    const ed = new GraphEditor(graph);
    const changes: PassChange[] = [];
    const plan: WeightPlanStep[] = [];
    const renamed: Record<string, string> = {};
    for (const node of graph.nodes) {
      if (node.op !== "dropout" || !ed.has(node.id)) continue;
      const outcome = ed.bypass(node.id);
      if (outcome === "kept") continue;
      if (outcome !== "removed") {
        renamed[outcome.from] = outcome.to;
        plan.push({ kind: "rename", from: outcome.from, to: outcome.to });
      }
      changes.push({ message: `removed ${describeNode(node)}: dropout is an identity at inference`, span: node.span });
    }
    if (changes.length === 0) return unchangedInference(graph);
    return { graph: ed.finish(), changes, plan, renamed };
  },
};
