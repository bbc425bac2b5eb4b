/** `data`: the train/validation/test sources and their fields, defaults filled in. */
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../diagnostics/span.js";
import type { CsvSource, DataConfig, DataSource, ValidationSource } from "../../runtime/config.js";
import type { Value } from "../build/values.js";
import { describeValue } from "../build/values.js";
import type { CallForm } from "./call-form.js";
import { toCallForm, toNamedArgs } from "./call-form.js";
import type { OptionDef } from "./read.js";
import { num, numOrNull, opt, readOptions, reportUnknownName } from "./read.js";
import { reportUnknownOutput } from "./outputs.js";
import { SYNTHETIC_GENERATOR_NAMES, SYNTHETIC_GENERATOR_OPTIONS, type GeneratorOptionDef, type SyntheticGeneratorName } from "../../runtime/data/synthetic/names.js";

const LIMIT = opt.int("limit", "Use only the first N samples (default: all).", 1);
const SCALE = opt.float("scale", "Multiplier for pixel values, e.g. 1/255 (default 1: raw values).", { min: 0, exclusiveMin: true }, 1);

/** Fields of each data source kind. */
export const SOURCES: Readonly<Record<DataSource["kind"], readonly OptionDef[]>> = {
  idx: [
    opt.string("images", "IDX image file (raw or .gz), relative to the spec.", { required: true, positional: true }),
    opt.string("labels", "IDX label file (raw or .gz), relative to the spec.", { required: true, positional: true }),
    SCALE,
    LIMIT,
    {
      name: "keep_labels",
      type: { kind: "intList", min: 0 },
      doc: "Keep only samples with these labels, relabelled 0, 1, … in list order (e.g. five of Fashion-MNIST's ten classes).",
    },
  ],
  csv: [
    opt.string("path", "CSV file with a header row, relative to the spec.", { required: true, positional: true }),
    // Column lists and per-output labels have no ParamType: they are bound raw and checked below.
    { name: "features", raw: true, required: true, doc: "Feature columns, in order: `[s1, s2, s3]`." },
    { name: "labels", raw: true, required: true, doc: "Label column per model output: `{ rul: rul, fail: fail_30 }` (one column: the name alone)." },
    opt.string("group_by", "Column whose changes start a new series (windows never cross it)."),
    opt.enumOf("normalize", "Feature normalization with training-split statistics.", ["none", "zscore", "minmax"], "none"),
    opt.string("sample_weight", "Column with a loss weight per row (Keras `sample_weight`), ≥ 0."),
    { name: "window", raw: true, doc: "Sliding windows over rows for sequence models: `{ size: 30, stride: 1, horizon: 0 }` (see below)." },
    LIMIT,
  ],
  image_folder: [
    opt.string("path", "Folder with one sub-folder per class, relative to the spec.", { required: true, positional: true }),
    { name: "size", type: { kind: "ints", length: 2, min: 1 }, required: true, doc: "Images are resized to [height, width]." },
    opt.enumOf("color", "Color mode.", ["grayscale", "rgb"], "rgb"),
    SCALE,
    LIMIT,
  ],
  synthetic: [
    {
      name: "generator",
      doc: "Name of a generator in the runtime's table.",
      type: { kind: "enum", values: SYNTHETIC_GENERATOR_NAMES },
      required: true,
      positional: true,
    },
    opt.int("samples", "Number of samples to generate.", 1, 1000),
    opt.int("seed", "Generator seed (default: the train seed).", 0),
  ],
};

const SOURCE_KINDS = Object.keys(SOURCES) as DataSource["kind"][];

/** `split(fraction)`: the validation share of the training data. */
export const SPLIT_OPTIONS: readonly OptionDef[] = [
  opt.float("fraction", "Share of the training data held out (the last samples).", { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true }, undefined, { required: true, positional: true }),
];

export const WINDOW_OPTIONS: readonly OptionDef[] = [
  opt.int("size", "Rows per window.", 1, undefined, { required: true, positional: true }),
  opt.int("stride", "Rows between window starts.", 1, 1),
  opt.int("horizon", "Rows after the window's end at which the label is read.", 0, 0),
];

export const DATA_OPTIONS: readonly OptionDef[] = [
  { name: "train", raw: true, required: true, doc: "The training data: a source." },
  { name: "validation", raw: true, doc: "Validation data: `split(fraction)`, the last fraction of the training samples as Keras's `validation_split` takes it (no shuffling), or a source." },
  { name: "test", raw: true, doc: "Test data, evaluated once after training: a source." },
];

