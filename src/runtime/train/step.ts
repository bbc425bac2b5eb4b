/**
 * One training step (forward in training mode, per-output weighted losses plus regularization, gradients,
 * clipping, update) and evaluation passes. Predictions are copied out so epoch metrics see every sample.
 */
import * as tf from "@tensorflow/tfjs";
import type { OutputLoss, TrainConfig } from "../config.js";
import type { ModelSignature, TensorBatch } from "../data/types.js";
import { clipGradients } from "./clip.js";
import { applyWithLogits } from "./logits.js";
import { computeLoss } from "./losses.js";
import { sampleWeights } from "./sample-weights.js";
import type { TrainOptimizer } from "./optimizers.js";

/** What a step or evaluation batch produced, as plain numbers. */
export interface StepResult {
  readonly total: number;
  readonly perOutput: readonly number[];
  readonly predictions: readonly Float32Array[];
  readonly targets: readonly Float32Array[];
}

function lossWeight(losses: readonly OutputLoss[], output: string): number {
  return losses.find((l) => l.output === output)?.weight ?? 1;
}

function modelInputs(sig: ModelSignature, batch: TensorBatch): tf.Tensor | tf.Tensor[] {
  const xs = sig.inputs.map((i) => {
    const t = batch.xs[i.name];
    if (t === undefined) throw new Error(`batch has no input \`${i.name}\``);
    return t;
  });
  return xs.length === 1 ? xs[0]! : xs;
}

/** Regularization penalties of the model's layers (kernel/bias/activity regularizers). */
function regularization(model: tf.LayersModel): tf.Scalar[] {
  return (model as unknown as { calculateLosses(): tf.Scalar[] }).calculateLosses();
}

/**
 * Computes the loss and gradients of one batch. Returns the values; `apply` decides whether to update
 * (the caller checks the loss is finite first, so a diverged step never touches the weights).
 */
export function trainStep(
  model: tf.LayersModel,
  variables: readonly tf.Variable[],
  sig: ModelSignature,
  config: TrainConfig,
  batch: TensorBatch,
): { result: StepResult; apply: (optimizer: Pick<TrainOptimizer, "apply">, lr: number) => void; discard: () => void } {
  const kept: tf.Tensor[] = [];
  // Constants of the step, made outside the tape and kept until the gradients are taken.
  const weights = sig.outputs.map((o) => sampleWeights(o.loss, batch.ys[o.name]!, config.classWeight, batch.weights));
  const { value, grads } = tf.variableGrads(() => {
    const { outputs: outs, logits } = applyWithLogits(model, modelInputs(sig, batch), true);
    let total: tf.Tensor = tf.scalar(0);
    sig.outputs.forEach((o, k) => {
      const pred = outs[k]!;
      const loss = computeLoss(o.loss, batch.ys[o.name]!, pred, logits[k], weights[k]);
      kept.push(tf.keep(pred), tf.keep(loss));
      total = tf.add(total, tf.mul(loss, lossWeight(config.losses, o.name)));
    });
    for (const r of regularization(model)) total = tf.add(total, r);
    return total as tf.Scalar;
  }, [...variables]);
  const perOutput = sig.outputs.map((_, k) => kept[2 * k + 1]!.dataSync()[0]!);
  const predictions = sig.outputs.map((_, k) => kept[2 * k]!.dataSync() as Float32Array);
  const targets = sig.outputs.map((o) => Float32Array.from(batch.ys[o.name]!.dataSync()));
  const total = value.dataSync()[0]!;
  tf.dispose(kept);
  tf.dispose(weights.filter((w): w is tf.Tensor1D => w !== undefined));
  value.dispose();
  const gradList = variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
  const release = () => {
    tf.dispose(gradList);
    tf.dispose(Object.values(grads));
  };
  return {
    result: { total, perOutput, predictions, targets },
    apply(optimizer, lr) {
      const clipped = clipGradients(gradList, config.optimizer);
      optimizer.apply(clipped, lr);
      if (clipped.some((c, i) => c !== gradList[i])) tf.dispose(clipped);
      release();
    },
    discard: release,
  };
}

/** Forward pass in inference mode with the same losses (regularization added once by the caller). */
export function evalStep(model: tf.LayersModel, sig: ModelSignature, config: TrainConfig, batch: TensorBatch): StepResult {
  return tf.tidy(() => {
    const { outputs: outs, logits } = applyWithLogits(model, modelInputs(sig, batch), false);
    let total = 0;
    const perOutput: number[] = [];
    const predictions: Float32Array[] = [];
    const targets: Float32Array[] = [];
    sig.outputs.forEach((o, k) => {
      // Class weights are a training-only reweighting (Keras); the data's sample weights count here too.
      const loss = computeLoss(o.loss, batch.ys[o.name]!, outs[k]!, logits[k], batch.weights).dataSync()[0]!;
      perOutput.push(loss);
      total += loss * lossWeight(config.losses, o.name);
      predictions.push(outs[k]!.dataSync() as Float32Array);
      targets.push(Float32Array.from(batch.ys[o.name]!.dataSync()));
    });
    return { total, perOutput, predictions, targets };
  });
}

/** The sum of the model's regularization penalties, as a number. */
export function regularizationTotal(model: tf.LayersModel): number {
  return tf.tidy(() => regularization(model).reduce((s, r) => s + r.dataSync()[0]!, 0));
}
