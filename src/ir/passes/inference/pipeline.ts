/**
 * The inference pipeline of `mfgc export`, in order, run on the graph the training pipeline produced
 * (so node ids match the trained model's layer names):
 *
 *   1. remove-dropout   — identities at inference; can put a BatchNorm right after its conv
 *   2. fold-batchnorm   — BatchNorm into the preceding conv/dense
 *   3. fold-rescaling   — input scaling into the first conv/dense
 *   4. the training passes again — folding exposes new work for them (conv → bn → relu becomes
 *      conv → relu, which fold-activation fuses into one layer)
 *
 * repeated to a fixed point. Every rewrite that moves or renames weights adds a step to the weight plan.
 */
import type { IRGraph } from "../../types.js";
import type { Pass } from "../pass.js";
import { TRAINING_PASSES, type PassReportEntry } from "../pipeline.js";
import { foldBatchNorm } from "./fold-batchnorm.js";
import { foldRescaling } from "./fold-rescaling.js";
import { renameSteps, type InferencePass, type WeightPlanStep } from "./plan.js";
import { removeDropout } from "./remove-dropout.js";
import { pushAll } from "../../../util/arrays.js";

export const INFERENCE_PASSES: readonly InferencePass[] = [removeDropout, foldBatchNorm, foldRescaling];

/** A training pass seen as an inference pass: its only weight effect is renaming fused nodes. */
function asInferencePass(pass: Pass): InferencePass {
  return {
    name: pass.name,
    description: pass.description,
    run(graph) {
      const result = pass.run(graph);
      return { ...result, plan: renameSteps(result.renamed) };
    },
  };
}

export const EXPORT_PASSES: readonly InferencePass[] = [...INFERENCE_PASSES, ...TRAINING_PASSES.map(asInferencePass)];

export interface InferencePipelineResult {
  readonly graph: IRGraph;
  readonly report: readonly PassReportEntry[];
  /** Steps over all passes, in the order they apply. */
  readonly plan: readonly WeightPlanStep[];
}

export interface InferencePipelineOptions {
  /** Called after every pass that changed the graph (tests run the IR verifier here). */
  readonly afterPass?: (pass: InferencePass, graph: IRGraph) => void;
}

const MAX_ROUNDS = 16;

export function runInferencePasses(graph: IRGraph, passes: readonly InferencePass[] = EXPORT_PASSES, opts: InferencePipelineOptions = {}): InferencePipelineResult {
  const report: PassReportEntry[] = [];
  const plan: WeightPlanStep[] = [];
  let current = graph;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    for (const pass of passes) {
      const result = pass.run(current);
      if (result.graph === current) continue;
      changed = true;
      current = result.graph;
      report.push({ pass: pass.name, changes: result.changes });
      pushAll(plan, result.plan);
      opts.afterPass?.(pass, current);
    }
    if (!changed) return { graph: current, report, plan };
  }
  throw new Error(`internal: inference pipeline did not reach a fixed point in ${MAX_ROUNDS} rounds`);
}
