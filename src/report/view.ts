/**
 * Run folders → the report's view: overlaid curves of every run, then per run its facts, evaluation
 * (confusion matrix, per-class scores, ROC/PR, residuals), class balance, model graph, pass report,
 * settings and explanations. Everything shown comes from what the run folder records.
 */
import { formatCount, formatShape } from "../cli/format-summary.js";
import type { Explanation } from "../explain/explanation.js";
import type { OutputReport } from "../runtime/train/report.js";
import type { RunInfo } from "../runtime/train/run-info.js";
import type { GraphLayer } from "../runtime/train/model-graph.js";
import {
  attributionBars,
  attributionHeatmap,
  classBalanceChart,
  confusionChart,
  curveCharts,
  perClassChart,
  prChart,
  predictedVsTrueChart,
  residualChart,
  rocChart,
} from "./charts.js";
import { runColor } from "./colors.js";
import type { ExplanationWithImages, RunData } from "./run-folder.js";
import type { ChartView, GraphView, ImageView, ReportView, RunView, SectionView, TableView } from "./view-types.js";
import { pushAll } from "../util/arrays.js";

const fmt = (v: number, digits = 4): string => (Number.isInteger(v) ? String(v) : Number.isFinite(v) ? v.toFixed(digits) : String(v));
const seconds = (s: number): string => (s >= 120 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`);
/** Chart ids are DOM ids: run index plus a slug. */
const slug = (s: string): string => s.replace(/[^A-Za-z0-9_-]+/g, "-");

/** "finished", "training: epoch 3 of 10", … from what the folder holds. */
export function runStatus(run: RunData): string {
  const planned = run.info?.config.epochs;
  const done = run.history.length;
  if (run.report !== null) return `finished: ${run.report.epochsRun} epoch${run.report.epochsRun === 1 ? "" : "s"}${run.report.stoppedEarly ? " (stopped early)" : ""}`;
  return planned === undefined ? `${done} epoch${done === 1 ? "" : "s"} recorded` : `training: epoch ${done} of ${planned} done`;
}

function facts(run: RunData): [string, string][] {
  const out: [string, string][] = [];
  const { info, report, compile } = run;
  if (compile !== null) out.push(["spec", compile.spec], ["compiled by", `mfgc ${compile.mfgcVersion}`]);
  const hash = info?.specHash ?? report?.specHash;
  if (hash !== undefined) out.push(["spec sha256", hash.slice(0, 16)]);
  const backend = info?.backend ?? report?.backend;
  if (backend !== undefined) out.push(["backend", `${backend.name} — ${backend.reason}`]);
  if (info !== null) {
    out.push(["versions", `tfjs ${info.versions.tfjs}, node ${info.versions.node}`], ["started", info.startedAt]);
    if (info.resumedFromEpoch !== null) out.push(["resumed after epoch", String(info.resumedFromEpoch)]);
    out.push(["epochs × batch", `${info.config.epochs} × ${info.config.batchSize}`], ["seed", String(info.config.seed)]);
    if (info.limit !== null) out.push(["--limit", String(info.limit)]);
    const split = (n: number | undefined) => (n === undefined ? "—" : formatCount(n));
    out.push(["samples (train / validation / test)", `${split(info.data.train.size)} / ${split(info.data.validation?.size)} / ${split(info.data.test?.size)}`]);
    out.push(["parameters", `${formatCount(info.graph.totalParams)} (${formatCount(info.graph.trainableParams)} trainable)`]);
  }
  if (report !== null) {
    out.push(["duration", `${seconds(report.timings.totalSeconds)} (data ${seconds(report.timings.dataSeconds)})`]);
    if (report.bestEpoch !== null) out.push(["best epoch (early stopping)", String(report.bestEpoch)]);
    if (report.test !== null) out.push(["test", Object.entries(report.test).map(([k, v]) => `${k} ${fmt(v)}`).join(", ")]);
  } else if (run.history.length > 0) {
    const total = run.history.reduce((s, h) => s + (Number.isFinite(h.seconds) ? h.seconds : 0), 0);
    out.push(["time so far", seconds(total)]);
  }
  const last = run.history[run.history.length - 1];
  if (last !== undefined) out.push(["last epoch", Object.entries(last.logs).map(([k, v]) => `${k} ${fmt(v)}`).join(", ")]);
  return out;
}

function classNamesOf(run: RunData, out: OutputReport): string[] {
  const fromInfo = run.info?.data.classNames[out.output];
  if (fromInfo !== undefined) return [...fromInfo];
  return (out.perClass ?? []).map((r) => r.name);
}

function evaluationSections(run: RunData, index: number): SectionView[] {
  const report = run.report;
  if (report === null) return [];
  const color = runColor(index);
  const split = report.evaluatedOn ?? "test or validation";
  return report.outputs.map((out) => {
    const id = `r${index}-${slug(out.output)}`;
    const charts: ChartView[] = [];
    const tables: TableView[] = [];
    const names = classNamesOf(run, out);
    if (out.confusion !== null) charts.push(confusionChart(`${id}-confusion`, out.confusion, names));
    if (out.perClass !== null) {
      charts.push(perClassChart(`${id}-perclass`, out.perClass.map((r) => ({ name: names[r.class] ?? r.name, precision: r.precision, recall: r.recall, f1: r.f1 }))));
      tables.push({
        title: "per class",
        header: ["class", "precision", "recall", "F1", "support"],
        rows: out.perClass.map((r) => [names[r.class] ?? r.name, fmt(r.precision, 3), fmt(r.recall, 3), fmt(r.f1, 3), formatCount(r.support)]),
        numeric: [1, 2, 3, 4],
      });
      tables.push({
        title: "confusion matrix (rows: true class, columns: predicted)",
        header: ["true \\ predicted", ...names],
        rows: (out.confusion ?? []).map((row, t) => [names[t] ?? String(t), ...row.map((v) => formatCount(v))]),
        numeric: names.map((_, i) => i + 1),
      });
    }
    if (out.roc !== undefined && out.roc !== null) charts.push(rocChart(`${id}-roc`, out.roc, color));
    if (out.pr !== undefined && out.pr !== null) {
      const support = out.perClass ?? [];
      const total = support.reduce((s, r) => s + r.support, 0);
      charts.push(prChart(`${id}-pr`, out.pr, total === 0 ? 0 : (support[1]?.support ?? 0) / total, color));
    }
    if (out.residuals !== undefined && out.residuals !== null) {
      charts.push(predictedVsTrueChart(`${id}-pred`, out.residuals, color), residualChart(`${id}-residuals`, out.residuals, color));
    }
    const kind = out.kind === undefined ? "" : ` (${out.kind})`;
    return { title: `output \`${out.output}\`${kind} on the ${split} set`, charts, tables };
  });
}

