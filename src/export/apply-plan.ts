/** Replays an inference pipeline's weight plan on trained weights (see src/ir/passes/inference/plan.ts). */
import type { WeightPlanStep } from "../ir/passes/inference/plan.js";
import { foldBatchNormWeights, foldRescalingWeights } from "./fold-weights.js";
import type { LayerWeights, WeightStore } from "./weight-store.js";

/** A fold target's weights live in the first layer of its node (a second one is a separate activation). */
function firstLayer(store: WeightStore, id: string): LayerWeights {
  const w = store.get(id)?.[0];
  if (w === undefined) throw new Error(`internal: weight plan names \`${id}\`, which has no weights`);
  return w;
}

/** Returns a new store; the input store is not modified. */
export function applyWeightPlan(store: WeightStore, plan: readonly WeightPlanStep[]): WeightStore {
  const out: WeightStore = new Map([...store].map(([id, layers]) => [id, [...layers]]));
  for (const step of plan) {
    switch (step.kind) {
      case "fold_batchnorm": {
        const layers = out.get(step.into)!;
        layers[0] = foldBatchNormWeights(step.intoOp, firstLayer(out, step.into), firstLayer(out, step.from), step.epsilon);
        out.delete(step.from);
        break;
      }
      case "fold_rescaling": {
        const layers = out.get(step.into)!;
        layers[0] = foldRescalingWeights(step.intoOp, firstLayer(out, step.into), step.scale, step.offset);
        out.delete(step.from);
        break;
      }
      case "rename": {
        const layers = out.get(step.from);
        if (layers === undefined) throw new Error(`internal: weight plan renames \`${step.from}\`, which is not in the store`);
        // The old holder of the name was removed by the pass (an activation, an identity): it had no weights.
        const previous = out.get(step.to);
        if (previous !== undefined && step.to !== step.from && previous.some((l) => l.size > 0)) {
          throw new Error(`internal: weight plan renames \`${step.from}\` onto \`${step.to}\`, which holds weights`);
        }
        out.delete(step.from);
        out.set(step.to, layers);
        break;
      }
    }
  }
  return out;
}
