/**
 * Every metric of src/runtime/train/metrics.ts against hand-worked values. Definitions: Keras 3's
 * binary/categorical accuracy, Precision, Recall and F1Score (threshold 0.5 with a strict `>`, and
 * 0 where a ratio is 0/0: `divide_no_nan`; macro F1 averaged over all classes, as F1Score(average="macro")),
 * MAE/MSE/RMSE as element means; AUC is the exact ROC area (Mann–Whitney, ties counting ½), one-vs-rest and
 * macro-averaged over the classes present for several classes (scikit-learn's roc_auc_score(average="macro",
 * multi_class="ovr")).
 */
import { describe, expect, it } from "vitest";
import type { LossName, MetricName } from "../../../src/runtime/config.js";
import { classReport, computeMetrics, rocAuc, type OutputPredictions } from "../../../src/runtime/train/metrics.js";

const ALL: MetricName[] = ["accuracy", "precision", "recall", "f1", "auc", "mae", "mse", "rmse"];

function binary(yPred: number[], yTrue: number[]): OutputPredictions {
  return { loss: "binary_crossentropy", yPred: Float32Array.from(yPred), predWidth: 1, yTrue: Float32Array.from(yTrue), trueWidth: 1 };
}

function categorical(rows: number[][], truth: number[], loss: LossName = "categorical_crossentropy"): OutputPredictions {
  const width = rows[0]!.length;
  const sparse = loss === "sparse_categorical_crossentropy";
  const yTrue = sparse ? Float32Array.from(truth) : Float32Array.from(truth.flatMap((t) => Array.from({ length: width }, (_, j) => (j === t ? 1 : 0))));
  return { loss, yPred: Float32Array.from(rows.flat()), predWidth: width, yTrue, trueWidth: sparse ? 1 : width };
}

describe("binary metrics (1-unit output)", () => {
  it("predictions exactly at the 0.5 threshold are negative (Keras's strict >): labels [1, 0, 0, 0] give accuracy 0.75, precision 0, recall 0", () => {
    const m = computeMetrics(ALL, binary([0.5, 0.5, 0.5, 0.5], [1, 0, 0, 0]));
    expect(m.accuracy).toBe(0.75);
    expect(m.precision).toBe(0);
    expect(m.recall).toBe(0);
    expect(m.f1).toBe(0);
    // All scores tie: AUC ½.
    expect(m.auc).toBe(0.5);
  });

  it("a worked confusion matrix: TP 2, FP 2, FN 1, TN 1", () => {
    // p > 0.5 → 1 1 0 0 1 1 against 1 0 1 0 1 0.
    const p = [0.9, 0.6, 0.4, 0.2, 0.7, 0.51];
    const y = [1, 0, 1, 0, 1, 0];
    const m = computeMetrics(ALL, binary(p, y));
    expect(m.accuracy).toBe(3 / 6);
    expect(m.precision).toBe(2 / 4);
    expect(m.recall).toBe(2 / 3);
    expect(m.f1).toBeCloseTo(4 / 7, 12); // 2·½·⅔ / (½ + ⅔)
    // Positive scores {0.9, 0.4, 0.7} beat negative {0.6, 0.2, 0.51} in 3 + 1 + 3 of 9 pairs.
    expect(m.auc).toBeCloseTo(7 / 9, 12);
    // |errors| 0.1 0.6 0.6 0.2 0.3 0.51 (float32 inputs, so 6 digits).
    expect(m.mae).toBeCloseTo(2.31 / 6, 6);
    expect(m.mse).toBeCloseTo(1.1201 / 6, 6);
    expect(m.rmse).toBeCloseTo(Math.sqrt(1.1201 / 6), 6);
  });

  it("an all-positive batch: precision 1, recall ½, AUC undefined (NaN)", () => {
    const m = computeMetrics(ALL, binary([0.8, 0.3], [1, 1]));
    expect([m.accuracy, m.precision, m.recall, m.f1]).toEqual([0.5, 1, 0.5, 2 / 3]);
    expect(m.auc).toBeNaN();
  });

  it("an all-negative batch predicted negative: accuracy 1, precision and recall 0 (0/0 counts as 0)", () => {
    const m = computeMetrics(ALL, binary([0.1, 0.5], [0, 0]));
    expect([m.accuracy, m.precision, m.recall, m.f1]).toEqual([1, 0, 0, 0]);
  });

  it("labels are read as positive from 0.5 up (soft labels)", () => {
    expect(computeMetrics(["recall"], binary([0.9, 0.9], [0.5, 0.49])).recall).toBe(1);
    expect(computeMetrics(["accuracy"], binary([0.9, 0.9], [0.5, 0.49])).accuracy).toBe(0.5);
  });

  it("no samples: every ratio 0, as divide_no_nan", () => {
    expect(computeMetrics(["accuracy", "mae", "mse"], binary([], []))).toEqual({ accuracy: 0, mae: 0, mse: 0 });
  });

  it("just above the threshold is positive", () => {
    expect(computeMetrics(["accuracy"], binary([Math.fround(0.5000001)], [1])).accuracy).toBe(1);
  });
});