function balanceSection(run: RunData, index: number): SectionView | null {
  const info = run.info;
  if (info === null) return null;
  const charts: ChartView[] = [];
  const notes: string[] = [];
  for (const [output, names] of Object.entries(info.data.classNames)) {
    const splits = (["train", "validation", "test"] as const).flatMap((s) => {
      const counts = info.data[s]?.classCounts[output];
      return counts === undefined || counts === null ? [] : [{ split: s, counts }];
    });
    if (splits.length > 0) charts.push(classBalanceChart(`r${index}-balance-${slug(output)}`, names, splits));
    else notes.push(`output \`${output}\`: the splits are streamed, so classes were not counted`);
  }
  return charts.length === 0 && notes.length === 0 ? null : { title: "class balance per split", charts, notes };
}

function shapeText(shape: GraphLayer["outputShape"]): string {
  const first = shape[0];
  return Array.isArray(first) ? (shape as readonly (readonly (number | null)[])[]).map((s) => formatShape(s)).join(" ") : formatShape(shape as readonly (number | null)[]);
}

/** The model graph: one node per layer (name, class, output shape, parameters), edges from inputs. */
export function graphView(info: RunInfo): GraphView {
  const outputs = new Set(info.graph.outputs);
  const inputs = new Set(info.graph.inputs);
  return {
    nodes: info.graph.layers.map((l) => ({
      id: l.name,
      lines: [`${l.name}: ${l.className}`, shapeText(l.outputShape), ...(l.params > 0 ? [`${formatCount(l.params)} params${l.trainable ? "" : " (frozen)"}`] : [])],
      role: inputs.has(l.name) ? "input" : outputs.has(l.name) ? "output" : "layer",
      frozen: l.params > 0 && !l.trainable,
    })),
    edges: info.graph.layers.flatMap((l) => l.inputs.map((from) => ({ from, to: l.name }))),
  };
}

