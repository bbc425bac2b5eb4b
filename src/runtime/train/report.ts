/**
 * The final `report.json`: test metrics, per-class table and confusion matrix for classifiers, ROC and
 * precision–recall curves for binary outputs, residuals for regression outputs, timings, backend.
 */
import type { ModelSignature, Normalization } from "../data/types.js";
import { isClassification } from "../data/labels.js";
import { prCurve, residuals, rocCurve, type PrCurve, type Residuals, type RocCurve } from "./curves.js";
import { classesOf, classReport } from "./metrics.js";
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
  /** `binary`: one sigmoid unit; `classification`: several classes; `regression`: everything else. */
  readonly kind?: "classification" | "binary" | "regression";
  readonly perClass: readonly ClassRow[] | null;
  readonly confusion: readonly (readonly number[])[] | null;
  /** Binary outputs: ROC and precision–recall curves of the positive class's score. */
  readonly roc?: RocCurve | null;
  readonly pr?: PrCurve | null;
  /** Regression outputs: predicted against true values. */
  readonly residuals?: Residuals | null;
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
  /** The split `outputs` were computed on (the test set, else the validation set). */
  readonly evaluatedOn?: "test" | "validation" | null;
  readonly normalization: Normalization | null;
  readonly timings: { readonly totalSeconds: number; readonly dataSeconds: number; readonly epochSeconds: readonly number[] };
}

/**
 * Per-output evaluation of a pass (test set, else validation): per-class tables and confusion matrices
 * of classifiers, ROC/PR curves of binary outputs, residuals of regression outputs. `classNames` maps a
 * classifier output to its class names.
 */
export function outputReports(sig: ModelSignature, acc: EpochAccumulator | null, classNames: Readonly<Record<string, readonly string[]>>): OutputReport[] {
  return sig.outputs.map((o, k) => {
    const classifier = isClassification(o.loss);
    const p = acc === null || acc.samples === 0 ? null : acc.predictions(k);
    const binary = classifier && p !== null && p.predWidth === 1;
    const kind = !classifier ? "regression" : binary ? "binary" : "classification";
    if (p === null) return { output: o.name, kind, perClass: null, confusion: null };
    if (!classifier) return { output: o.name, kind, perClass: null, confusion: null, residuals: residuals(p.yTrue, p.yPred) };
    const r = classReport(p);
    const names = classNames[o.name];
    const report: OutputReport = {
      output: o.name,
      kind,
      perClass: r.support.map((support, c) => ({ class: c, name: names?.[c] ?? String(c), precision: r.precision[c]!, recall: r.recall[c]!, f1: r.f1[c]!, support })),
      confusion: r.confusion,
    };
    if (!binary) return report;
    const positive = Array.from(classesOf(p).truth, (t) => t === 1);
    return { ...report, roc: rocCurve(p.yPred, positive), pr: prCurve(p.yPred, positive) };
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