describe("categorical metrics and macro averages", () => {
  // truth 0 0 1 2 (class 3 never occurs nor is predicted); argmax 0 1 1 1.
  const rows = [
    [0.9, 0.1, 0, 0],
    [0.2, 0.7, 0.1, 0],
    [0.1, 0.8, 0.1, 0],
    [0.3, 0.4, 0.3, 0],
  ];
  const truth = [0, 0, 1, 2];

  it("per-class precision/recall/F1 and the confusion matrix", () => {
    const r = classReport(categorical(rows, truth));
    expect(r.confusion).toEqual([[1, 1, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0]]);
    expect(r.precision).toEqual([1, 1 / 3, 0, 0]);
    expect(r.recall).toEqual([0.5, 1, 0, 0]);
    expect(r.f1[0]).toBeCloseTo(2 / 3, 12);
    expect(r.f1[1]).toBeCloseTo(0.5, 12);
    expect(r.support).toEqual([2, 1, 1, 0]);
  });

  it("macro averages count empty classes as 0 over all classes (Keras F1Score average='macro')", () => {
    for (const loss of ["categorical_crossentropy", "sparse_categorical_crossentropy"] as const) {
      const m = computeMetrics(["accuracy", "precision", "recall", "f1"], categorical(rows, truth, loss));
      expect(m.accuracy, loss).toBe(0.5);
      expect(m.precision, loss).toBeCloseTo((1 + 1 / 3) / 4, 12);
      expect(m.recall, loss).toBeCloseTo(1.5 / 4, 12);
      expect(m.f1, loss).toBeCloseTo((2 / 3 + 0.5) / 4, 12);
    }
  });

  it("argmax ties go to the first class (ops.argmax)", () => {
    const m = computeMetrics(["accuracy"], categorical([[0.4, 0.4, 0.2], [0.3, 0.35, 0.35]], [0, 1]));
    expect(m.accuracy).toBe(1);
  });

  it("each row's argmax looks at that row only", () => {
    // Row 0's argmax is class 1 even though the next row starts with a larger value.
    expect(classReport(categorical([[0.2, 0.8], [0.9, 0.1]], [1, 0])).confusion).toEqual([[1, 0], [0, 1]]);
  });

  it("F1 is the harmonic mean also when precision equals recall (TP 1, FP 1, FN 1: ½, ½, ½)", () => {
    const m = computeMetrics(["precision", "recall", "f1"], binary([0.9, 0.8, 0.1, 0.2], [1, 0, 1, 0]));
    expect([m.precision, m.recall, m.f1]).toEqual([0.5, 0.5, 0.5]);
  });

  it("AUC one-vs-rest, macro over the classes present", () => {
    // Class 0: positives {0.6, 0.25} vs negatives {0.3, 0.1}: 3 of 4 pairs. Class 1: {0.5} vs {0.2, 0.3, 0.55}: 2 of 3.
    // Class 2: {0.6} vs {0.2, 0.2, 0.2}: 1. Class 3 never occurs: left out.
    const p = [
      [0.6, 0.2, 0.2, 0],
      [0.3, 0.5, 0.2, 0],
      [0.1, 0.3, 0.6, 0],
      [0.25, 0.55, 0.2, 0],
    ];
    const m = computeMetrics(["auc"], categorical(p, [0, 1, 2, 0]));
    expect(m.auc).toBeCloseTo((3 / 4 + 2 / 3 + 1) / 3, 6);
  });

  it("MAE/MSE against one-hot targets, also from sparse ids", () => {
    const p = [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]];
    // |errors| 0.3 0.2 0.1 | 0.1 0.1 0.2 → 1.0/6; squares 0.09 0.04 0.01 0.01 0.01 0.04 → 0.2/6.
    for (const loss of ["categorical_crossentropy", "sparse_categorical_crossentropy"] as const) {
      const m = computeMetrics(["mae", "mse", "rmse"], categorical(p, [0, 2], loss));
      expect(m.mae, loss).toBeCloseTo(1 / 6, 6);
      expect(m.mse, loss).toBeCloseTo(0.2 / 6, 6);
      expect(m.rmse, loss).toBeCloseTo(Math.sqrt(0.2 / 6), 6);
    }
  });
});

describe("regression outputs", () => {
  it("report MAE/MSE/RMSE and skip classification metrics", () => {
    const p: OutputPredictions = { loss: "mse", yPred: Float32Array.from([1.5, 2, 2, 5]), predWidth: 2, yTrue: Float32Array.from([1, 2, 3, 4]), trueWidth: 2 };
    expect(computeMetrics(ALL, p)).toEqual({ mae: expect.closeTo(0.625, 9), mse: expect.closeTo(0.5625, 9), rmse: expect.closeTo(0.75, 9) });
  });
});

describe("rocAuc", () => {
  it("by ranks, ties counting ½", () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBe(0.75);
    // Positives {0.5, 0.8} vs negatives {0.3, 0.5}: 1 + ½ + 2 of 4.
    expect(rocAuc([0.3, 0.5, 0.5, 0.8], [false, true, false, true])).toBe(0.875);
    expect(rocAuc([0.9, 0.1], [false, true])).toBe(0);
    expect(rocAuc([0.2, 0.3], [true, true])).toBeNaN();
    expect(rocAuc([0.2, 0.3], [false, false])).toBeNaN();
  });
});
