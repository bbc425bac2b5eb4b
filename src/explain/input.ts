/**
 * Reading one input for `mfgc explain` into the model's input space, preprocessed as the run's training
 * data was: an image (PNG/JPEG) decoded, resized and scaled like the training source; a CSV of a
 * sequence window (one row per time step) or of one feature row, with the run's feature normalization;
 * or a JSON array already in the model's input space.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import type { DataSource, TrainConfig } from "../runtime/config.js";
import { CLI_NOT_FOUND_HINT, DataError, fileErrorHint } from "../runtime/data/data-error.js";
import { decodeImage, resizeToFloats } from "../runtime/data/image-decode.js";
import { normalizeValue } from "../runtime/data/normalize.js";
import type { Normalization } from "../runtime/data/types.js";
import type { InputKind } from "./explanation.js";

/** Largest input file read (a window or an image; anything bigger is not one sample). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** A user mistake about an input file, reported as an MFG904x diagnostic by the CLI. */
export class ExplainInputError extends Error {
  override readonly name = "ExplainInputError";
  constructor(
    readonly code: "MFG9041" | "MFG9042",
    readonly file: string,
    message: string,
    readonly hints: readonly string[] = [],
  ) {
    super(message);
  }
}

export interface ModelInput {
  /** Model-space values, row-major, without the batch dimension. */
  readonly values: Float32Array;
  readonly shape: readonly number[];
  readonly kind: InputKind;
  /** Column names for sequence and feature inputs (CSV header), else null. */
  readonly featureNames: readonly string[] | null;
  /** What was done to fit the input (rows dropped, scale used), for the user. */
  readonly notes: readonly string[];
}

/** How a model input of this shape is laid out: `[h, w, c]` images, `[t, f]` sequences, `[f]` features. */
export function inputKindOf(shape: readonly number[]): InputKind {
  return shape.length === 3 ? "image" : shape.length === 2 ? "sequence" : "features";
}

function trainingSource(config: TrainConfig | null): DataSource | null {
  return config?.data.train ?? null;
}

function readImage(file: string, bytes: Buffer, shape: readonly number[], config: TrainConfig | null): ModelInput {
  const [h, w, c] = shape as [number, number, number];
  if (c !== 1 && c !== 3) throw new ExplainInputError("MFG9042", file, `the model's image input has ${c} channels; images give 1 (grayscale) or 3 (RGB)`, [
    "explain this model with a JSON array of the input's values instead of an image",
  ]);
  let img;
  try {
    img = decodeImage(bytes, file);
  } catch (e) {
    if (e instanceof DataError) {
      // A too-large image keeps its hint (shrink it); the training hints for damaged images ("remove it from the data") do not apply here.
      throw new ExplainInputError("MFG9041", file, e.diagnostic.message, e.code === "MFG4303" ? e.diagnostic.hints : ["give a PNG or JPEG image that an image viewer opens"]);
    }
    throw e;
  }
  const src = trainingSource(config);
  const notes: string[] = [];
  let scale = 1 / 255;
  if (src !== null && (src.kind === "idx" || src.kind === "image_folder")) scale = src.scale;
  else notes.push("the run does not record how its images were scaled: pixel values are divided by 255");
  if (img.width !== w || img.height !== h) notes.push(`resized from ${img.width}×${img.height} to ${w}×${h} (bilinear)`);
  const values = new Float32Array(h * w * c);
  resizeToFloats(img, w, h, c as 1 | 3, scale, values, 0);
  return { values, shape, kind: "image", featureNames: null, notes };
}

function isNumeric(cell: string): boolean {
  return cell.trim() !== "" && Number.isFinite(Number(cell));
}

/** Which CSV columns feed the model: the training source's features (or the normalization's) by name, else all columns. */
function pickColumns(file: string, header: readonly string[] | null, width: number, features: number, config: TrainConfig | null, normalization: Normalization | null): { columns: number[]; names: string[] | null } {
  const src = trainingSource(config);
  const wanted = src?.kind === "csv" ? src.features : (normalization?.features ?? null);
  if (wanted !== null && header !== null) {
    const columns = wanted.map((name) => header.indexOf(name));
    const missing = wanted.filter((_, i) => columns[i]! < 0);
    if (missing.length > 0) throw new ExplainInputError("MFG9042", file, `the CSV has no column ${missing.map((m) => `\`${m}\``).join(", ")} (the run was trained on ${wanted.map((m) => `\`${m}\``).join(", ")})`, [
      "give the CSV a header row with the training data's feature columns",
    ]);
    return { columns, names: [...wanted] };
  }
  if (width !== features) {
    throw new ExplainInputError("MFG9042", file, `the CSV has ${width} columns, but the model's input has ${features} features`, ["give one column per feature, in the order the model was trained on"]);
  }
  return { columns: Array.from({ length: width }, (_, i) => i), names: header === null ? null : [...header] };
}

