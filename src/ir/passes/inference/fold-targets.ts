/** Which layers can absorb a per-channel affine map (BatchNorm, rescaling) and under what conditions. */
import { strAttr } from "../node-utils.js";
import type { IRNode } from "../../types.js";
import type { FoldTargetOp } from "./plan.js";

const FOLD_TARGETS: ReadonlySet<string> = new Set<FoldTargetOp>(["dense", "conv1d", "conv2d", "depthwise_conv2d", "separable_conv2d", "conv2d_transpose"]);

export function isFoldTarget(node: IRNode): node is IRNode & { op: FoldTargetOp } {
  return FOLD_TARGETS.has(node.op);
}

/** A layer whose output is still linear in its pre-activation (so an affine map after it can move inside). */
export function hasLinearActivation(node: IRNode): boolean {
  return strAttr(node, "activation") === "linear";
}
