/**
 * The weight plan: what an inference pass did to the graph, said in terms of trained weights. Passes
 * only rewrite the IR (they never see tensors); `mfgc export` replays the plan on the real weights
 * (src/export/apply-plan.ts). Steps apply in order to a store keyed by node id.
 */
import type { PassResult } from "../pass.js";
import type { IRGraph } from "../../types.js";

/** Layers whose output channels a BatchNorm or a rescaling can be folded into. */
export type FoldTargetOp = "dense" | "conv1d" | "conv2d" | "depthwise_conv2d" | "separable_conv2d" | "conv2d_transpose";

/**
 * `into` absorbs the BatchNorm `from` (which disappears): W' = W·s per output channel,
 * b' = (b − mean)·s + β with s = γ/√(var + ε). `into` gains a bias when it had none.
 */
export interface FoldBatchNormStep {
  readonly kind: "fold_batchnorm";
  readonly into: string;
  readonly intoOp: FoldTargetOp;
  readonly from: string;
  readonly epsilon: number;
}

/**
 * `into` absorbs the rescaling `from` (y = scale·x + offset) that fed it: the kernel is multiplied by
 * `scale`, and the offset's contribution (offset · Σ kernel over each output's receptive field) is added
 * to the bias — exact only where every output sees a full window (dense, `valid` convs).
 */
export interface FoldRescalingStep {
  readonly kind: "fold_rescaling";
  readonly into: string;
  readonly intoOp: FoldTargetOp;
  readonly from: string;
  readonly scale: number;
  readonly offset: number;
}

/** A node's weights now belong to the node `to` (a fused node took its absorbed node's name). */
export interface RenameStep {
  readonly kind: "rename";
  readonly from: string;
  readonly to: string;
}

export type WeightPlanStep = FoldBatchNormStep | FoldRescalingStep | RenameStep;

/** A pass result plus the weight steps that make trained weights fit the new graph. */
export interface InferencePassResult extends PassResult {
  readonly plan: readonly WeightPlanStep[];
}

/** An inference-only pass: like a training pass, but its rewrite may need the weights changed. */
export interface InferencePass {
  readonly name: string;
  readonly description: string;
  run(graph: IRGraph): InferencePassResult;
}

export function unchangedInference(graph: IRGraph): InferencePassResult {
  return { graph, changes: [], plan: [] };
}

/** Rename steps for a pass's `renamed` map (old id → new id). */
export function renameSteps(renamed: Readonly<Record<string, string>> | undefined): RenameStep[] {
  return Object.entries(renamed ?? {}).map(([from, to]) => ({ kind: "rename", from, to }));
}
