/**
 * Metrics computed once per epoch on the full set of predictions (not averaged over batches, which
 * would make precision, recall, F1 and AUC wrong). Everything here is plain arithmetic on arrays.
 */
import type { LossName, MetricName } from "../config.js";
import { isClassification } from "../data/labels.js";

/** Predictions and targets of one output over a whole epoch, flattened per sample. */
export interface OutputPredictions {
  readonly loss: LossName;
  readonly yTrue: Float32Array;
  readonly trueWidth: number;
  readonly yPred: Float32Array;
  readonly predWidth: number;
}

/** Per-class precision/recall/F1/support and the confusion matrix (rows: true class, columns: predicted). */
export interface ClassReport {
  readonly precision: number[];
  readonly recall: number[];
  readonly f1: number[];
  readonly support: number[];
  readonly confusion: number[][];
}

function argmax(a: Float32Array, at: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (a[at + j]! > a[at + best]!) best = j;
  return best;
}

/**
 * Keras's decision threshold for a 1-unit output: a prediction is positive when strictly above it
 * (`y_pred > threshold` in keras.metrics.binary_accuracy and metrics_utils.update_confusion_matrix_variables,
 * which Precision, Recall and F1Score use), so 0.5 itself is negative.
 */
export const BINARY_THRESHOLD = 0.5;

/**
 * True and predicted class per sample, plus the class count. A 1-unit output predicts class 1 above
 * {@link BINARY_THRESHOLD}; wider outputs predict their argmax (first index on ties, as `ops.argmax`).
 */
export function classesOf(p: OutputPredictions): { truth: Int32Array; pred: Int32Array; classes: number } {
  const n = p.yPred.length / p.predWidth;
  const truth = new Int32Array(n);
  const pred = new Int32Array(n);
  const binary = p.predWidth === 1;
  for (let i = 0; i < n; i++) {
    pred[i] = binary ? (p.yPred[i]! > BINARY_THRESHOLD ? 1 : 0) : argmax(p.yPred, i * p.predWidth, p.predWidth);
    truth[i] = p.trueWidth === 1 ? (binary ? (p.yTrue[i]! >= 0.5 ? 1 : 0) : Math.round(p.yTrue[i]!)) : argmax(p.yTrue, i * p.trueWidth, p.trueWidth);
  }
  return { truth, pred, classes: binary ? 2 : p.predWidth };
}

export function classReport(p: OutputPredictions): ClassReport {
  const { truth, pred, classes } = classesOf(p);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) confusion[truth[i]!]![pred[i]!]!++;
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const support: number[] = [];
  for (let c = 0; c < classes; c++) {
    const tp = confusion[c]![c]!;
    const predicted = confusion.reduce((s, row) => s + row[c]!, 0);
    const actual = confusion[c]!.reduce((s, v) => s + v, 0);
    const pr = predicted === 0 ? 0 : tp / predicted;
    const rc = actual === 0 ? 0 : tp / actual;
    precision.push(pr);
    recall.push(rc);
    f1.push(pr + rc === 0 ? 0 : (2 * pr * rc) / (pr + rc));
    support.push(actual);
  }
  return { precision, recall, f1, support, confusion };
}

/** ROC AUC of scores against 0/1 labels via the rank-sum (ties get average ranks); NaN when one class is absent. */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let nPos = 0;
  let rankSum = 0;
  for (let i = 0; i < n; i++) if (positive[i]) {
    nPos++;
    rankSum += ranks[i]!;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

function macroAuc(p: OutputPredictions): number {
  const { truth, classes } = classesOf(p);
  const n = truth.length;
  if (p.predWidth === 1) return rocAuc(p.yPred, Array.from(truth, (t) => t === 1));
  const aucs: number[] = [];
  for (let c = 0; c < classes; c++) {
    const scores = new Float32Array(n);
    for (let i = 0; i < n; i++) scores[i] = p.yPred[i * p.predWidth + c]!;
    const auc = rocAuc(scores, Array.from(truth, (t) => t === c));
    if (!Number.isNaN(auc)) aucs.push(auc);
  }
  return aucs.length === 0 ? NaN : aucs.reduce((a, b) => a + b, 0) / aucs.length;
}

/** Element-wise errors; sparse class ids are compared against one-hot expansions of themselves. */
function errors(p: OutputPredictions): { mae: number; mse: number } {
  let abs = 0;
  let sq = 0;
  const n = p.yPred.length / p.predWidth;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p.predWidth; j++) {
      const t = p.trueWidth === p.predWidth ? p.yTrue[i * p.trueWidth + j]! : Math.round(p.yTrue[i]!) === j ? 1 : 0;
      const d = p.yPred[i * p.predWidth + j]! - t;
      abs += Math.abs(d);
      sq += d * d;
    }
  }
  const count = Math.max(1, p.yPred.length);
  return { mae: abs / count, mse: sq / count };
}

/**
 * The requested metrics of one output. Classification metrics on a regression output are skipped.
 * For a 1-unit binary output precision/recall/F1 are those of the positive class; otherwise macro averages.
 */
export function computeMetrics(names: readonly MetricName[], p: OutputPredictions): Record<string, number> {
  const out: Record<string, number> = {};
  const classifier = isClassification(p.loss);
  const report = classifier ? classReport(p) : null;
  const pick = (values: number[]): number => (p.predWidth === 1 ? values[1]! : values.reduce((a, b) => a + b, 0) / values.length);
  for (const name of names) {
    switch (name) {
      case "accuracy":
        if (report !== null) {
          const correct = report.confusion.reduce((s, row, c) => s + row[c]!, 0);
          out.accuracy = correct / Math.max(1, report.support.reduce((a, b) => a + b, 0));
        }
        break;
      case "precision":
        if (report !== null) out.precision = pick(report.precision);
        break;
      case "recall":
        if (report !== null) out.recall = pick(report.recall);
        break;
      case "f1":
        if (report !== null) out.f1 = pick(report.f1);
        break;
      case "auc":
        if (classifier) out.auc = macroAuc(p);
        break;
      case "mae":
        out.mae = errors(p).mae;
        break;
      case "mse":
        out.mse = errors(p).mse;
        break;
      case "rmse":
        out.rmse = Math.sqrt(errors(p).mse);
        break;
    }
  }
  return out;
}
