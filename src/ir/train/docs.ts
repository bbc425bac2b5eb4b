/**
 * Renders `docs/train.md`, the reference of the `train` section, from the tables the train checker
 * validates with (settings, data sources, optimizers, schedules, losses, metrics, callbacks) and the
 * Keras spelling table. A test keeps the committed file equal to this rendering; regenerate with
 * `npx tsx src/ir/train/write-docs.ts`.
 */
import { cell, renderDefault, renderParamType } from "../ops/docs.js";
import { KERAS_ARGUMENTS, KERAS_NAMES, KERAS_SETTINGS, type KerasSpelling } from "../keras-names.js";
import { SYNTHETIC_GENERATOR_NAMES } from "../../runtime/data/synthetic/names.js";
import { DATA_OPTIONS, SOURCES, SPLIT_OPTIONS, WINDOW_OPTIONS } from "./data.js";
import { CHECKPOINT_OPTIONS, EARLY_STOPPING_OPTIONS } from "./index.js";
import { LOSSES, LOSS_ALIASES, METRICS, METRIC_ALIASES } from "./losses.js";
import { CLIP_OPTIONS, OPTIMIZERS } from "./optimizer.js";
import type { OptionDef } from "./read.js";
import { SCHEDULES } from "./schedule.js";
import { TRAIN_SETTINGS } from "./settings.js";
import { pushAll } from "../../util/arrays.js";

function optionTable(options: readonly OptionDef[]): string[] {
  if (options.length === 0) return ["No options."];
  const positional = options.filter((o) => o.positional).map((o) => `\`${o.name}\``);
  const lines = [
    "| option | type | default | description |",
    "| --- | --- | --- | --- |",
    ...options.map((o) =>
      "raw" in o
        ? `| \`${o.name}\`${o.positional ? " ¹" : ""} | see description | ${o.required ? "required" : "none"} | ${cell(o.doc ?? "")} |`
        : `| \`${o.name}\`${o.positional ? " ¹" : ""} | ${cell(renderParamType(o.type))} | ${renderDefault(o)} | ${cell(o.doc)} |`,
    ),
  ];
  if (positional.length > 0) lines.push("", `¹ May be given positionally, in this order: ${positional.join(", ")}.`);
  return lines;
}

function namedTables(title: string, intro: string, tables: Readonly<Record<string, readonly OptionDef[]>>): string[] {
  const out = [`## ${title}`, "", intro, ""];
  for (const [name, options] of Object.entries(tables)) pushAll(out, [`### \`${name}\``, "", ...optionTable(options), ""]);
  return out;
}

function aliasText(name: string, aliases: Readonly<Record<string, string>>): string {
  const names = Object.entries(aliases)
    .filter(([, to]) => to === name)
    .map(([from]) => `\`${from}\``);
  return names.length === 0 ? "" : names.join(", ");
}

/** What each loss expects of its output (the checker enforces it: see checkLossFit). */
const LOSS_FIT: Readonly<Record<string, string>> = {
  categorical_crossentropy: "one-hot labels; output softmax over C ≥ 2 classes (computed from the logits, as Keras does)",
  sparse_categorical_crossentropy: "integer class labels; output softmax over C ≥ 2 classes",
  binary_crossentropy: "0/1 labels; sigmoid outputs",
  mse: "regression: mean squared error",
  mae: "regression: mean absolute error",
  huber: "regression: ½·error² below 1, |error| − ½ above (Keras's Huber with δ = 1)",
};

const METRIC_DOC: Readonly<Record<string, string>> = {
  accuracy: "share of correct predictions (binary outputs: prediction > 0.5)",
  precision: "true positives / predicted positives (macro average over classes for multi-class outputs)",
  recall: "true positives / actual positives (macro average for multi-class outputs)",
  f1: "harmonic mean of precision and recall (macro average for multi-class outputs)",
  auc: "area under the ROC curve (one-vs-rest macro average for multi-class outputs)",
  mae: "mean absolute error",
  mse: "mean squared error",
  rmse: "root of the mean squared error",
};

function kerasTable(rows: readonly KerasSpelling[]): string[] {
  return ["| Keras | mfgc | where |", "| --- | --- | --- |", ...rows.map((r) => `| \`${r.keras}\` | \`${r.mfgc}\` | ${cell(r.example ?? r.where)} |`)];
}

