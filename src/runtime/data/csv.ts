/**
 * The `csv(...)` data source: a header row, feature columns by name, one label column per model output,
 * optional per-series sliding windows, and normalization fitted on the training split only.
 */
import { stat } from "node:fs/promises";
import * as tf from "@tensorflow/tfjs";
import type { CsvSource } from "../config.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import { excerptList } from "../../diagnostics/escape.js";
import { csvRows, parseNumericCell, type CsvRow } from "./csv-rows.js";
import { dataError } from "./data-error.js";
import { encodeLabels } from "./labels.js";
import { applyNormalization, fitNormalization, normalizeValue } from "./normalize.js";
import { resolveDataPath } from "./data-path.js";
import { checkSampleElements, effectiveLimit, fitSampleShape, soleInput, type SourceContext, type SourceResult } from "./source.js";
import { sliceDataset, trainCount } from "./split.js";
import type { InMemoryDataset, ModelSignature, Normalization, SampleArray, StreamingDataset } from "./types.js";
import { seriesRanges, slidingWindows, type WindowRef } from "./windows.js";
import { maxOf } from "../../util/arrays.js";

/** Column indices of everything the source uses, checked against the header. */
interface ColumnPlan {
  readonly width: number;
  readonly features: readonly number[];
  readonly labels: readonly { readonly output: ModelSignature["outputs"][number]; readonly column: string; readonly index: number }[];
  readonly group: number | null;
}