export interface DataContext {
  /** Model output names, or undefined when the model failed to build. */
  readonly outputs: readonly string[] | undefined;
  readonly seed: number;
  /** Classes of each classifier output, when the model and its losses are known. */
  readonly outputClasses?: ReadonlyMap<string, number>;
  /** The model's inputs and their per-sample shapes (no batch dimension), when the model built. */
  readonly inputs?: readonly { readonly name: string; readonly shape: readonly (number | null)[] }[];
}

export function checkData(value: Value, ctx: DataContext, bag: DiagnosticBag): DataConfig | undefined {
  const args = toNamedArgs(value);
  if (args === undefined) {
    bag.report("MFG3402", `\`data\` must be an option group such as \`{ train: idx(…), validation: split(0.1) }\`, got ${describeValue(value)}`, value.span, {
      hints: ["give the sources by role in braces: `train` (required), `validation` and `test`, e.g. `data { train: csv(\"train.csv\", features: [s1, s2], labels: label), validation: split(0.1) }`"],
    });
    return undefined;
  }
  const r = readOptions("`data`", DATA_OPTIONS, args, value.span, bag);
  const trainV = r.raw.get("train");
  const validationV = r.raw.get("validation");
  const testV = r.raw.get("test");
  const train = trainV === undefined ? undefined : checkSource(trainV, "train", ctx, bag);
  const validation = validationV === undefined ? null : checkValidation(validationV, ctx, bag);
  const test = testV === undefined ? null : checkSource(testV, "test", ctx, bag);
  if (!r.ok || train === undefined || validation === undefined || test === undefined) return undefined;
  return { train, validation, test };
}

function checkValidation(v: Value, ctx: DataContext, bag: DiagnosticBag): ValidationSource | undefined {
  const form = toCallForm(v);
  if (form?.name === "split") {
    const r = readOptions(
      "`split`",
      SPLIT_OPTIONS,
      form.args,
      form.nameSpan,
      bag,
    );
    return r.ok ? { kind: "split", fraction: num(r.attrs, "fraction") } : undefined;
  }
  return checkSource(v, "validation", ctx, bag, ["split"]);
}

function checkSource(v: Value, role: string, ctx: DataContext, bag: DiagnosticBag, extraKinds: readonly string[] = []): DataSource | undefined {
  const form = toCallForm(v);
  if (form === undefined) {
    bag.report("MFG3402", `the ${role} data must be a source such as \`idx(images: "…", labels: "…")\`, got ${describeValue(v)}`, v.span, {
      hints: [`name a source with its options: ${[...SOURCE_KINDS, ...extraKinds].map((k) => `\`${k}(…)\``).join(", ")}, e.g. \`csv("train.csv", features: [s1, s2], labels: label)\``],
    });
    return undefined;
  }
  if (!(SOURCE_KINDS as readonly string[]).includes(form.name)) {
    reportUnknownName("data source", form.name, form.nameSpan, [...SOURCE_KINDS, ...extraKinds], bag);
    return undefined;
  }
  const kind = form.name as DataSource["kind"];
  if (kind === "synthetic") return checkSynthetic(form, ctx, bag);
  const r = readOptions(`\`${kind}\``, SOURCES[kind], form.args, form.nameSpan, bag);
  const a = r.attrs;
  switch (kind) {
    case "idx": {
      if (!r.ok) return undefined;
      const keep = a["keep_labels"] as number[] | null;
      if (keep !== null && !checkKeepLabels(keep, r.spans.get("keep_labels") ?? form.nameSpan, ctx, bag)) return undefined;
      return { kind, images: a["images"] as string, labels: a["labels"] as string, scale: num(a, "scale"), limit: numOrNull(a, "limit"), ...(keep === null ? {} : { keepLabels: keep }) };
    }
    case "image_folder": {
      if (!r.ok) return undefined;
      const [h, w] = a["size"] as number[];
      return { kind, path: a["path"] as string, size: [h!, w!], color: a["color"] as "grayscale" | "rgb", scale: num(a, "scale"), limit: numOrNull(a, "limit") };
    }
    case "csv": {
      const features = checkColumns(r.raw.get("features"), bag);
      const labels = checkLabels(r.raw.get("labels"), ctx, bag);
      const windowV = r.raw.get("window");
      const window = windowV === undefined ? null : checkWindow(windowV, bag);
      if (!r.ok || features === undefined || labels === undefined || window === undefined) return undefined;
      const csv: CsvSource = {
        kind,
        path: a["path"] as string,
        features,
        labels,
        groupBy: (a["group_by"] as string | null) ?? null,
        normalize: a["normalize"] as CsvSource["normalize"],
        window,
        limit: numOrNull(a, "limit"),
        ...(typeof a["sample_weight"] === "string" ? { sampleWeight: a["sample_weight"] } : {}),
      };
      if (!checkCsvShape(csv, r.raw.get("features")!.span, ctx, bag)) return undefined;
      return csv;
    }
  }
}

