/**
 * The `csv(...)` data source: a header row, feature columns by name, one label column per model output,
 * optional per-series sliding windows, and normalization fitted on the training split only.
 */
import { stat } from "node:fs/promises";
import * as tf from "@tensorflow/tfjs";
import type { CsvSource } from "../config.js";
import { didYouMean, hintsOr } from "../../diagnostics/suggest.js";
import { excerptList } from "../../diagnostics/escape.js";
import { csvRows, isNumericText, parseNumericCell, type CsvRow } from "./csv-rows.js";
import { dataError, fileErrorHint } from "./data-error.js";
import { classLabelsOf } from "./class-labels.js";
import { badIdError, badIdReason, type IdRange } from "./ids.js";
import { encodeLabels, isClassification } from "./labels.js";
import { applyNormalization, fitNormalization, normalizeValue } from "./normalize.js";
import { resolveDataPath } from "./data-path.js";
import { checkSampleElements, effectiveLimit, fitSampleShape, soleInput, type SourceContext, type SourceResult } from "./source.js";
import { sliceDataset, trainCount } from "./split.js";
import type { InMemoryDataset, ModelSignature, Normalization, SampleArray, StreamingDataset } from "./types.js";
import { seriesRanges, slidingWindows, type WindowRef } from "./windows.js";
import { maxOf } from "../../util/arrays.js";


const NO_ROWS_HINT = "add the samples below the header row, one row per sample";

/** Column indices of everything the source uses, checked against the header. */
interface ColumnPlan {
  readonly width: number;
  readonly features: readonly number[];
  readonly labels: readonly { readonly output: ModelSignature["outputs"][number]; readonly column: string; readonly index: number }[];
  readonly group: number | null;
  /** The `sample_weight` column, if any. */
  readonly weight: number | null;
}

function planColumns(src: CsvSource, header: readonly string[], sig: ModelSignature, file: string, offset: number): ColumnPlan {
  const find = (name: string, role: string): number => {
    const i = header.indexOf(name);
    if (i < 0) {
      // The header is data: quote a short excerpt of it, never the whole row (a spec could name a secret file).
      throw dataError("MFG4202", file, `${role} column \`${name}\` is not in the header (row 1), which begins ${excerptList(header, 6)}`, offset, hintsOr(didYouMean(name, header), "spell the column exactly as the header row does (names are case-sensitive)"));
    }
    return i;
  };
  const features = src.features.map((f) => find(f, "feature"));
  const labels = sig.outputs.map((output) => {
    const column = src.labels[output.name];
    if (column === undefined) {
      throw dataError("MFG4501", file, `model output \`${output.name}\` has no label column; \`labels\` names: ${Object.keys(src.labels).map((k) => `\`${k}\``).join(", ") || "none"}`, offset, hintsOr(didYouMean(output.name, Object.keys(src.labels)), `add \`${output.name}: <column>\` to \`labels\``));
    }
    return { output, column, index: find(column, "label") };
  });
  for (const name of Object.keys(src.labels)) {
    if (!sig.outputs.some((o) => o.name === name)) {
      throw dataError("MFG4501", file, `\`labels\` names \`${name}\`, which is not a model output (${sig.outputs.map((o) => `\`${o.name}\``).join(", ")})`, offset, hintsOr(didYouMean(name, sig.outputs.map((o) => o.name)), `remove \`${name}\` from \`labels\`, or name one of the model's outputs`));
    }
  }
  return {
    width: header.length,
    features,
    labels,
    group: src.groupBy === null ? null : find(src.groupBy, "groupBy"),
    weight: src.sampleWeight === undefined ? null : find(src.sampleWeight, "sample_weight"),
  };
}

/** Validates one data row and returns its feature values and label values. */
function readRow(row: CsvRow, plan: ColumnPlan, header: readonly string[], file: string, ids?: FeatureIds): { features: number[]; labels: number[] } {
  const r = readRowWithClassText(row, plan, header, file, false, ids);
  return { features: r.features, labels: r.labels as number[] };
}

/** The embedding whose ids the feature columns are, and the range they must keep to. */
interface FeatureIds {
  readonly input: string;
  readonly range: IdRange;
}

/**
 * {@link readRow}; with `classText`, a classifier's label cell that is not a number is kept as its text
 * (a class name). `ids`: the feature columns feed an embedding, so each must be an id it can look up.
 */