function planColumns(src: CsvSource, header: readonly string[], sig: ModelSignature, file: string, offset: number): ColumnPlan {
  const find = (name: string, role: string): number => {
    const i = header.indexOf(name);
    if (i < 0) {
      // The header is data: quote a short excerpt of it, never the whole row (a spec could name a secret file).
      throw dataError("MFG4202", file, `${role} column \`${name}\` is not in the header (row 1), which begins ${excerptList(header, 6)}`, offset, didYouMean(name, header));
    }
    return i;
  };
  const features = src.features.map((f) => find(f, "feature"));
  const labels = sig.outputs.map((output) => {
    const column = src.labels[output.name];
    if (column === undefined) {
      throw dataError("MFG4501", file, `model output \`${output.name}\` has no label column; \`labels\` names: ${Object.keys(src.labels).map((k) => `\`${k}\``).join(", ") || "none"}`, offset, didYouMean(output.name, Object.keys(src.labels)));
    }
    return { output, column, index: find(column, "label") };
  });
  for (const name of Object.keys(src.labels)) {
    if (!sig.outputs.some((o) => o.name === name)) {
      throw dataError("MFG4501", file, `\`labels\` names \`${name}\`, which is not a model output (${sig.outputs.map((o) => `\`${o.name}\``).join(", ")})`, offset, didYouMean(name, sig.outputs.map((o) => o.name)));
    }
  }
  return { width: header.length, features, labels, group: src.groupBy === null ? null : find(src.groupBy, "groupBy") };
}

/** Validates one data row and returns its feature values and label values. */
function readRow(row: CsvRow, plan: ColumnPlan, header: readonly string[], file: string): { features: number[]; labels: number[] } {
  if (row.cells.length !== plan.width) {
    throw dataError("MFG4203", file, `row ${row.line} has ${row.cells.length} cells, expected ${plan.width} (as in the header)`, row.offset);
  }
  return {
    features: plan.features.map((c) => parseNumericCell(row.cells[c]!, file, row, header[c]!)),
    labels: plan.labels.map((l) => parseNumericCell(row.cells[l.index]!, file, row, l.column)),
  };
}

/** The whole table, validated. */
interface CsvTable {
  readonly rows: number;
  readonly features: Float64Array;
  readonly labels: readonly Float64Array[];
  readonly groupKeys: string[] | null;
  readonly positions: readonly { line: number; offset: number }[];
  readonly plan: ColumnPlan;
}

async function readTable(src: CsvSource, file: string, sig: ModelSignature, maxRows: number | null): Promise<CsvTable> {
  let header: readonly string[] | null = null;
  let plan: ColumnPlan | null = null;
  const feats: number[] = [];
  const labelCols: number[][] = [];
  const groupKeys: string[] = [];
  const positions: { line: number; offset: number }[] = [];
  for await (const row of csvRows(file)) {
    if (header === null || plan === null) {
      header = row.cells.map((c) => c.trim());
      plan = planColumns(src, header, sig, file, row.offset);
      plan.labels.forEach(() => labelCols.push([]));
      continue;
    }
    if (maxRows !== null && positions.length >= maxRows) break;
    const { features, labels } = readRow(row, plan, header, file);
    for (const v of features) feats.push(v);
    labels.forEach((v, i) => labelCols[i]!.push(v));
    if (plan.group !== null) groupKeys.push(row.cells[plan.group]!);
    positions.push({ line: row.line, offset: row.offset });
  }
  if (header === null || plan === null || positions.length === 0) {
    throw dataError("MFG4207", file, header === null ? "CSV file is empty; expected a header row and data rows" : "CSV file has a header but no data rows");
  }
  return {
    rows: positions.length,
    features: Float64Array.from(feats),
    labels: labelCols.map((c) => Float64Array.from(c)),
    groupKeys: plan.group === null ? null : groupKeys,
    positions,
    plan,
  };
}

/** Loads a `csv(...)` source, split and normalized as the context asks. */
export async function loadCsv(src: CsvSource, ctx: SourceContext): Promise<SourceResult> {
  const file = await resolveDataPath(ctx.specDir, src.path, ctx.dataRoots);
  const limit = effectiveLimit(src.limit, ctx.limit);
  const size = (await stat(file)).size;
  if (size > ctx.streamThresholdBytes && src.window === null) return streamCsv(src, file, ctx, limit);

  const table = await readTable(src, file, ctx.signature, src.window === null ? limit : null);
  const nf = src.features.length;
  // Samples are row indices (plain rows) or windows over rows.
  let windows: WindowRef[] | null = null;
  if (src.window !== null) {
    windows = slidingWindows(seriesRanges(table.groupKeys, table.rows), src.window);
    if (limit !== null) windows = windows.slice(0, limit);
    if (windows.length === 0) {
      throw dataError("MFG4208", file, `no window of ${src.window.size} rows plus a horizon of ${src.window.horizon} fits in any series (longest series: ${maxOf(seriesRanges(table.groupKeys, table.rows).map(([a, b]) => b - a), 0)} rows)`);
    }
  }
  const n = windows === null ? table.rows : windows.length;
  const nTrain = ctx.validationSplit === null ? n : trainCount(n, ctx.validationSplit, file);

  let normalization: Normalization | null = ctx.normalization;
  if (normalization === null && src.normalize !== "none") {
    // Training rows only: rows covered by a training sample (for windows, every row inside one).
    const used = new Uint8Array(table.rows);
    for (let i = 0; i < nTrain; i++) {
      if (windows === null) used[i] = 1;
      else for (let r = windows[i]!.start; r < windows[i]!.start + src.window!.size; r++) used[r] = 1;
    }
    normalization = fitNormalization(src.normalize, src.features, table.features, table.rows, (r) => used[r] === 1);
  }
  if (normalization !== null) {
    if (normalization.features.join("\u0000") !== src.features.join("\u0000")) {
      throw dataError("MFG4501", file, `feature columns ${src.features.map((f) => `\`${f}\``).join(", ")} differ from the training data's ${normalization.features.map((f) => `\`${f}\``).join(", ")}`);
    }
    applyNormalization(normalization, table.features);
  }

  const input = soleInput(ctx.signature, file);
  const dataShape = windows === null ? [nf] : [src.window!.size, nf];
  const sampleShape = fitSampleShape(dataShape, input.shape.slice(1), file, input.name);
  const per = dataShape.reduce((a, b) => a * b, 1);
  checkSampleElements(n, per, file);
  const x = input.dtype === "int32" ? new Int32Array(n * per) : new Float32Array(n * per);
  const labelRows = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const start = windows === null ? i : windows[i]!.start;
    x.set(table.features.subarray(start * nf, start * nf + per), i * per);
    labelRows[i] = windows === null ? i : windows[i]!.labelRow;
  }
  const targets: Record<string, SampleArray> = {};
  for (const [k, l] of table.plan.labels.entries()) {
    const values = Array.from(labelRows, (r) => table.labels[k]![r]!);
    targets[l.output.name] = encodeLabels(values, l.output.shape, l.output.loss, (i) => {
      const pos = table.positions[labelRows[i]!]!;
      return { file, where: `row ${pos.line}, column \`${l.column}\``, offset: pos.offset };
    });
  }
  const all: InMemoryDataset = { kind: "memory", size: n, inputs: { [input.name]: { data: x, sampleShape, dtype: input.dtype } }, targets };
  if (ctx.validationSplit === null) return { train: all, validation: null, normalization, classNames: null };
  return { train: sliceDataset(all, 0, nTrain), validation: sliceDataset(all, nTrain, n), normalization, classNames: null };
}

/**
 * A CSV too large for memory (plain rows, no windows). A first pass validates every cell, counts rows
 * and fits normalization on the training rows, so bad data still fails before training; each epoch
 * then re-reads the file in chunks.
 */