/**
 * `synthetic(generator: sensors, samples: 1500, window: 30)`: besides the common fields, the options the
 * chosen generator reads (`SYNTHETIC_GENERATOR_OPTIONS`), each checked for its type and range; an option
 * the generator does not read (`sampels`, `windw`) is an error with "did you mean", never silently dropped.
 */
function checkSynthetic(form: CallForm, ctx: DataContext, bag: DiagnosticBag): DataSource | undefined {
  const generatorArg = form.args.find((a) => a.name === "generator") ?? form.args.find((a) => a.name === undefined);
  const named = generatorArg?.value?.kind === "string" ? generatorArg.value.value : undefined;
  const generator = (SYNTHETIC_GENERATOR_NAMES as readonly string[]).includes(named ?? "") ? (named as SyntheticGeneratorName) : undefined;
  const optionDefs = generator === undefined ? [] : SYNTHETIC_GENERATOR_OPTIONS[generator].map(generatorOptionDef);
  // With an unknown generator (reported by the enum check) its options cannot be judged: leave them out.
  const common = new Set(SOURCES.synthetic.map((d) => d.name));
  const args = generator === undefined ? form.args.filter((a) => a.name === undefined || common.has(a.name)) : form.args;
  const r = readOptions("`synthetic`", [...SOURCES.synthetic, ...optionDefs], args, form.nameSpan, bag);
  if (!r.ok || generator === undefined) return undefined;
  // A Map, then fromEntries: option names become own properties, never prototype lookups.
  const options = new Map<string, number>();
  for (const d of optionDefs) {
    const v = r.attrs[d.name];
    if (typeof v === "number") options.set(d.name, v);
  }
  return {
    kind: "synthetic",
    generator,
    samples: num(r.attrs, "samples"),
    seed: numOrNull(r.attrs, "seed") ?? ctx.seed,
    options: Object.fromEntries(options),
  };
}

/** A generator's option as a checked parameter: no default here (the generator applies its own). */
export function generatorOptionDef(d: GeneratorOptionDef): OptionDef {
  return d.kind === "int" ? opt.int(d.name, d.doc, d.min) : opt.float(d.name, d.doc, { min: d.min, ...(d.exclusiveMin === true ? { exclusiveMin: true } : {}) });
}

/**
 * A csv source's samples are `[features]`, or `[window.size, features]` with a window (what the runtime
 * builds, data/csv.ts); a model whose one input has another static shape would only fail at `mfgc train`
 * (MFG4501), after the data loaded. Checked here against the spec's own feature list. Dimensions the
 * model leaves open (`null`) match anything; several inputs are the runtime's to refuse.
 * @returns false when it reported MFG3422
 */
function checkCsvShape(csv: CsvSource, featuresSpan: Span, ctx: DataContext, bag: DiagnosticBag): boolean {
  const only = ctx.inputs?.length === 1 ? ctx.inputs[0] : undefined;
  if (only === undefined) return true;
  const samples = csv.window === null ? [csv.features.length] : [csv.window.size, csv.features.length];
  const fits = only.shape.length === samples.length && only.shape.every((d, i) => d === null || d === samples[i]);
  if (fits) return true;
  const shape = (dims: readonly (number | null)[]) => `[${dims.map((d) => d ?? "?").join(", ")}]`;
  const nf = csv.features.length;
  const what = csv.window === null ? `\`features\` lists ${nf} column${nf === 1 ? "" : "s"}` : `\`window\` of ${csv.window.size} rows over ${nf} feature column${nf === 1 ? "" : "s"}`;
  const wanted = only.shape.at(-1);
  const declare = `declare the input as f32[${samples.join(", ")}]`;
  const hint =
    only.shape.length === samples.length
      ? `${declare}${csv.window === null && typeof wanted === "number" ? `, or list ${wanted} feature columns` : ""}`
      : csv.window === null
        ? `a rank-${only.shape.length} input needs windows of rows (\`window: { size: … }\`), or ${declare}`
        : `windows make rank-2 samples: ${declare}, or drop \`window\``;
  bag.report("MFG3422", `${what}, so the samples have shape ${shape(samples)}, but model input \`${only.name}\` expects ${shape(only.shape)}`, featuresSpan, { hints: [hint] });
  return false;
}

function checkColumns(v: Value | undefined, bag: DiagnosticBag): string[] | undefined {
  if (v === undefined) return undefined;
  const items = v.kind === "list" ? v.items : [v];
  const out: string[] = [];
  for (const item of items) {
    if (item.kind !== "string") {
      bag.report("MFG3402", `\`features\` of \`csv\` must be column names, got ${describeValue(item)}`, item.span, {
        hints: ["name the columns as the CSV's header row does, e.g. `features: [s1, s2, s3]`"],
      });
      return undefined;
    }
    out.push(item.value);
  }
  if (out.length === 0) {
    bag.report("MFG3409", "`features` of `csv` needs at least one column", v.span, { hints: ["list the feature columns of the CSV's header row, e.g. `features: [s1, s2, s3]`"] });
    return undefined;
  }
  return out;
}