function readRowWithClassText(row: CsvRow, plan: ColumnPlan, header: readonly string[], file: string, classText: boolean, ids?: FeatureIds): { features: number[]; labels: (number | string)[] } {
  if (row.cells.length !== plan.width) {
    throw dataError("MFG4203", file, `row ${row.line} has ${row.cells.length} cells, expected ${plan.width} (as in the header)`, row.offset, [
      'give every row as many cells as the header has columns; a cell that holds a comma needs quotes: `"1,5"`',
    ]);
  }
  const features = plan.features.map((c) => parseNumericCell(row.cells[c]!, file, row, header[c]!));
  if (ids !== undefined) {
    features.forEach((v, j) => {
      const reason = badIdReason(v, ids.range);
      if (reason !== undefined) throw badIdError(reason, ids.range, { file, where: `row ${row.line}, column \`${header[plan.features[j]!]}\``, offset: row.offset }, ids.input);
    });
  }
  return {
    features,
    labels: plan.labels.map((l) => {
      const cell = row.cells[l.index]!;
      if (classText && isClassification(l.output.loss) && cell.trim() !== "" && !isNumericText(cell)) return cell.trim();
      return parseNumericCell(cell, file, row, l.column);
    }),
  };
}

/** A row's `sample_weight` cell: a finite, non-negative number (Keras would silently train on anything). */
function sampleWeight(row: CsvRow, column: number, header: readonly string[], file: string): number {
  const w = parseNumericCell(row.cells[column]!, file, row, header[column]!);
  if (w < 0) throw dataError("MFG4601", file, `sample weight ${w} at row ${row.line}, column \`${header[column]}\` is negative`, row.offset, ["sample weights scale each row's loss and must be ≥ 0"]);
  return w;
}

/** The id range the feature columns must keep to, when the model's (sole) input feeds an embedding. */
function featureIds(sig: ModelSignature): FeatureIds | undefined {
  const input = sig.inputs.length === 1 ? sig.inputs[0] : undefined;
  return input?.ids === undefined ? undefined : { input: input.name, range: input.ids };
}

/** The whole table, validated. */
interface CsvTable {
  readonly rows: number;
  readonly features: Float64Array;
  readonly labels: readonly Float64Array[];
  /** Per label column: class names when the column held text, else null. */
  readonly classNames: readonly (readonly string[] | null)[];
  readonly groupKeys: string[] | null;
  /** Each row's sample weight, when the source names a weight column. */
  readonly weights: Float32Array | null;
  readonly positions: readonly { line: number; offset: number }[];
  readonly plan: ColumnPlan;
}

async function readTable(src: CsvSource, file: string, sig: ModelSignature, maxRows: number | null, knownClasses: Readonly<Record<string, readonly string[]>> | null): Promise<CsvTable> {
  let header: readonly string[] | null = null;
  let plan: ColumnPlan | null = null;
  const feats: number[] = [];
  const labelCols: (number | string)[][] = [];
  const groupKeys: string[] = [];
  const weights: number[] = [];
  const positions: { line: number; offset: number }[] = [];
  for await (const row of csvRows(file)) {
    if (header === null || plan === null) {
      header = row.cells.map((c) => c.trim());
      plan = planColumns(src, header, sig, file, row.offset);
      plan.labels.forEach(() => labelCols.push([]));
      continue;
    }
    if (maxRows !== null && positions.length >= maxRows) break;
    const { features, labels } = readRowWithClassText(row, plan, header, file, true, featureIds(sig));
    for (const v of features) feats.push(v);
    labels.forEach((v, i) => labelCols[i]!.push(v));
    if (plan.group !== null) groupKeys.push(row.cells[plan.group]!);
    if (plan.weight !== null) weights.push(sampleWeight(row, plan.weight, header, file));
    positions.push({ line: row.line, offset: row.offset });
  }
  if (header === null || plan === null || positions.length === 0) {
    throw dataError("MFG4207", file, header === null ? "CSV file is empty; expected a header row and data rows" : "CSV file has a header but no data rows", 0, [
      header === null ? "start the file with a header row naming the columns, followed by one row per sample" : NO_ROWS_HINT,
    ]);
  }
  const finalPlan = plan;
  const classes = labelCols.map((cells, k) => {
    const l = finalPlan.labels[k]!;
    return classLabelsOf(cells, knownClasses?.[l.output.name] ?? null, (i) => ({ file, where: `row ${positions[i]!.line}, column \`${l.column}\``, offset: positions[i]!.offset }));
  });
  return {
    rows: positions.length,
    features: Float64Array.from(feats),
    labels: classes.map((c) => c.ids),
    classNames: classes.map((c) => c.names),
    groupKeys: plan.group === null ? null : groupKeys,
    weights: plan.weight === null ? null : Float32Array.from(weights),
    positions,
    plan,
  };
}

