/**
 * Remove every `dropout` and every augmentation op (`random_flip`, …): at inference each returns its
 * input unchanged (tfjs scales dropout during training, "inverted dropout", so no rescaling is left
 * behind; augmentation only acts while training, as in Keras).
 *
 * A dropout that is a graph output keeps its name by handing it to its input when that input is free to
 * take it (unnamed, read only by the dropout); otherwise it stays — harmless, since it is an identity.
 */
import { GraphEditor } from "../graph-editor.js";
import { describeNode } from "../pass.js";
import type { PassChange } from "../pass.js";
import { unchangedInference, type InferencePass, type WeightPlanStep } from "./plan.js";

/** Ops that are the identity at inference. */
const TRAINING_ONLY: ReadonlySet<string> = new Set(["dropout", "random_flip", "random_translation", "random_rotation", "random_zoom", "random_contrast"]);

export const removeDropout: InferencePass = {
  name: "remove-dropout",
  description: "remove dropout and augmentation layers (identities at inference)",
  run(graph) {
    const ed = new GraphEditor(graph);
    const changes: PassChange[] = [];
    const plan: WeightPlanStep[] = [];
    const renamed: Record<string, string> = {};
    for (const node of graph.nodes) {
      if (!TRAINING_ONLY.has(node.op) || !ed.has(node.id)) continue;
      const outcome = ed.bypass(node.id);
      if (outcome === "kept") continue;
      if (outcome !== "removed") {
        renamed[outcome.from] = outcome.to;
        plan.push({ kind: "rename", from: outcome.from, to: outcome.to });
      }
      changes.push({ message: `removed ${describeNode(node)}: ${node.op === "dropout" ? "dropout" : "augmentation"} is an identity at inference`, span: node.span });
    }
    if (changes.length === 0) return unchangedInference(graph);
    return { graph: ed.finish(), changes, plan, renamed };
  },
};
