/** The final `report.json`: test metrics, per-class table and confusion matrix for classifiers, timings, backend. */
import type { ModelSignature, Normalization } from "../data/types.js";
import { isClassification } from "../data/labels.js";
import { classReport } from "./metrics.js";
import type { EpochAccumulator } from "./epoch-accumulator.js";
import type { EpochRecord } from "./state.js";

export interface ClassRow {
  readonly class: number;
  readonly name: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface OutputReport {
  readonly output: string;
  readonly perClass: readonly ClassRow[] | null;
  readonly confusion: readonly (readonly number[])[] | null;
}

/** Contents of `<outDir>/report.json`. */
export interface TrainReport {
  readonly specHash: string;
  readonly backend: { readonly name: string; readonly reason: string };
  readonly epochsRun: number;
  readonly stoppedEarly: boolean;
  readonly bestEpoch: number | null;
  readonly final: Readonly<Record<string, number>>;
  readonly test: Readonly<Record<string, number>> | null;
  readonly outputs: readonly OutputReport[];
  readonly normalization: Normalization | null;
  readonly timings: { readonly totalSeconds: number; readonly dataSeconds: number; readonly epochSeconds: readonly number[] };
}

/** Per-class tables of the classifier outputs from an evaluation pass (test set, else validation). */
export function outputReports(sig: ModelSignature, acc: EpochAccumulator | null, classNames: readonly string[] | null): OutputReport[] {
  return sig.outputs.map((o, k) => {
    if (acc === null || !isClassification(o.loss) || acc.samples === 0) return { output: o.name, perClass: null, confusion: null };
    const r = classReport(acc.predictions(k));
    return {
      output: o.name,
      perClass: r.support.map((support, c) => ({ class: c, name: classNames?.[c] ?? String(c), precision: r.precision[c]!, recall: r.recall[c]!, f1: r.f1[c]!, support })),
      confusion: r.confusion,
    };
  });
}

/**
 * The logs of the epoch whose weights the model ends with: `restoredEpoch` (1-based) when early stopping
 * restored the best epoch's weights, else the last epoch.
 */
export function finalLogs(history: readonly EpochRecord[], restoredEpoch: number | null): Record<string, number> {
  const record = restoredEpoch === null ? history[history.length - 1] : history.find((h) => h.epoch === restoredEpoch);
  return { ...(record?.logs ?? {}) };
}