/** Loads a `csv(...)` source, split and normalized as the context asks. */
export async function loadCsv(src: CsvSource, ctx: SourceContext): Promise<SourceResult> {
  const file = await resolveDataPath(ctx.specDir, src.path, ctx.dataRoots);
  const limit = effectiveLimit(src.limit, ctx.limit);
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (e) {
    throw dataError("MFG4001", file, `cannot open data file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 0, [fileErrorHint(e)]);
  }
  if (size > ctx.streamThresholdBytes && src.window === null) {
    if (src.sampleWeight !== undefined) {
      throw dataError("MFG4602", file, `\`sample_weight\` needs the CSV in memory, but the file is ${size} bytes (streamed above ${ctx.streamThresholdBytes})`, 0, ["split the file, or drop `sample_weight`"]);
    }
    return streamCsv(src, file, ctx, limit);
  }

  const table = await readTable(src, file, ctx.signature, src.window === null ? limit : null, ctx.classNamesByOutput ?? null);
  const textClasses: Record<string, readonly string[]> = {};
  table.plan.labels.forEach((l, k) => {
    const names = table.classNames[k];
    if (names !== null && names !== undefined) textClasses[l.output.name] = names;
  });
  const named = Object.keys(textClasses).length > 0 ? { classNamesByOutput: textClasses } : {};
  const nf = src.features.length;
  // Samples are row indices (plain rows) or windows over rows.
  let windows: WindowRef[] | null = null;
  if (src.window !== null) {
    windows = slidingWindows(seriesRanges(table.groupKeys, table.rows), src.window);
    if (limit !== null) windows = windows.slice(0, limit);
    if (windows.length === 0) {
      const longest = maxOf(seriesRanges(table.groupKeys, table.rows).map(([a, b]) => b - a), 0);
      throw dataError("MFG4208", file, `no window of ${src.window.size} rows plus a horizon of ${src.window.horizon} fits in any series (longest series: ${longest} rows)`, 0, [
        longest > src.window.horizon
          ? `make \`size\` plus \`horizon\` at most ${longest} rows, e.g. \`window: { size: ${longest - src.window.horizon}, horizon: ${src.window.horizon} }\``
          : "the series are too short for any window: give them more rows, or check `group_by`",
      ]);
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
      throw dataError("MFG4501", file, `feature columns ${src.features.map((f) => `\`${f}\``).join(", ")} differ from the training data's ${normalization.features.map((f) => `\`${f}\``).join(", ")}`, 0, [
        "give the validation and test sources the same `features`, in the same order, as the training source",
      ]);
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
  // A window's weight is its label row's, as its label is.
  const weights = table.weights === null ? {} : { weights: Float32Array.from(labelRows, (r) => table.weights![r]!) };
  const all: InMemoryDataset = { kind: "memory", size: n, inputs: { [input.name]: { data: x, sampleShape, dtype: input.dtype } }, targets, ...weights };
  if (ctx.validationSplit === null) return { train: all, validation: null, normalization, classNames: null, ...named };
  return { train: sliceDataset(all, 0, nTrain), validation: sliceDataset(all, nTrain, n), normalization, classNames: null, ...named };
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
    const { labels } = readRow(row, plan, header, file, featureIds(ctx.signature));
    plan.labels.forEach((l, k) => encodeLabels([labels[k]!], l.output.shape, l.output.loss, () => ({ file, where: `row ${row.line}, column \`${l.column}\``, offset: row.offset })));
    rows++;
  }
  if (header === null || plan === null || rows === 0) throw dataError("MFG4207", file, "CSV file has no data rows", 0, [NO_ROWS_HINT]);
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
