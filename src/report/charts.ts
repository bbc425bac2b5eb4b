/**
 * Chart.js configurations for the report: training curves (runs overlaid), confusion-matrix heat maps,
 * per-class bars, ROC and precision–recall curves, residual plots, class balance and attribution charts.
 * Pure functions from numbers to configurations; nothing here draws.
 */
import type { ChartConfiguration, ChartDataset } from "chart.js";
import type { PrCurve, Residuals, RocCurve } from "../runtime/train/curves.js";
import type { EpochRecord } from "../runtime/train/state.js";
import { divergingColor, sequentialColor, withAlpha } from "./colors.js";
import type { ChartView, XY } from "./view-types.js";
import { maxOf, minOf } from "../util/arrays.js";

const GRID = "#e5e5e5";

/** Options every chart shares: no animation (reports are documents), fixed-height containers. */
function base(xTitle: string, yTitle: string, extra: { xMin?: number; xMax?: number; yMin?: number; yMax?: number; logY?: boolean } = {}): NonNullable<ChartConfiguration<"line">["options"]> {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    interaction: { mode: "nearest", intersect: false },
    plugins: { legend: { position: "bottom", labels: { boxWidth: 14 } } },
    scales: {
      x: { type: "linear", title: { display: true, text: xTitle }, grid: { color: GRID }, ...(extra.xMin === undefined ? {} : { min: extra.xMin }), ...(extra.xMax === undefined ? {} : { max: extra.xMax }) },
      y: {
        type: extra.logY === true ? "logarithmic" : "linear",
        title: { display: true, text: yTitle },
        grid: { color: GRID },
        ...(extra.yMin === undefined ? {} : { min: extra.yMin }),
        ...(extra.yMax === undefined ? {} : { max: extra.yMax }),
      },
    },
  };
}

/** A run's history as the page needs it. */
export interface RunCurves {
  readonly name: string;
  readonly color: string;
  readonly history: readonly EpochRecord[];
}

/** `loss` first, then the other names in the order the first run logged them; `val_`/`test_` folded in. */
export function curveNames(runs: readonly RunCurves[]): string[] {
  const seen: string[] = [];
  for (const r of runs) for (const h of r.history) for (const k of Object.keys(h.logs)) {
    const name = k.startsWith("val_") ? k.slice(4) : k;
    if (!seen.includes(name)) seen.push(name);
  }
  return seen.sort((a, b) => (a === "loss" ? -1 : b === "loss" ? 1 : seen.indexOf(a) - seen.indexOf(b)));
}

function series(history: readonly EpochRecord[], pick: (h: EpochRecord) => number | undefined): XY[] {
  const out: XY[] = [];
  for (const h of history) {
    const y = pick(h);
    if (y !== undefined && Number.isFinite(y)) out.push({ x: h.epoch, y });
  }
  return out;
}

function line(label: string, data: XY[], color: string, dashed = false): ChartDataset<"line", XY[]> {
  return { label, data, borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: data.length > 60 ? 0 : 3, borderDash: dashed ? [6, 4] : [], tension: 0 };
}

/** One chart per loss/metric: every run's training (solid) and validation (dashed) values per epoch. */
export function curveCharts(runs: readonly RunCurves[]): ChartView[] {
  const several = runs.length > 1;
  const charts: ChartView[] = curveNames(runs).map((name) => {
    const datasets: ChartDataset<"line", XY[]>[] = [];
    for (const r of runs) {
      const prefix = several ? `${r.name} · ` : "";
      const train = series(r.history, (h) => h.logs[name]);
      const val = series(r.history, (h) => h.logs[`val_${name}`]);
      if (train.length > 0) datasets.push(line(`${prefix}training`, train, r.color));
      if (val.length > 0) datasets.push(line(`${prefix}validation`, val, several ? r.color : withAlpha(r.color, 0.75), true));
    }
    return { id: `curve-${name}`, title: name, config: { type: "line", data: { datasets }, options: base("epoch", name) } };
  });
  const lr = runs.map((r) => line(several ? r.name : "learning rate", series(r.history, (h) => h.lr), r.color)).filter((d) => d.data.length > 0);
  if (lr.length > 0) charts.push({ id: "curve-lr", title: "learning rate", config: { type: "line", data: { datasets: lr }, options: base("epoch", "learning rate (last step of the epoch)") } });
  return charts;
}

