/**
 * The memory check a run makes before it trains: the built model's parameters and per-sample
 * activations, estimated as `mfgc check` estimates them (memory-budget.ts), against the run's budget.
 */
import type * as tf from "@tensorflow/tfjs";
import { dataError } from "../data/data-error.js";
import { budgetRefusal, DEFAULT_MEMORY_BUDGET_BYTES, estimateTrainingBytes } from "./memory-budget.js";

/** Elements of one sample of every layer output (batch dimension and unknown dims count as 1). */
function activationElements(model: tf.LayersModel): number {
  let total = 0;
  for (const layer of model.layers) {
    const shapes = layer.outputShape;
    const list = Array.isArray(shapes[0]) || shapes.length === 0 ? (shapes as (number | null)[][]) : [shapes as (number | null)[]];
    for (const shape of list) total += shape.slice(1).reduce<number>((n, d) => n * (d ?? 1), 1);
  }
  return total;
}

/**
 * Throws MFG4903 when training `model` at `batchSize` needs more than `budgetBytes` (default 4 GiB):
 * a run that would grow past the machine's memory stops before it allocates anything large.
 */
export function checkMemoryBudget(model: tf.LayersModel, batchSize: number, budgetBytes: number = DEFAULT_MEMORY_BUDGET_BYTES): void {
  const params = model.countParams();
  const bytes = estimateTrainingBytes({ params, activationElementsPerSample: activationElements(model) }, batchSize);
  if (bytes <= budgetBytes) return;
  const { message, hint } = budgetRefusal(model.name, bytes, batchSize, budgetBytes);
  throw dataError("MFG4903", model.name, message, 0, [hint]);
}
