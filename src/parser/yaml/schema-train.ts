/**
 * The `train:` part of the JSON Schema, generated from the train checker's own tables (optimizers,
 * schedules, data sources and their options, losses, metrics), so editors type every key, value and
 * choice exactly as `mfgc check` does and a new optimizer or option appears in both at once.
 *
 * A train call has three spellings, each a branch of an `anyOf`: a bare name (`adam`), a DSL call in a
 * string (`adam(lr: 0.001)`), and the one-entry mapping (`{ adam: { lr: 0.001 } }`, `{ split: 0.1 }`,
 * `{ exponential_decay: { args: [1000, 0.9] } }`).
 */
import { CHECKPOINT_OPTIONS, EARLY_STOPPING_OPTIONS, MAX_SEED } from "../../ir/train/index.js";
import { DATA_OPTIONS, generatorOptionDef, SOURCES, SPLIT_OPTIONS, WINDOW_OPTIONS } from "../../ir/train/data.js";
import { LOSSES, LOSS_ALIASES, METRICS, METRIC_ALIASES } from "../../ir/train/losses.js";
import { CLIP_OPTIONS, OPTIMIZERS } from "../../ir/train/optimizer.js";
import type { OptionDef } from "../../ir/train/read.js";
import { SCHEDULES } from "../../ir/train/schedule.js";
import { TRANSFER_OPTIONS, TRANSFER_SOURCE_OPTIONS } from "../../ir/train/transfer.js";
import { TRAIN_SETTINGS } from "../../ir/train/settings.js";
import { SYNTHETIC_GENERATOR_NAMES, SYNTHETIC_GENERATOR_OPTIONS } from "../../runtime/data/synthetic/names.js";
import type { ParamDef } from "../../ir/ops/types.js";
import { paramSchema, typeSchema } from "./schema-params.js";
import { IDENT_PATTERN, NUMBER_EXPR_PATTERN } from "./schema-patterns.js";
import type { JsonSchema } from "./schema-types.js";

const anyValue: JsonSchema = { $ref: "#/definitions/anyValue" };
const noLayers = (): JsonSchema => ({});

function isTyped(d: OptionDef): d is ParamDef {
  return "type" in d;
}

/**
 * An option group (`{ lr: 0.001, beta1: 0.9 }`): typed options, positional ones under `args`, the first
 * positional one also as the whole value (`{ split: 0.1 }`), and required ones required unless `args`
 * is given. `open`: unknown options are allowed (a synthetic generator's own options).
 */
export function optionsSchema(defs: readonly OptionDef[], raw: Readonly<Record<string, JsonSchema>> = {}, open = false): JsonSchema {
  const properties: JsonSchema = { args: { description: "Positional options, in order.", type: "array", items: anyValue, maxItems: defs.length } };
  for (const d of defs) properties[d.name] = isTyped(d) ? paramSchema(d, noLayers, NUMBER_EXPR_PATTERN) : (raw[d.name] ?? anyValue);
  const first = defs.find((d) => d.positional === true);
  const required = defs.filter((d) => d.required === true).map((d) => d.name);
  const schema: JsonSchema = {
    type: first === undefined ? ["object", "null"] : ["object", "null", "number", "string", "boolean", "array"],
    properties,
    additionalProperties: open ? anyValue : false,
  };
  const allOf: JsonSchema[] = [];
  if (required.length > 0) {
    // ajv's strict mode wants every required key declared next to `required`.
    const declared = Object.fromEntries(required.map((name) => [name, true]));
    allOf.push({ if: { type: "object", properties: { args: true }, required: ["args"] }, else: { if: { type: "object" }, then: { properties: declared, required } } });
  }
  if (first !== undefined) allOf.push({ if: { type: ["object", "null"] }, else: isTyped(first) ? typeSchema(first.type, noLayers, NUMBER_EXPR_PATTERN) : (raw[first.name] ?? anyValue) });
  if (allOf.length > 0) schema.allOf = allOf;
  return schema;
}

/** A value naming one entry of `table`, in any of the three spellings, with that entry's options. */
export function callSchema(description: string, table: Readonly<Record<string, JsonSchema>>): JsonSchema {
  const names = Object.keys(table);
  return {
    description,
    anyOf: [
      { type: "string", enum: names },
      { type: "string", pattern: `^\\s*(?:${names.join("|")})\\s*\\(.*\\)\\s*$` },
      { type: "object", minProperties: 1, maxProperties: 1, propertyNames: { enum: names }, properties: table },
    ],
  };
}