export function renderTrainDocs(): string {
  const lines = [
    "<!-- Generated from src/ir/train by `npx tsx src/ir/train/write-docs.ts`. Do not edit by hand. -->",
    "",
    "# The `train` section",
    "",
    "A spec's `train` section describes how its model is trained: the data, the optimizer and its",
    "learning-rate schedule, the loss and metrics per output, and when to stop and save. Every option",
    "not written takes the default listed here (Keras's, where Keras has one), and the generated",
    "`train.ts` spells every value out. The DSL and YAML forms hold the same settings:",
    "",
    "```",
    "train FashionCnn {",
    '  data { train: idx("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", scale: 1/255), validation: split(0.1) }',
    "  optimizer adam(lr: 1e-3)",
    "  loss categorical_crossentropy",
    "  metrics [accuracy]",
    "  epochs 10   batch 32   seed 42",
    "  early_stopping { monitor: val_loss, patience: 3, restore_best: true }",
    "}",
    "```",
    "",
    "```yaml",
    "train:",
    "  data:",
    '    train: { idx: { images: "train-images-idx3-ubyte.gz", labels: "train-labels-idx1-ubyte.gz", scale: 1/255 } }',
    "    validation: { split: 0.1 }",
    "  optimizer: { adam: { lr: 0.001 } }",
    "  loss: categorical_crossentropy",
    "  metrics: [accuracy]",
    "  epochs: 10",
    "  batch: 32",
    "  early_stopping: { monitor: val_loss, patience: 3, restore_best: true }",
    "```",
    "",
    "Relative data paths resolve against the spec file's directory. Every data path must lead (links",
    "followed) inside the spec's project — the nearest folder above the spec with `package.json` or `.git` —",
    "unless whoever runs mfgc allows another folder: `mfgc train --data-root <folder>` (repeatable; the spec",
    "cannot). Data files must be regular files (no FIFOs, devices or `/proc` files). A `transfer` source is",
    "read under the same rules. `mfgc check` warns (MFG4933) about a data path or transfer source outside the",
    "project; `mfgc check --data-root <folder>` (and `mfgc build` and `mfgc lsp`, whose VS Code setting is",
    "`mfgnet.dataRoots`) take the same folders as `train` and stay quiet. Commands that read no data",
    "(`summary`, `graph`, `fmt`, `export`) do not look at data paths.",
    "",
    "## Settings",
    "",
    "| setting | description |",
    "| --- | --- |",
    ...TRAIN_SETTINGS.map((s) => `| \`${s.name}\` | ${cell(s.doc)} |`),
    "",
    "## Data",
    "",
    "`data` holds up to three sources:",
    "",
    ...optionTable(DATA_OPTIONS),
    "",
    "### `split`",
    "",
    ...optionTable(SPLIT_OPTIONS),
    "",
    ...Object.entries(SOURCES).flatMap(([name, options]) => [`### \`${name}\``, "", ...optionTable(options), ""]),
    "### `window` (of `csv`)",
    "",
    ...optionTable(WINDOW_OPTIONS),
    "",
    `Synthetic generators (deterministic, for examples and tests): ${SYNTHETIC_GENERATOR_NAMES.map((g) => `\`${g}\``).join(", ")}. Options the table above does not list are passed to the generator.`,
    "",
    ...namedTables("Optimizers", "`optimizer <name>(<options>)`; the defaults are Keras's (`keras.optimizers.*`).", OPTIMIZERS),
    ...namedTables("Learning-rate schedules", "`schedule <name>(<options>)`; without one the rate is constant.", SCHEDULES),
    "## Losses",
    "",
    "`loss <name>` for every output, or `loss { <output>: <name>, … }`; `loss_weights { <output>: <weight> }` (default 1).",
    "",
    "| loss | also accepted | for |",
    "| --- | --- | --- |",
    ...LOSSES.map((l) => `| \`${l}\` | ${aliasText(l, LOSS_ALIASES)} | ${cell(LOSS_FIT[l] ?? "")} |`),
    "",
    "## Metrics",
    "",
    "`metrics [<name>, …]` for every output, or `metrics { <output>: [<name>, …] }`. Validation values are reported as `val_<metric>` (and `val_<output>_<metric>` with several outputs).",
    "",
    "| metric | also accepted | meaning |",
    "| --- | --- | --- |",
    ...METRICS.map((m) => `| \`${m}\` | ${aliasText(m, METRIC_ALIASES)} | ${cell(METRIC_DOC[m] ?? "")} |`),
    "",
    "## `early_stopping`",
    "",
    "`early_stopping true` (all defaults) or `early_stopping { … }`:",
    "",
    ...optionTable(EARLY_STOPPING_OPTIONS),
    "",
    "## `checkpoint`",
    "",
    ...optionTable(CHECKPOINT_OPTIONS),
    "",
    "## `clip`",
    "",
    ...optionTable(CLIP_OPTIONS),
    "",
    "## Coming from Keras",
    "",
    "Keras spellings that mfgc writes differently; the checker recognizes each and says what to write.",
    "",
    "### Arguments",
    "",
    ...kerasTable(KERAS_ARGUMENTS),
    "",
    "### `fit` and `compile` arguments",
    "",
    ...kerasTable(KERAS_SETTINGS),
    "",
    "### Names",
    "",
    ...kerasTable(KERAS_NAMES),
    "",
  ];
  return lines.join("\n");
}
