/**
 * One training step (forward in training mode, per-output weighted losses plus regularization, gradients,
 * clipping, update) and evaluation passes. Nothing here reads a tensor back: losses, predictions and
 * targets stay on the device as {@link StepTensors}, and the epoch accumulator reads them in one go per
 * log interval — GPU backends allow only asynchronous reads, and each read stalls the device's queue.
 */
import * as tf from "@tensorflow/tfjs";
import type { OutputLoss, TrainConfig } from "../config.js";
import type { ModelSignature, TensorBatch } from "../data/types.js";
import { clipGradients } from "./clip.js";
import { applyWithLogits } from "./logits.js";
import { computeLoss } from "./losses.js";
import { sampleWeights } from "./sample-weights.js";
import type { TrainOptimizer } from "./optimizers.js";

/**
 * What a step or evaluation batch leaves on the device; whoever receives it owns (and disposes) it.
 * Per output `k`: `perOutput[k]` is the batch-mean loss (scalar), `predictions[k]` the model output
 * `[batch, …]`, `targets[k]` the batch's targets `[batch, …]`.
 */
export interface StepTensors {
  /** Weighted total loss including regularization (training); null for evaluation, where the caller adds the weighted losses. */
  readonly total: tf.Scalar | null;
  readonly perOutput: readonly tf.Scalar[];
  readonly predictions: readonly tf.Tensor[];
  readonly targets: readonly tf.Tensor[];
}

/** Each output's loss weight, in signature order (1 when the spec gives none). */
export function lossWeights(sig: ModelSignature, losses: readonly OutputLoss[]): number[] {
  return sig.outputs.map((o) => losses.find((l) => l.output === o.name)?.weight ?? 1);
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

/** The batch's targets, kept past the batch's disposal (a clone shares the data, no copy). */
export function keepTargets(sig: ModelSignature, batch: TensorBatch): tf.Tensor[] {
  return sig.outputs.map((o) => tf.clone(batch.ys[o.name]!));
}

/**
 * What one replica's forward and backward pass over its batch (or shard) leaves on the device, before any
 * update: `total` and `perOutput` as in {@link StepTensors}, `grads[i]` the gradient of `total` with
 * respect to `variables[i]` (same shape). The receiver owns (and disposes) every tensor.
 */
export interface ShardGradients {
  readonly total: tf.Scalar;
  readonly perOutput: readonly tf.Scalar[];
  readonly predictions: readonly tf.Tensor[];
  readonly grads: readonly tf.Tensor[];
}

/**
 * Loss and gradients of one batch: the forward pass in training mode, each output's loss weighted as the
 * spec says, plus the model's regularization penalties. Data-parallel replicas call this on their shard
 * of the global batch (see parallel/replica-pool.ts), so every replica runs exactly the loss code of a
 * single-thread step.
 */
export function batchGradients(model: tf.LayersModel, variables: readonly tf.Variable[], sig: ModelSignature, config: TrainConfig, batch: TensorBatch): ShardGradients {
  const weights = lossWeights(sig, config.losses);
  // Constants of the step, made outside the tape and kept until the gradients are taken.
  const perSample = sig.outputs.map((o) => sampleWeights(o.loss, batch.ys[o.name]!, config.classWeight, batch.weights));
  const predictions: tf.Tensor[] = [];
  const perOutput: tf.Scalar[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const { outputs: outs, logits } = applyWithLogits(model, modelInputs(sig, batch), true);
    let total: tf.Tensor = tf.scalar(0);
    sig.outputs.forEach((o, k) => {
      const pred = outs[k]!;
      const loss = computeLoss(o.loss, batch.ys[o.name]!, pred, logits[k], perSample[k]);
      predictions.push(tf.keep(pred));
      perOutput.push(tf.keep(loss));
      total = tf.add(total, tf.mul(loss, weights[k]!));
    });
    for (const r of regularization(model)) total = tf.add(total, r);
    return total as tf.Scalar;
  }, [...variables]);
  tf.dispose(perSample.filter((w): w is tf.Tensor1D => w !== undefined));
  const gradList = variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
  // Gradients of variables the loss does not reach are zeros made above; the rest are in gradList.
  tf.dispose(Object.values(grads).filter((g) => !gradList.includes(g)));
  return { total: value, perOutput, predictions, grads: gradList };
}

/**
 * Clips `grads` (as the spec's optimizer says) and lets `optimizer` take one step at learning rate `lr`.
 * Disposes `grads`.
 */
export function applyGradients(grads: readonly tf.Tensor[], config: TrainConfig, optimizer: Pick<TrainOptimizer, "apply">, lr: number): void {
  const clipped = clipGradients([...grads], config.optimizer);
  optimizer.apply(clipped, lr);
  if (clipped.some((c, i) => c !== grads[i])) tf.dispose(clipped);
  tf.dispose([...grads]);
}

/**
 * Trains on one batch: computes the loss and gradients, clips them and lets `optimizer` update the
 * weights at learning rate `lr`. The loss is not looked at here (that would need a read): a
 * non-finite loss is found when the caller reads the step back, which ends the run (MFG4901).
 */
export function trainStep(
  model: tf.LayersModel,
  variables: readonly tf.Variable[],
  sig: ModelSignature,
  config: TrainConfig,
  batch: TensorBatch,
  optimizer: Pick<TrainOptimizer, "apply">,
  lr: number,
): StepTensors {
  const { total, perOutput, predictions, grads } = batchGradients(model, variables, sig, config, batch);
  applyGradients(grads, config, optimizer, lr);
  return { total, perOutput, predictions, targets: keepTargets(sig, batch) };
}

/** Forward pass in inference mode with the same losses (regularization added once by the caller). */
export function evalStep(model: tf.LayersModel, sig: ModelSignature, batch: TensorBatch): StepTensors {
  const predictions: tf.Tensor[] = [];
  const perOutput: tf.Scalar[] = [];
  tf.tidy(() => {
    const { outputs: outs, logits } = applyWithLogits(model, modelInputs(sig, batch), false);
    sig.outputs.forEach((o, k) => {
      predictions.push(tf.keep(outs[k]!));
      // Class weights are a training-only reweighting (Keras); the data's sample weights count here too.
      perOutput.push(tf.keep(computeLoss(o.loss, batch.ys[o.name]!, outs[k]!, logits[k], batch.weights)));
    });
  });
  return { total: null, perOutput, predictions, targets: keepTargets(sig, batch) };
}

/** The sum of the model's regularization penalties (one read; none without regularizers). */
export async function regularizationTotal(model: tf.LayersModel): Promise<number> {
  const penalties = tf.tidy(() => regularization(model));
  if (penalties.length === 0) return 0;
  const values = tf.tidy(() => tf.stack(penalties));
  const read = await values.data();
  tf.dispose([values, ...penalties]);
  // Summed on the host in layer order, as the penalties were added before.
  let sum = 0;
  for (const v of read) sum += v;
  return sum;
}