function optionTable(tables: Readonly<Record<string, readonly OptionDef[]>>, raw: Readonly<Record<string, JsonSchema>> = {}, open: readonly string[] = []): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [name, defs] of Object.entries(tables)) out[name] = optionsSchema(defs, raw, open.includes(name));
  return out;
}

const int = (min: number, max?: number): JsonSchema => ({ type: ["integer", "string"], pattern: NUMBER_EXPR_PATTERN, minimum: min, ...(max !== undefined ? { maximum: max } : {}) });

function csvRaw(): Record<string, JsonSchema> {
  const column = { type: "string" };
  return {
    features: { description: "Feature columns: one name or a list.", anyOf: [column, { type: "array", minItems: 1, items: column }] },
    labels: { description: "Label column, or one column per output: `{ rul: rul, fail: fail_30 }`.", anyOf: [column, { type: "object", additionalProperties: column }] },
    window: { description: "Sliding windows over rows: a size, or `{ size, stride, horizon }`.", anyOf: [int(1), optionsSchema(WINDOW_OPTIONS)] },
  };
}

/** Loss and metric names, Keras's long names included. */
function nameOrPerOutput(names: readonly string[], list: boolean): JsonSchema {
  const one: JsonSchema = { type: "string", enum: [...names] };
  const value: JsonSchema = list ? { anyOf: [one, { type: "array", items: one }] } : one;
  return { anyOf: [...(list ? (value.anyOf as JsonSchema[]) : [one]), { type: "object", description: "One per model output, by output name.", propertyNames: { pattern: IDENT_PATTERN }, additionalProperties: value }] };
}

/**
 * At most one of `keys`: each later key is refused when an earlier one is there, so the error is at the
 * second key's value (where the checker reports MFG3312), not at the whole mapping.
 */
function oneOfKeys(keys: readonly string[]): JsonSchema[] {
  return keys.slice(0, -1).map((k, i) => ({
    if: { properties: { [k]: true }, required: [k] },
    then: { properties: Object.fromEntries(keys.slice(i + 1).map((later) => [later, false])) },
  }));
}

/** Train settings the schema types only loosely (none, when the schema is complete). */
export function untypedTrainSettings(): string[] {
  const typed = settingSchemas();
  return TRAIN_SETTINGS.map((s) => s.name).filter((n) => typed[n] === undefined);
}

/** The `train` definition; the data sources' schemas go into `definitions` once (three roles use them). */
export function trainSchema(definitions: JsonSchema): JsonSchema {
  const sources: Record<string, JsonSchema> = {};
  for (const [kind, schema] of Object.entries(sourceSchemas())) {
    definitions[`source_${kind}`] = schema;
    sources[kind] = { $ref: `#/definitions/source_${kind}` };
  }
  const settings = settingSchemas(sources);
  const doc = new Map(TRAIN_SETTINGS.map((s) => [s.name, s.doc]));
  const properties: JsonSchema = {};
  for (const s of TRAIN_SETTINGS) {
    // A setting added to the table before its schema still validates (loosely); the schema test lists
    // such settings (untypedTrainSettings) so that they get one.
    properties[s.name] = { ...(settings[s.name] ?? { anyOf: [anyValue] }), description: doc.get(s.name) ?? "" };
  }
  return {
    type: "object",
    description: "The training run; every setting is optional except `data` and `loss`.",
    additionalProperties: false,
    required: ["data", "loss"],
    properties,
  };
}

function sourceSchemas(): Record<string, JsonSchema> {
  return { ...optionTable(SOURCES, csvRaw()), synthetic: syntheticSchema() };
}

/**
 * `synthetic`: the common options plus the options of the chosen generator (names.ts), each typed; an
 * option that generator does not read is refused at its key, where the checker reports it (MFG3401).
 */
