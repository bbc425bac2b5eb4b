/** Collects a pass's losses and predictions batch by batch, then turns them into Keras-style logs. */
import type { MetricName, TrainConfig } from "../config.js";
import type { ModelSignature } from "../data/types.js";
import { computeMetrics, type OutputPredictions } from "./metrics.js";
import type { StepResult } from "./step.js";

export class EpochAccumulator {
  private count = 0;
  private total = 0;
  private readonly perOutput: number[];
  private readonly preds: Float32Array[][];
  private readonly trues: Float32Array[][];

  constructor(private readonly sig: ModelSignature) {
    this.perOutput = sig.outputs.map(() => 0);
    this.preds = sig.outputs.map(() => []);
    this.trues = sig.outputs.map(() => []);
  }

  add(r: StepResult, size: number): void {
    this.count += size;
    this.total += r.total * size;
    r.perOutput.forEach((l, k) => (this.perOutput[k] = this.perOutput[k]! + l * size));
    r.predictions.forEach((p, k) => this.preds[k]!.push(p));
    r.targets.forEach((t, k) => this.trues[k]!.push(t));
  }

  get samples(): number {
    return this.count;
  }

  /** Mean total loss so far (for progress bars). */
  get meanLoss(): number {
    return this.count === 0 ? NaN : this.total / this.count;
  }

  /** Full predictions of output `k` over the pass. */
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

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
