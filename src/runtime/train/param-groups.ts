/**
 * Parameter groups (PyTorch's term): the trainable variables split into groups that share the update rule
 * but have their own learning-rate multiplier, slots and step count, and may start training at a later
 * epoch. This is how fine-tuning runs: new layers at the full rate, transferred layers at `lr_scale`,
 * frozen layers joining at `unfreeze_at` with fresh optimizer state (like a new optimizer for them, so
 * Adam's bias correction starts at step 1 for them).
 *
 * With one group (no transfer) the slots and step are exactly those of a single {@link TrainOptimizer},
 * so checkpoints of ordinary runs are unchanged. With several, {@link getSlots} appends one scalar per
 * group holding its step count, so a resumed run continues every group exactly.
 */
import * as tf from "@tensorflow/tfjs";
import type { OptimizerConfig, TransferConfig } from "../config.js";
import { TrainOptimizer } from "./optimizers.js";

/** Variables updated together. */
export interface ParamGroup {
  readonly name: string;
  readonly variables: readonly tf.Variable[];
  readonly lrScale: number;
  /** First 1-based epoch in which the group trains. */
  readonly fromEpoch: number;
  /** Layers made trainable when the group starts (frozen until then). */
  readonly layers: readonly tf.layers.Layer[];
}

export class ParamGroupOptimizer {
  private readonly optimizers: TrainOptimizer[];
  private active: boolean[];

  constructor(
    config: OptimizerConfig,
    readonly groups: readonly ParamGroup[],
  ) {
    this.optimizers = groups.map((g) => new TrainOptimizer(config, g.variables));
    this.active = groups.map(() => false);
  }

  /**
   * Starts `epoch`: groups whose epoch has come become active (their layers trainable). Returns the
   * variables to differentiate this epoch, in the order {@link apply} expects gradients.
   */
  beginEpoch(epoch: number): tf.Variable[] {
    this.active = this.groups.map((g) => epoch >= g.fromEpoch);
    this.groups.forEach((g, k) => {
      if (this.active[k]) for (const l of g.layers) l.trainable = true;
    });
    return this.groups.flatMap((g, k) => (this.active[k] ? [...g.variables] : []));
  }

  /** One update: `grads` follow the variables {@link beginEpoch} returned; each group uses `lr × lrScale`. */
  apply(grads: readonly tf.Tensor[], lr: number): void {
    let at = 0;
    this.groups.forEach((g, k) => {
      if (!this.active[k]) return;
      this.optimizers[k]!.apply(grads.slice(at, at + g.variables.length), lr * g.lrScale);
      at += g.variables.length;
    });
  }

  /** Updates applied so far by the first group (every group, for a single-group run). */
  get step(): number {
    return this.optimizers[0]?.step ?? 0;
  }

  /** Slots of every group in group order, then (several groups only) one scalar step count per group. */
  getSlots(): tf.Tensor[] {
    const slots = this.optimizers.flatMap((o) => o.getSlots());
    if (this.optimizers.length <= 1) return slots;
    return [...slots, ...this.optimizers.map((o) => tf.scalar(o.step, "int32"))];
  }

  /** Restores {@link getSlots}' values; `step` is the single group's step (ignored with several groups). */
  async setSlots(values: readonly tf.Tensor[], step: number): Promise<void> {
    const counts = this.optimizers.map((o, k) => o.slotsPerVariable * this.groups[k]!.variables.length);
    const expected = counts.reduce((a, b) => a + b, 0) + (this.optimizers.length > 1 ? this.optimizers.length : 0);
    if (values.length !== expected) throw new Error(`optimizer state has ${values.length} tensors, expected ${expected}`);
    let at = 0;
    for (const [k, o] of this.optimizers.entries()) {
      const mine = values.slice(at, at + counts[k]!);
      at += counts[k]!;
      const groupStep = this.optimizers.length > 1 ? (await values[values.length - this.optimizers.length + k]!.data())[0]! : step;
      o.setSlots(mine, groupStep);
    }
  }

  dispose(): void {
    for (const o of this.optimizers) o.dispose();
  }
}

/**
 * The groups of a model: without transfer, one group of every trainable variable. With transfer: new
 * layers (full rate), transferred layers that train (`lrScale`), and frozen layers that join at
 * `unfreezeAt` (`lrScale`). Layers frozen for good are in no group. Call after freezing.
 */
export function paramGroups(model: tf.LayersModel, transfer: { readonly config: TransferConfig; readonly loaded: readonly string[]; readonly frozen: readonly string[] } | null): ParamGroup[] {
  const vars = (layers: readonly tf.layers.Layer[]) => layers.flatMap((l) => l.trainableWeights.map((w) => w.read() as tf.Variable));
  if (transfer === null) return [{ name: "all", variables: model.trainableWeights.map((w) => w.read() as tf.Variable), lrScale: 1, fromEpoch: 1, layers: [] }];
  const loaded = new Set(transfer.loaded);
  const frozen = new Set(transfer.frozen);
  const fresh = model.layers.filter((l) => !loaded.has(l.name) && !frozen.has(l.name));
  const pretrained = model.layers.filter((l) => loaded.has(l.name) && !frozen.has(l.name));
  const groups: ParamGroup[] = [
    { name: "new", variables: vars(fresh), lrScale: 1, fromEpoch: 1, layers: [] },
    { name: "transferred", variables: vars(pretrained), lrScale: transfer.config.lrScale, fromEpoch: 1, layers: [] },
  ];
  if (transfer.config.unfreezeAt !== null) {
    const later = model.layers.filter((l) => frozen.has(l.name));
    // trainableWeights is empty while a layer is frozen: read its weights as they are when it trains.
    const variables = later.flatMap((l) => {
      l.trainable = true;
      const v = l.trainableWeights.map((w) => w.read() as tf.Variable);
      l.trainable = false;
      return v;
    });
    groups.push({ name: "unfrozen", variables, lrScale: transfer.config.lrScale, fromEpoch: transfer.config.unfreezeAt, layers: later });
  }
  return groups.filter((g) => g.variables.length > 0);
}