/** `labels: fail_30` (one output) or `labels: { rul: rul, failure: fail_30 }`. */
function checkLabels(v: Value | undefined, ctx: DataContext, bag: DiagnosticBag): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  const outputs = ctx.outputs;
  if (v.kind === "string") {
    if (outputs !== undefined && outputs.length !== 1) {
      bag.report("MFG3402", `the model has ${outputs.length} outputs; \`labels\` needs a column per output`, v.span, {
        hints: [`write \`labels: { ${outputs.map((o) => `${o}: <column>`).join(", ")} }\``],
      });
      return undefined;
    }
    return { [outputs?.[0] ?? "output"]: v.value };
  }
  if (v.kind !== "object") {
    const shown = outputs === undefined ? ["<output>"] : outputs.slice(0, 3);
    const perOutput = `{ ${shown.map((o) => `${o}: <column>`).join(", ")}${outputs !== undefined && outputs.length > 3 ? ", …" : ""} }`;
    bag.report("MFG3402", `\`labels\` of \`csv\` must be a column name or one column per output, got ${describeValue(v)}`, v.span, {
      hints: [outputs !== undefined && outputs.length > 1 ? `write \`labels: ${perOutput}\`` : `write the label column's name, e.g. \`labels: label\`, or \`labels: ${perOutput}\``],
    });
    return undefined;
  }
  // A Map, not an object literal: output names are user text (`__proto__`, `toString` are just names).
  const labels = new Map<string, string>();
  let ok = true;
  for (const e of v.entries) {
    if (outputs !== undefined && !outputs.includes(e.key)) {
      reportUnknownOutput(e.key, e.keySpan, outputs, bag);
      ok = false;
    } else if (e.value.kind !== "string") {
      bag.report("MFG3402", `the label of \`${e.key}\` must be a column name, got ${describeValue(e.value)}`, e.value.span, {
        hints: [`name a column of the CSV's header row, e.g. \`${e.key}: label\``],
      });
      ok = false;
    } else labels.set(e.key, e.value.value);
  }
  for (const o of outputs ?? []) {
    if (ok && !labels.has(o)) {
      bag.report("MFG3404", `\`labels\` of \`csv\` needs a column for output \`${o}\``, v.span, { hints: [`add \`${o}: <column>\` to \`labels\``] });
      ok = false;
    }
  }
  return ok ? Object.fromEntries(labels) : undefined;
}

function checkWindow(v: Value, bag: DiagnosticBag): CsvSource["window"] | undefined {
  const args = v.kind === "number" ? [{ value: v, span: v.span }] : toNamedArgs(v);
  if (args === undefined) {
    bag.report("MFG3402", `\`window\` of \`csv\` must be a size or \`{ size: 30, stride: 1, horizon: 0 }\`, got ${describeValue(v)}`, v.span, {
      hints: ["write the number of rows per window, e.g. `window: 30`, or options in braces, e.g. `window: { size: 30, stride: 5 }`"],
    });
    return undefined;
  }
  const r = readOptions("`window`", WINDOW_OPTIONS, args, v.span, bag);
  return r.ok ? { size: num(r.attrs, "size"), stride: num(r.attrs, "stride"), horizon: num(r.attrs, "horizon") } : undefined;
}

/** `keep_labels`: no label twice, and exactly as many as the (only) classifier output has classes. */
function checkKeepLabels(keep: readonly number[], at: Span, ctx: DataContext, bag: DiagnosticBag): boolean {
  const twice = keep.find((l, i) => keep.indexOf(l) !== i);
  if (twice !== undefined) {
    const once = [...new Set(keep)];
    bag.report("MFG3512", `\`keep_labels\` lists label ${twice} twice`, at, { hints: [once.length <= 12 ? `list each label once: \`keep_labels: [${once.join(", ")}]\`` : `list label ${twice} once`] });
    return false;
  }
  const counts = [...(ctx.outputClasses?.values() ?? [])];
  if (counts.length === 1 && counts[0] !== keep.length) {
    bag.report("MFG3513", `\`keep_labels\` keeps ${keep.length} label${keep.length === 1 ? "" : "s"} (relabelled 0..${keep.length - 1}), but the output has ${counts[0]} classes`, at, {
      hints: [`keep ${counts[0]} labels, one per class of the output, or make the output predict ${keep.length} classes`],
    });
    return false;
  }
  return true;
}