function transferNotes(info: RunInfo): string[] {
  const t = info.transfer;
  if (t === null) return [];
  return [
    `weights transferred from ${t.kind} \`${t.source}\`: ${t.loaded.join(", ") || "none"}`,
    ...(t.fresh.length > 0 ? [`started fresh (not in the source): ${t.fresh.join(", ")}`] : []),
    ...(t.frozen.length > 0 ? [`frozen: ${t.frozen.join(", ")}${t.unfreezeAt === null ? "" : ` until epoch ${t.unfreezeAt}`}`] : []),
    ...(t.lrScale !== 1 ? [`learning rate of transferred layers × ${t.lrScale}`] : []),
  ];
}

const png = (bytes: Uint8Array): string => `data:image/png;base64,${Buffer.from(bytes).toString("base64")}`;

function explanationSection(e: ExplanationWithImages, runIndex: number, k: number): SectionView {
  const x: Explanation = e.explanation;
  const id = `r${runIndex}-explain-${k}`;
  const images: ImageView[] = [...e.images].map(([file, bytes]) => ({ title: file.replace(/\.png$/, "").replace(/[-_]/g, " "), src: png(bytes) }));
  const charts: ChartView[] = [];
  const features = x.featureNames ?? [];
  const title = `integrated gradients for \`${x.output}\` → ${x.target.name}`;
  if (x.inputKind === "sequence") charts.push(attributionHeatmap(`${id}-heat`, `${title} (time step × feature)`, x.attributions as number[][], features.length > 0 ? features : (x.attributions[0] as number[]).map((_, i) => `f${i}`)));
  if (x.inputKind === "features") charts.push(attributionBars(`${id}-bars`, title, x.attributions as number[], features));
  const predicted = x.classNames === null ? x.prediction.map((v) => fmt(v)).join(", ") : x.prediction.map((v, i) => `${x.classNames![i] ?? i} ${fmt(v, 3)}`).join(", ");
  return {
    title: `explanation: ${e.name}`,
    facts: [
      ["input", x.input],
      ["prediction", predicted],
      ["explained value", `${x.target.name}: ${fmt(x.completeness.score)} (baseline ${fmt(x.completeness.baselineScore)})`],
      ["completeness", `Σ attributions ${fmt(x.completeness.sum)} vs f(x) − f(baseline) ${fmt(x.completeness.expected)} (error ${(100 * x.completeness.relativeError).toFixed(3)} %, ${x.steps} steps)`],
      ...(x.gradCam === null ? [] : [["Grad-CAM layer", x.gradCam.layer] as [string, string]]),
    ],
    images,
    charts,
  };
}

function runView(run: RunData, index: number): RunView {
  const sections: SectionView[] = [{ title: "run", facts: facts(run) }];
  pushAll(sections, evaluationSections(run, index));
  const balance = balanceSection(run, index);
  if (balance !== null) sections.push(balance);
  if (run.info !== null) sections.push({ title: `model \`${run.info.graph.name}\``, graph: graphView(run.info), notes: transferNotes(run.info) });
  if (run.compile !== null) {
    const lines = run.compile.passes.flatMap((p) => p.changes.map((c) => `${p.pass}: ${c.message}${c.line === null ? "" : ` (line ${c.line})`}`));
    sections.push({ title: "optimization passes", notes: lines.length === 0 ? ["no pass changed the graph"] : lines });
  }
  run.explanations.forEach((e, k) => sections.push(explanationSection(e, index, k)));
  if (run.info !== null) sections.push({ title: "settings (as run)", pre: JSON.stringify(run.info.config, null, 2) });
  return { name: run.name, color: runColor(index), status: runStatus(run), sections };
}

export function reportView(runs: readonly RunData[], generator: string): ReportView {
  return {
    title: runs.length === 1 ? `mfgc report: ${runs[0]!.name}` : `mfgc report: ${runs.length} runs`,
    generator,
    curves: curveCharts(runs.map((r, i) => ({ name: r.name, color: runColor(i), history: r.history }))),
    runs: runs.map((r, i) => runView(r, i)),
  };
}
