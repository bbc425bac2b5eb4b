/**
 * Threshold curves of binary classifiers (ROC, precision–recall) and residuals of regression outputs,
 * from one evaluation pass's predictions: what `report.json` records so a report can draw them.
 * Plain arithmetic on arrays; the definitions follow scikit-learn's `roc_curve`,
 * `precision_recall_curve` and `average_precision_score` (without dropping collinear ROC points).
 */

/** Most points a stored curve keeps; longer curves are thinned evenly, keeping both ends. */
export const MAX_CURVE_POINTS = 1000;
/** Most samples a stored residual plot keeps (evenly strided over the pass). */
export const MAX_RESIDUAL_POINTS = 2000;

/** ROC curve: `fpr[i]`, `tpr[i]` for predicting positive when score ≥ `thresholds[i]`. */
export interface RocCurve {
  readonly fpr: readonly number[];
  readonly tpr: readonly number[];
  /** `null` first: the point (0, 0) where nothing is predicted positive (scikit-learn uses +∞). */
  readonly thresholds: readonly (number | null)[];
  /** Area under the (full, unthinned) curve by the trapezoidal rule. */
  readonly auc: number;
}

/** Precision–recall curve, from the lowest threshold up; the last point is (recall 0, precision 1). */
export interface PrCurve {
  readonly recall: readonly number[];
  readonly precision: readonly number[];
  /** One fewer than points: the final (0, 1) point has no threshold. */
  readonly thresholds: readonly number[];
  /** Σ (Rₙ − Rₙ₋₁)·Pₙ over thresholds (scikit-learn's average precision; no interpolation). */
  readonly averagePrecision: number;
}

/** Predicted against true values of a regression output (thinned to at most {@link MAX_RESIDUAL_POINTS}). */
export interface Residuals {
  readonly yTrue: readonly number[];
  readonly yPred: readonly number[];
  /** Over every sample of the pass, not only the stored ones. */
  readonly count: number;
  readonly meanResidual: number;
  readonly mae: number;
  readonly rmse: number;
}

/**
 * Cumulative true/false positives at each distinct score, highest score first: predicting positive
 * for score ≥ `thresholds[i]` gives `tps[i]` true and `fps[i]` false positives.
 */
function cumulativeCounts(scores: ArrayLike<number>, positive: ArrayLike<boolean>): { tps: number[]; fps: number[]; thresholds: number[] } {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const tps: number[] = [];
  const fps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (positive[i]) tp++;
    else fp++;
    const next = order[k + 1];
    // A threshold sits after the last sample with this score (ties move together).
    if (next === undefined || scores[next] !== scores[i]) {
      tps.push(tp);
      fps.push(fp);
      thresholds.push(scores[i]!);
    }
  }
  return { tps, fps, thresholds };
}

/** Indices `0..n-1` thinned to at most `max`, evenly, keeping the first and last. */
function thinIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let k = 0; k < max; k++) out.push(Math.round((k * (n - 1)) / (max - 1)));
  return out;
}

function pick<T>(values: readonly T[], at: readonly number[]): T[] {
  return at.map((i) => values[i]!);
}

/**
 * The ROC curve of `scores` against 0/1 labels, or null when one class is absent (the curve is
 * undefined). Same points as `sklearn.metrics.roc_curve(..., drop_intermediate=False)`.
 */
export function rocCurve(scores: ArrayLike<number>, positive: ArrayLike<boolean>): RocCurve | null {
  const { tps, fps, thresholds } = cumulativeCounts(scores, positive);
  const p = tps[tps.length - 1] ?? 0;
  const n = fps[fps.length - 1] ?? 0;
  if (p === 0 || n === 0) return null;
  const fpr = [0, ...fps.map((f) => f / n)];
  const tpr = [0, ...tps.map((t) => t / p)];
  let auc = 0;
  for (let i = 1; i < fpr.length; i++) auc += ((fpr[i]! - fpr[i - 1]!) * (tpr[i]! + tpr[i - 1]!)) / 2;
  const at = thinIndices(fpr.length, MAX_CURVE_POINTS);
  return { fpr: pick(fpr, at), tpr: pick(tpr, at), thresholds: pick([null, ...thresholds], at), auc };
}

/**
 * The precision–recall curve, or null without positive samples. Same points as
 * `sklearn.metrics.precision_recall_curve` (≥ 1.1: every threshold kept, lowest first, then (0, 1)).
 */
export function prCurve(scores: ArrayLike<number>, positive: ArrayLike<boolean>): PrCurve | null {
  const { tps, fps, thresholds } = cumulativeCounts(scores, positive);
  const p = tps[tps.length - 1] ?? 0;
  if (p === 0) return null;
  const precisionDesc = tps.map((t, i) => t / (t + fps[i]!));
  const recallDesc = tps.map((t) => t / p);
  let ap = 0;
  for (let i = 0; i < recallDesc.length; i++) ap += (recallDesc[i]! - (i === 0 ? 0 : recallDesc[i - 1]!)) * precisionDesc[i]!;
  const recall = [...recallDesc].reverse().concat(0);
  const precision = [...precisionDesc].reverse().concat(1);
  const at = thinIndices(recall.length, MAX_CURVE_POINTS);
  const th = [...thresholds].reverse();
  return { recall: pick(recall, at), precision: pick(precision, at), thresholds: at.filter((i) => i < th.length).map((i) => th[i]!), averagePrecision: ap };
}

/** Residual statistics over every element and a thinned sample of (true, predicted) pairs. */
export function residuals(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): Residuals {
  const n = Math.min(yTrue.length, yPred.length);
  let sum = 0;
  let abs = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const r = yPred[i]! - yTrue[i]!;
    sum += r;
    abs += Math.abs(r);
    sq += r * r;
  }
  const at = thinIndices(n, MAX_RESIDUAL_POINTS);
  return {
    yTrue: at.map((i) => yTrue[i]!),
    yPred: at.map((i) => yPred[i]!),
    count: n,
    meanResidual: n === 0 ? NaN : sum / n,
    mae: n === 0 ? NaN : abs / n,
    rmse: n === 0 ? NaN : Math.sqrt(sq / n),
  };
}
