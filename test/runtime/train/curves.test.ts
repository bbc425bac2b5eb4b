/**
 * ROC and precision–recall curves and residuals recorded in report.json. Expected values are the
 * examples of scikit-learn's documentation (sklearn.metrics.roc_curve, precision_recall_curve and
 * average_precision_score, y_true [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8]).
 */
import { describe, expect, it } from "vitest";
import { MAX_CURVE_POINTS, MAX_RESIDUAL_POINTS, prCurve, residuals, rocCurve } from "../../../src/runtime/train/curves.js";
import { rocAuc } from "../../../src/runtime/train/metrics.js";

const scores = [0.1, 0.4, 0.35, 0.8];
const positive = [false, false, true, true];

describe("ROC curve", () => {
  it("matches scikit-learn's roc_curve example", () => {
    const r = rocCurve(scores, positive)!;
    // sklearn: fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [inf, 0.8, 0.4, 0.35, 0.1]
    expect(r.fpr).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(r.tpr).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(r.thresholds).toEqual([null, 0.8, 0.4, 0.35, 0.1]);
    // sklearn roc_auc_score of the same example: 0.75.
    expect(r.auc).toBeCloseTo(0.75, 12);
  });

  it("moves tied scores together, and its area equals the rank-sum AUC", () => {
    const s = [0.2, 0.2, 0.7, 0.7, 0.9, 0.1, 0.5, 0.5];
    const p = [false, true, true, false, true, false, true, false];
    const r = rocCurve(s, p)!;
    // 5 distinct scores → 5 thresholds plus the origin.
    expect(r.fpr).toHaveLength(6);
    expect(r.auc).toBeCloseTo(rocAuc(s, p), 12);
  });

  it("is undefined without both classes", () => {
    expect(rocCurve([0.3, 0.6], [true, true])).toBeNull();
  });

  it("keeps at most MAX_CURVE_POINTS points, including both ends", () => {
    const n = 5000;
    const s = Array.from({ length: n }, (_, i) => (i * 7919) % n / n);
    const p = Array.from({ length: n }, (_, i) => i % 3 === 0);
    const r = rocCurve(s, p)!;
    expect(r.fpr).toHaveLength(MAX_CURVE_POINTS);
    expect([r.fpr[0], r.tpr[0]]).toEqual([0, 0]);
    expect([r.fpr.at(-1), r.tpr.at(-1)]).toEqual([1, 1]);
  });
});

describe("precision–recall curve", () => {
  it("matches scikit-learn's precision_recall_curve and average_precision_score examples", () => {
    const r = prCurve(scores, positive)!;
    // sklearn ≥ 1.1: precision [0.5, 0.6667, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0], thresholds [0.1, 0.35, 0.4, 0.8]
    expect(r.precision.map((v) => Number(v.toFixed(4)))).toEqual([0.5, 0.6667, 0.5, 1, 1]);
    expect(r.recall).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(r.thresholds).toEqual([0.1, 0.35, 0.4, 0.8]);
    // sklearn: average_precision_score → 0.8333…
    expect(r.averagePrecision).toBeCloseTo(5 / 6, 12);
  });
});

describe("residuals", () => {
  it("are predicted − true, with mean, MAE and RMSE over every sample", () => {
    const r = residuals([1, 2, 3, 4], [1.5, 1.5, 3, 6]);
    // residuals 0.5, −0.5, 0, 2: mean 0.5, MAE 3/4, RMSE √(4.5/4)
    expect(r.meanResidual).toBeCloseTo(0.5, 12);
    expect(r.mae).toBeCloseTo(0.75, 12);
    expect(r.rmse).toBeCloseTo(Math.sqrt(4.5 / 4), 12);
    expect(r.yTrue).toEqual([1, 2, 3, 4]);
  });

  it("store at most MAX_RESIDUAL_POINTS pairs but compute statistics on all", () => {
    const n = 10_000;
    const t = Array.from({ length: n }, (_, i) => i);
    const r = residuals(t, t.map((v) => v + 1));
    expect(r.yTrue).toHaveLength(MAX_RESIDUAL_POINTS);
    expect(r.count).toBe(n);
    expect(r.mae).toBe(1);
  });
});
