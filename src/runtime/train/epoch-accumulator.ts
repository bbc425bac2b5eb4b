/**
 * Collects a pass's losses and predictions batch by batch, then turns them into Keras-style logs.
 *
 * Steps are added as tensors that stay on the device; {@link EpochAccumulator.flush} reads every pending
 * step back at once (one asynchronous read per kind of value, not one per step) and folds them into the
 * host-side sums in step order. The sums are the same float64 arithmetic on the same float32 values
 * whatever the flush points are, so metrics do not depend on the log interval or the backend's queue.
 */
import * as tf from "@tensorflow/tfjs";
import type { MetricName, TrainConfig } from "../config.js";
import type { ModelSignature } from "../data/types.js";
import { computeMetrics, type OutputPredictions } from "./metrics.js";
import type { StepTensors } from "./step.js";

/** A flush is due after this many pending steps… */
const FLUSH_STEPS = 32;
/** …or this many milliseconds after the last one (so the progress display stays live on slow backends). */
const FLUSH_MS = 1000;

interface PendingStep {
  readonly tensors: StepTensors;
  readonly size: number;
}

export class EpochAccumulator {
  private count = 0;
  private total = 0;
  private readonly perOutput: number[];
  private readonly preds: Float32Array[][];
  private readonly trues: Float32Array[][];
  private pending: PendingStep[] = [];
  private lastFlush = Date.now();

  /** `weights`: each output's loss weight, for steps that leave the weighted total to the accumulator (evaluation). */
  constructor(
    private readonly sig: ModelSignature,
    private readonly weights: readonly number[],
  ) {
    this.perOutput = sig.outputs.map(() => 0);
    this.preds = sig.outputs.map(() => []);
    this.trues = sig.outputs.map(() => []);
  }

  /** Takes ownership of a step's tensors (`size` samples); nothing is read yet. */
  add(step: StepTensors, size: number): void {
    this.pending.push({ tensors: step, size });
  }

  /** Whether enough is pending that the caller should {@link flush} now. */
  get flushDue(): boolean {
    return this.pending.length >= FLUSH_STEPS || (this.pending.length > 0 && Date.now() - this.lastFlush >= FLUSH_MS);
  }

  /**
   * Reads the pending steps back and adds them to the pass's sums. Returns each flushed step's total
   * loss, in order, so the training loop can find the first non-finite one.
   */
  async flush(): Promise<number[]> {
    const steps = this.pending;
    this.pending = [];
    this.lastFlush = Date.now();
    if (steps.length === 0) return [];
    const outputs = this.sig.outputs.length;
    try {
      // One tensor per kind of value, read together: [totals?], losses, predictions per output, targets per output.
      const hasTotals = steps.every((s) => s.tensors.total !== null);
      const packed = tf.tidy(() => [
        ...(hasTotals ? [tf.stack(steps.map((s) => s.tensors.total!))] : []),
        tf.stack(steps.flatMap((s) => s.tensors.perOutput)),
        ...this.sig.outputs.map((_, k) => tf.concat(steps.map((s) => tf.reshape(s.tensors.predictions[k]!, [-1])))),
        ...this.sig.outputs.map((_, k) => tf.concat(steps.map((s) => tf.reshape(s.tensors.targets[k]!, [-1])))),
      ]);
      const values = await Promise.all(packed.map((t) => t.data()));
      tf.dispose(packed);
      const totals = hasTotals ? values[0]! : null;
      const losses = values[hasTotals ? 1 : 0]!;
      const preds = values.slice(values.length - 2 * outputs, values.length - outputs);
      const trues = values.slice(values.length - outputs);
      const stepTotals = steps.map((s, i) => {
        let total: number;
        if (totals !== null) total = totals[i]!;
        else {
          total = 0;
          for (let k = 0; k < outputs; k++) total += losses[i * outputs + k]! * this.weights[k]!;
        }
        this.count += s.size;
        this.total += total * s.size;
        for (let k = 0; k < outputs; k++) this.perOutput[k] = this.perOutput[k]! + losses[i * outputs + k]! * s.size;
        return total;
      });
      preds.forEach((p, k) => this.preds[k]!.push(p as Float32Array));
      trues.forEach((t, k) => this.trues[k]!.push(Float32Array.from(t)));
      return stepTotals;
    } finally {
      for (const s of steps) disposeStep(s.tensors);
    }
  }

  /** Drops pending steps unread (after an error). */
  dispose(): void {
    for (const s of this.pending) disposeStep(s.tensors);
    this.pending = [];
  }

  get samples(): number {
    return this.count;
  }

  /** Mean total loss of the steps flushed so far (for progress displays). */
  get meanLoss(): number {
    return this.count === 0 ? NaN : this.total / this.count;
  }

  /** Full predictions of output `k` over the pass (call after the last {@link flush}). */
  predictions(k: number): OutputPredictions {
    const o = this.sig.outputs[k]!;
    const yPred = concat(this.preds[k]!);
    const yTrue = concat(this.trues[k]!);
    return { loss: o.loss, yPred, predWidth: yPred.length / Math.max(1, this.count), yTrue, trueWidth: yTrue.length / Math.max(1, this.count) };
  }

  /**
   * Logs named as Keras names them: `loss` and metric names for one output; `<output>_loss` and
   * `<output>_<metric>` for several. `prefix` is `""` or `"val_"`/`"test_"`. `extraLoss` adds
   * regularization to evaluation passes.
   */
  logs(config: TrainConfig, prefix: string, extraLoss = 0): Record<string, number> {
    const logs: Record<string, number> = { [`${prefix}loss`]: this.total / Math.max(1, this.count) + extraLoss };
    const multi = this.sig.outputs.length > 1;
    this.sig.outputs.forEach((o, k) => {
      if (multi) logs[`${prefix}${o.name}_loss`] = this.perOutput[k]! / Math.max(1, this.count);
      const names: readonly MetricName[] = config.metrics.find((m) => m.output === o.name)?.metrics ?? [];
      if (names.length === 0) return;
      for (const [m, v] of Object.entries(computeMetrics(names, this.predictions(k)))) logs[`${prefix}${multi ? `${o.name}_` : ""}${m}`] = v;
    });
    return logs;
  }
}

function disposeStep(s: StepTensors): void {
  tf.dispose([...(s.total === null ? [] : [s.total]), ...s.perOutput, ...s.predictions, ...s.targets]);
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