/** A grid of coloured cells over two category axes (first row at the top); `cells` in row-major order. */
function heatmap(
  id: string,
  title: string,
  axes: { readonly x: readonly string[]; readonly y: readonly string[]; readonly xTitle: string; readonly yTitle: string },
  cells: readonly { x: string; y: string; v: number; color: string }[],
  dataset: { readonly label: string; readonly borderWidth: number },
  height: number,
): ChartView {
  return {
    id,
    title,
    matrix: { columns: axes.x.length, rows: axes.y.length },
    height,
    config: {
      type: "matrix",
      data: { datasets: [{ label: dataset.label, data: cells.map(({ x, y, v }) => ({ x, y, v })), backgroundColor: cells.map((c) => c.color), borderColor: "#ffffff", borderWidth: dataset.borderWidth }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { type: "category", labels: [...axes.x], offset: true, title: { display: true, text: axes.xTitle }, grid: { display: false } },
          // First row at the top, as matrices are printed.
          y: { type: "category", labels: [...axes.y], offset: true, reverse: true, title: { display: true, text: axes.yTitle }, grid: { display: false } },
        },
      },
    },
  };
}

/** The confusion matrix as a heat map: rows true classes, columns predicted, colour = share of the row. */
export function confusionChart(id: string, matrix: readonly (readonly number[])[], names: readonly string[]): ChartView {
  const labels = matrix.map((_, c) => names[c] ?? String(c));
  const cells = matrix.flatMap((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((v, p) => ({ x: labels[p]!, y: labels[t]!, v, color: sequentialColor(total === 0 ? 0 : v / total) }));
  });
  const axes = { x: labels, y: labels, xTitle: "predicted class", yTitle: "true class" };
  return heatmap(id, "confusion matrix (colour: share of the true class)", axes, cells, { label: "samples", borderWidth: 1 }, Math.max(280, 36 * matrix.length + 90));
}

/** Precision, recall and F1 per class as grouped bars. */
export function perClassChart(id: string, rows: readonly { name: string; precision: number; recall: number; f1: number }[]): ChartView {
  const names = rows.map((r) => r.name);
  const bar = (label: string, color: string, pick: (r: (typeof rows)[number]) => number): ChartDataset<"bar", number[]> => ({ label, data: rows.map(pick), backgroundColor: color });
  return {
    id,
    title: "precision, recall and F1 per class",
    config: {
      type: "bar",
      data: { labels: names, datasets: [bar("precision", "#0072B2", (r) => r.precision), bar("recall", "#E69F00", (r) => r.recall), bar("F1", "#009E73", (r) => r.f1)] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { position: "bottom" } }, scales: { y: { min: 0, max: 1 } } },
    },
  };
}

/** Samples per class in each split. */
export function classBalanceChart(id: string, names: readonly string[], splits: readonly { split: string; counts: readonly number[] }[]): ChartView {
  const colors = ["#0072B2", "#E69F00", "#009E73"];
  return {
    id,
    title: "class balance (samples per class)",
    config: {
      type: "bar",
      data: { labels: [...names], datasets: splits.map((s, i) => ({ label: s.split, data: [...s.counts], backgroundColor: colors[i % colors.length]! })) },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { position: "bottom" } }, scales: { y: { beginAtZero: true } } },
    },
  };
}

const chance = (label: string, from: XY, to: XY): ChartDataset<"line", XY[]> => ({ ...line(label, [from, to], "#999999", true), pointRadius: 0, borderWidth: 1 });

export function rocChart(id: string, roc: RocCurve, color: string): ChartView {
  const data = roc.fpr.map((x, i) => ({ x, y: roc.tpr[i]! }));
  return {
    id,
    title: `ROC curve (AUC ${roc.auc.toFixed(3)})`,
    config: {
      type: "line",
      data: { datasets: [{ ...line("ROC", data, color), pointRadius: 0 }, chance("chance", { x: 0, y: 0 }, { x: 1, y: 1 })] },
      options: base("false positive rate", "true positive rate", { xMin: 0, xMax: 1, yMin: 0, yMax: 1 }),
    },
  };
}