async function streamCsv(src: CsvSource, file: string, ctx: SourceContext, limit: number | null): Promise<SourceResult> {
  const input = soleInput(ctx.signature, file);
  const sampleShape = fitSampleShape([src.features.length], input.shape.slice(1), file, input.name);
  let header: readonly string[] | null = null;
  let plan: ColumnPlan | null = null;
  let rows = 0;
  for await (const row of csvRows(file)) {
    if (header === null || plan === null) {
      header = row.cells.map((c) => c.trim());
      plan = planColumns(src, header, ctx.signature, file, row.offset);
      continue;
    }
    if (limit !== null && rows >= limit) break;
    const { labels } = readRow(row, plan, header, file);
    plan.labels.forEach((l, k) => encodeLabels([labels[k]!], l.output.shape, l.output.loss, () => ({ file, where: `row ${row.line}, column \`${l.column}\``, offset: row.offset })));
    rows++;
  }
  if (header === null || plan === null || rows === 0) throw dataError("MFG4207", file, "CSV file has no data rows");
  const nTrain = ctx.validationSplit === null ? rows : trainCount(rows, ctx.validationSplit, file);
  let normalization = ctx.normalization;
  if (normalization === null && src.normalize !== "none") normalization = await fitStreaming(src, file, header, plan, nTrain);
  const make = (start: number, end: number): StreamingDataset => csvStreamRange(file, header!, plan!, normalization, input.name, sampleShape, start, end);
  if (ctx.validationSplit === null) return { train: make(0, rows), validation: null, normalization, classNames: null };
  return { train: make(0, nTrain), validation: make(nTrain, rows), normalization, classNames: null };
}

/** Fits normalization over the first `nTrain` data rows in one pass without holding them (Welford / running min-max). */
async function fitStreaming(src: CsvSource, file: string, header: readonly string[], plan: ColumnPlan, nTrain: number): Promise<Normalization> {
  const nf = src.features.length;
  let count = 0;
  const mean = new Array<number>(nf).fill(0);
  const m2 = new Array<number>(nf).fill(0);
  const lo = new Array<number>(nf).fill(Infinity);
  const hi = new Array<number>(nf).fill(-Infinity);
  let seenHeader = false;
  let index = 0;
  for await (const r of csvRows(file)) {
    if (!seenHeader) {
      seenHeader = true;
      continue;
    }
    if (index++ >= nTrain) break;
    const { features } = readRow(r, plan, header, file);
    count++;
    features.forEach((x, j) => {
      const delta = x - mean[j]!;
      mean[j] = mean[j]! + delta / count;
      m2[j] = m2[j]! + delta * (x - mean[j]!);
      lo[j] = Math.min(lo[j]!, x);
      hi[j] = Math.max(hi[j]!, x);
    });
  }
  if (src.normalize === "minmax") {
    return { kind: "minmax", features: [...src.features], a: lo, b: hi.map((h, j) => (h - lo[j]! < 1e-12 ? lo[j]! + 1 : h)) };
  }
  const std = m2.map((v) => Math.sqrt(v / Math.max(count, 1)));
  return { kind: "zscore", features: [...src.features], a: mean, b: std.map((s) => (s > 1e-12 ? s : 1)) };
}

/** Rows `[start, end)` of a CSV, re-read on every pass through `tf.data`. */
function csvStreamRange(
  file: string,
  header: readonly string[],
  plan: ColumnPlan,
  normalization: Normalization | null,
  inputName: string,
  sampleShape: readonly number[],
  start: number,
  end: number,
): StreamingDataset {
  async function* samples(): AsyncGenerator<{ xs: Record<string, tf.Tensor>; ys: Record<string, tf.Tensor> }> {
    let seenHeader = false;
    let index = -1;
    for await (const row of csvRows(file)) {
      if (!seenHeader) {
        seenHeader = true;
        continue;
      }
      index++;
      if (index < start) continue;
      if (index >= end) break;
      const { features, labels } = readRow(row, plan, header, file);
      const x = Float32Array.from(features, (v, j) => (normalization === null ? v : normalizeValue(normalization, j, v)));
      const ys: Record<string, tf.Tensor> = {};
      plan.labels.forEach((l, k) => {
        const enc = encodeLabels([labels[k]!], l.output.shape, l.output.loss, () => ({ file, where: `row ${row.line}`, offset: row.offset }));
        ys[l.output.name] = tf.tensor(enc.data, [...enc.sampleShape], enc.dtype);
      });
      yield { xs: { [inputName]: tf.tensor(x, [...sampleShape], "float32") }, ys };
    }
  }
  return {
    kind: "stream",
    size: end - start,
    dataset(epochSeed, batchSize, shuffle) {
      let ds = tf.data.generator(samples as unknown as () => Iterator<{ xs: Record<string, tf.Tensor>; ys: Record<string, tf.Tensor> }>);
      if (shuffle) ds = ds.shuffle(1024, String(epochSeed));
      return ds.batch(batchSize) as unknown as tf.data.Dataset<{ xs: Record<string, tf.Tensor>; ys: Record<string, tf.Tensor> }>;
    },
  };
}
