/** Driving the runtime's optimizer on the reference problem (./problem.ts), shared by the optimizer tests. */
import * as tf from "@tensorflow/tfjs";
import type { OptimizerConfig } from "../../../../src/runtime/config.js";
import { clipGradients } from "../../../../src/runtime/train/clip.js";
import type { TrainOptimizer } from "../../../../src/runtime/train/optimizers.js";
import { C0, K0, gradients } from "./problem.js";

/** The starting weights times `scale` as variables: `<prefix>/kernel` [3, 2] and `<prefix>/bias` [2]. */
export function problemVariables(prefix: string, scale = 1): tf.Variable[] {
  return [tf.variable(tf.tensor2d(K0.map((x) => x * scale), [3, 2]), true, `${prefix}/kernel`), tf.variable(tf.tensor1d(C0.map((x) => x * scale)), true, `${prefix}/bias`)];
}

/**
 * One runtime update: the hand-worked float64 gradient at the variables' current (float32) values,
 * clipped as `cfg` says (clip.ts), applied by `opt` at learning rate `lr`.
 */
export function runtimeStep(opt: TrainOptimizer, vars: readonly tf.Variable[], cfg: OptimizerConfig, lr: number): void {
  const g = gradients(vars.map((v) => Array.from(v.dataSync())));
  const gt = [tf.tensor2d(g[0]!, [3, 2]), tf.tensor1d(g[1]!)];
  const clipped = clipGradients(gt, cfg);
  opt.apply(clipped, lr);
  tf.dispose([...gt, ...clipped]);
}