export function prChart(id: string, pr: PrCurve, positiveShare: number, color: string): ChartView {
  const data = pr.recall.map((x, i) => ({ x, y: pr.precision[i]! }));
  return {
    id,
    title: `precision–recall curve (average precision ${pr.averagePrecision.toFixed(3)})`,
    config: {
      type: "line",
      data: { datasets: [{ ...line("precision–recall", data, color), pointRadius: 0, stepped: "before" }, chance("no skill", { x: 0, y: positiveShare }, { x: 1, y: positiveShare })] },
      options: base("recall", "precision", { xMin: 0, xMax: 1, yMin: 0, yMax: 1 }),
    },
  };
}

function scatter(label: string, data: XY[], color: string): ChartDataset<"scatter", XY[]> {
  return { label, data, backgroundColor: withAlpha(color, 0.5), borderColor: withAlpha(color, 0.5), pointRadius: 2 };
}

/** Predicted against true values, with the identity line. */
export function predictedVsTrueChart(id: string, r: Residuals, color: string): ChartView {
  const data = r.yTrue.map((x, i) => ({ x, y: r.yPred[i]! }));
  const lo = Math.min(minOf(r.yTrue), minOf(r.yPred));
  const hi = Math.max(maxOf(r.yTrue), maxOf(r.yPred));
  return {
    id,
    title: "predicted vs true",
    config: {
      type: "scatter",
      data: { datasets: [scatter("samples", data, color), { ...chance("predicted = true", { x: lo, y: lo }, { x: hi, y: hi }), type: "line" } as unknown as ChartDataset<"scatter", XY[]>] },
      options: base("true value", "predicted value") as NonNullable<ChartConfiguration<"scatter">["options"]>,
    },
  };
}

/** Residuals (predicted − true) against the true value, with the zero line. */
export function residualChart(id: string, r: Residuals, color: string): ChartView {
  const data = r.yTrue.map((x, i) => ({ x, y: r.yPred[i]! - x }));
  const lo = minOf(r.yTrue);
  const hi = maxOf(r.yTrue);
  return {
    id,
    title: `residuals (mean ${r.meanResidual.toPrecision(3)}, MAE ${r.mae.toPrecision(3)}, RMSE ${r.rmse.toPrecision(3)})`,
    config: {
      type: "scatter",
      data: { datasets: [scatter("predicted − true", data, color), { ...chance("zero", { x: lo, y: 0 }, { x: hi, y: 0 }), type: "line" } as unknown as ChartDataset<"scatter", XY[]>] },
      options: base("true value", "residual") as NonNullable<ChartConfiguration<"scatter">["options"]>,
    },
  };
}

/** Largest |value|, for a symmetric colour scale (1 when everything is 0). */
export function maxAbs(values: readonly number[]): number {
  let m = 0;
  for (const v of values) if (Math.abs(v) > m) m = Math.abs(v);
  return m === 0 ? 1 : m;
}

/** A time-step × feature attribution heat map (red: pushes the value up, blue: down). */
export function attributionHeatmap(id: string, title: string, values: readonly (readonly number[])[], features: readonly string[]): ChartView {
  const scale = maxAbs(values.flat());
  const steps = values.map((_, t) => String(t + 1));
  const columns = (values[0] ?? []).map((_, f) => features[f] ?? String(f));
  const cells = values.flatMap((row, t) => row.map((v, f) => ({ x: columns[f]!, y: steps[t]!, v, color: divergingColor(v / scale) })));
  const axes = { x: columns, y: steps, xTitle: "feature", yTitle: "time step" };
  return heatmap(id, title, axes, cells, { label: "attribution", borderWidth: 0 }, Math.max(320, 14 * values.length + 110));
}

/** Attribution per input feature as horizontal bars. */
export function attributionBars(id: string, title: string, values: readonly number[], features: readonly string[]): ChartView {
  const scale = maxAbs(values);
  return {
    id,
    title,
    height: Math.max(240, 22 * values.length + 80),
    config: {
      type: "bar",
      data: { labels: values.map((_, i) => features[i] ?? String(i)), datasets: [{ label: "attribution", data: [...values], backgroundColor: values.map((v) => divergingColor(v / scale)) }] },
      options: { indexAxis: "y", animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } } },
    },
  };
}