function readCsv(file: string, text: string, shape: readonly number[], config: TrainConfig | null, normalization: Normalization | null): ModelInput {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false }) as string[][];
  } catch (e) {
    throw new ExplainInputError("MFG9041", file, `malformed CSV: ${e instanceof Error ? e.message : String(e)}`, [
      'give comma-separated values with the same number of cells in every row; a cell holding a comma or `"` is quoted, with `""` for a `"`',
    ]);
  }
  const header = records.length > 0 && !records[0]!.every(isNumeric) ? records[0]!.map((h) => h.trim()) : null;
  const rows = header === null ? records : records.slice(1);
  const kind = inputKindOf(shape);
  const steps = kind === "sequence" ? shape[0]! : 1;
  const features = shape[shape.length - 1]!;
  const notes: string[] = [];
  if (rows.length < steps) throw new ExplainInputError("MFG9042", file, `the CSV has ${rows.length} data row${rows.length === 1 ? "" : "s"}, but the model's input needs ${steps}${kind === "sequence" ? " (one per time step)" : ""}`, [
      kind === "sequence" ? `give at least ${steps} rows, one per time step (the last ${steps} are used)` : "give one data row with the sample's features",
    ]);
  if (rows.length > steps) notes.push(kind === "sequence" ? `the last ${steps} of ${rows.length} rows form the window` : `the first of ${rows.length} rows is explained`);
  const used = kind === "sequence" ? rows.slice(rows.length - steps) : rows.slice(0, 1);
  const { columns, names } = pickColumns(file, header, used[0]!.length, features, config, normalization);
  const values = new Float32Array(steps * features);
  used.forEach((row, t) =>
    columns.forEach((c, j) => {
      const cell = row[c]!;
      if (!isNumeric(cell)) throw new ExplainInputError("MFG9041", file, `row ${t + 1 + (header === null ? 0 : 1) + (rows.length - used.length) * (kind === "sequence" ? 1 : 0)}, column ${c + 1}: \`${cell.slice(0, 40)}\` is not a number`, [
        "write every input cell as a decimal number such as `0.5`",
      ]);
      const x = Number(cell);
      values[t * features + j] = normalization === null ? x : normalizeValue(normalization, j, x);
    }),
  );
  if (normalization !== null) notes.push(`${normalization.kind} normalization of the training data applied`);
  return { values, shape, kind, featureNames: names, notes };
}

const JSON_HINT = "give one array of numbers, e.g. `[0.1, 0.5, 0.2]`, nested as the input's shape or flat";

function flattenJson(v: unknown, out: number[]): boolean {
  if (typeof v === "number" && Number.isFinite(v)) {
    out.push(v);
    return true;
  }
  return Array.isArray(v) && v.every((x) => flattenJson(x, out));
}

/**
 * Reads `file` as one sample for a model input of `shape` (no batch dimension). Throws
 * {@link ExplainInputError} for a file that cannot be read or does not fit.
 */
export function readExplainInput(file: string, shape: readonly number[], config: TrainConfig | null, normalization: Normalization | null): ModelInput {
  let bytes: Buffer;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new ExplainInputError("MFG9041", file, `\`${file}\` is not a regular file`, ["name one input file: a PNG or JPEG image, a CSV or a JSON array"]);
    if (st.size > MAX_INPUT_BYTES) {
      throw new ExplainInputError("MFG9041", file, `\`${file}\` is ${st.size} bytes; one input is at most ${MAX_INPUT_BYTES} bytes`, ["give one sample: a single image, the rows of one window, or one JSON array"]);
    }
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof ExplainInputError) throw e;
    throw new ExplainInputError("MFG9041", file, `cannot read \`${file}\`: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, [
      fileErrorHint(e, CLI_NOT_FOUND_HINT),
    ]);
  }
  const ext = path.extname(file).toLowerCase();
  const kind = inputKindOf(shape);
  if (ext === ".png" || ext === ".jpg" || ext === ".jpeg") {
    if (kind !== "image") throw new ExplainInputError("MFG9042", file, `an image was given, but the model's input is ${kind === "sequence" ? "a sequence" : "a feature vector"} [${shape.join(", ")}]`, ["give a CSV (one row per time step) or a JSON array"]);
    return readImage(file, bytes, shape, config);
  }
  if (ext === ".csv") {
    if (kind === "image") throw new ExplainInputError("MFG9042", file, `a CSV was given, but the model's input is an image [${shape.join(", ")}]`, ["give a PNG or JPEG file"]);
    return readCsv(file, bytes.toString("utf8"), shape, config, normalization);
  }
  if (ext === ".json") {
    const values: number[] = [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString("utf8"));
    } catch (e) {
      throw new ExplainInputError("MFG9041", file, `invalid JSON: ${e instanceof Error ? e.message : String(e)}`, [JSON_HINT]);
    }
    if (!flattenJson(parsed, values)) throw new ExplainInputError("MFG9041", file, "the JSON must be a (nested) array of finite numbers", [JSON_HINT]);
    const need = shape.reduce((a, b) => a * b, 1);
    if (values.length !== need) throw new ExplainInputError("MFG9042", file, `the JSON holds ${values.length} numbers, but the model's input [${shape.join(", ")}] needs ${need}`, [
      `give exactly ${need} numbers, nested as the input's shape [${shape.join(", ")}] or flat`,
    ]);
    return { values: Float32Array.from(values), shape, kind, featureNames: null, notes: ["JSON input is used as given (already in the model's input space)"] };
  }
  throw new ExplainInputError("MFG9041", file, `\`${file}\` is not a supported input (PNG, JPEG, CSV or JSON)`, [
    "give a file ending in `.png`, `.jpg`, `.jpeg`, `.csv` or `.json`",
  ]);
}