function syntheticSchema(): JsonSchema {
  const common = SOURCES.synthetic;
  const own = new Map<string, OptionDef>();
  for (const g of SYNTHETIC_GENERATOR_NAMES) for (const d of SYNTHETIC_GENERATOR_OPTIONS[g]) own.set(d.name, generatorOptionDef(d));
  const schema = optionsSchema([...common, ...own.values()]);
  const perGenerator = SYNTHETIC_GENERATOR_NAMES.map((g) => {
    const allowed = ["args", ...common.map((d) => d.name), ...SYNTHETIC_GENERATOR_OPTIONS[g].map((d) => d.name)];
    return {
      if: { type: "object", properties: { generator: { const: g } }, required: ["generator"] },
      then: { properties: Object.fromEntries(allowed.map((n) => [n, true])), additionalProperties: false },
    };
  });
  schema.allOf = [...((schema.allOf as JsonSchema[] | undefined) ?? []), ...perGenerator];
  return schema;
}

/** A number, or an arithmetic expression in a string (`1 / 3`). */
const numberish: JsonSchema = { type: ["number", "string"], pattern: NUMBER_EXPR_PATTERN };

/** The class names of one output (classes.ts): names or strings. */
const classNames: JsonSchema = { type: "array", items: { type: "string" } };

/** The schema of each train setting; `sources` are the data sources' schemas (or references to them). */
function settingSchemas(sources: Readonly<Record<string, JsonSchema>> = sourceSchemas()): Record<string, JsonSchema> {
  const source = (what: string) => callSchema(what, sources);
  const validation = callSchema("Validation data: `split(0.1)` held out of the training data, or a source.", { ...sources, split: optionsSchema(SPLIT_OPTIONS) });
  const positiveNumber: JsonSchema = { type: ["number", "string"], pattern: NUMBER_EXPR_PATTERN, minimum: 0 };
  return {
    data: {
      type: "object",
      additionalProperties: false,
      required: DATA_OPTIONS.filter((d) => d.required === true).map((d) => d.name),
      properties: { train: source("Training data."), validation, test: source("Test data, evaluated after training.") },
    },
    optimizer: callSchema("", optionTable(OPTIMIZERS)),
    schedule: callSchema("", optionTable(SCHEDULES)),
    loss: nameOrPerOutput([...LOSSES, ...Object.keys(LOSS_ALIASES)], false),
    loss_weights: { anyOf: [positiveNumber, { type: "object", propertyNames: { pattern: IDENT_PATTERN }, additionalProperties: positiveNumber }] },
    metrics: nameOrPerOutput([...METRICS, ...Object.keys(METRIC_ALIASES)], true),
    epochs: int(1),
    batch: int(1),
    seed: int(0, MAX_SEED),
    shuffle: { type: "boolean" },
    early_stopping: { anyOf: [{ type: "boolean" }, { ...optionsSchema(EARLY_STOPPING_OPTIONS), type: "object" }] },
    checkpoint: { ...optionsSchema(CHECKPOINT_OPTIONS), type: "object" },
    clip: { ...optionsSchema(CLIP_OPTIONS), type: "object", allOf: oneOfKeys(CLIP_OPTIONS.map((o) => o.name)) },
    // One weight ≥ 0 per class id; a list holding anything but numbers is wrong as a whole (class-weight.ts).
    class_weight: { type: "array", minItems: 1, not: { contains: { not: numberish } }, items: { ...numberish, minimum: 0 } },
    classes: { anyOf: [classNames, { type: "object", description: "One list per classifier output, by output name.", propertyNames: { pattern: IDENT_PATTERN }, additionalProperties: classNames }] },
    transfer: { ...optionsSchema(TRANSFER_OPTIONS, transferRaw()), type: "object" },
  };
}

/** `transfer`'s options that the checker reads itself (transfer.ts). */
function transferRaw(): Record<string, JsonSchema> {
  const layerNames: JsonSchema[] = [{ type: "string" }, { type: "array", items: { type: "string" } }];
  const source = optionsSchema(TRANSFER_SOURCE_OPTIONS);
  return {
    from: callSchema("The trained model: `run(\"<run folder>\")` or `export(\"<model folder>\")`, relative to the spec.", { run: source, export: source }),
    layers: { description: "Layers to transfer (default: every layer the source also has).", anyOf: layerNames },
    freeze: { description: "Transferred layers that do not train, or `true`: all of them.", anyOf: [{ type: "boolean" }, ...layerNames] },
  };
}
