/**
 * The train checker: a `train` section → a complete {@link TrainConfig} with every default filled in.
 * Settings are read independently, so one run reports every independent mistake; checks that relate
 * settings to each other (monitors vs. metrics, losses vs. outputs) run when both sides are valid.
 */
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../diagnostics/span.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import type { TrainDecl } from "../../parser/ast.js";
import type { CheckpointConfig, EarlyStoppingConfig, OutputMetrics, TrainConfig } from "../../runtime/config.js";
import { EMPTY_ENV, evaluate } from "../build/evaluate.js";
import { KERAS_SETTINGS, kerasSpellingHint } from "../keras-names.js";
import type { Value } from "../build/values.js";
import { describeValue } from "../build/values.js";
import { toNamedArgs } from "./call-form.js";
import { checkClassWeight } from "./class-weight.js";
import { checkData, type DataContext } from "./data.js";
import { TRAIN_DEFAULTS } from "./defaults.js";
import { checkLossFit, checkLosses, checkMetrics } from "./losses.js";
import { checkMonitor, monitorMode } from "./monitor.js";
import { NO_CLIPPING, checkClip, checkOptimizer } from "./optimizer.js";
import type { ModelOutputInfo } from "./outputs.js";
import { num, opt, readOptions, readScalar, type OptionDef } from "./read.js";
import { checkSchedule } from "./schedule.js";
import { TRAIN_SETTINGS } from "./settings.js";
import { checkClasses, classifierClassCounts } from "./classes.js";
import { checkTransfer, checkTransferLayers, type ModelLayers } from "./transfer.js";

export type { ModelOutputInfo } from "./outputs.js";
export type { ModelLayers } from "./transfer.js";
export { TRAIN_SETTINGS } from "./settings.js";
export { TRAIN_DEFAULTS } from "./defaults.js";

/** Options of `early_stopping` (Keras EarlyStopping; `restore_best` is `restore_best_weights`). */
export const EARLY_STOPPING_OPTIONS: readonly OptionDef[] = [
  opt.string("monitor", "Value to watch (default: `val_loss` with validation data, else `loss`)."),
  opt.int("patience", "Epochs without improvement before stopping.", 0, 0),
  opt.float("min_delta", "Smallest change that counts as an improvement.", { min: 0 }, 0),
  opt.enumOf("mode", "`min`, `max`, or `auto` (from the monitor's name).", ["auto", "min", "max"], "auto"),
  opt.bool("restore_best", "Restore the weights of the best epoch when stopping.", false),
];

/** Options of `checkpoint`. */
export const CHECKPOINT_OPTIONS: readonly OptionDef[] = [
  opt.int("every", "Save every N epochs.", 1, TRAIN_DEFAULTS.checkpointEvery),
  opt.int("keep", "How many epoch checkpoints to keep (the latest is always kept).", 1, TRAIN_DEFAULTS.checkpointKeep),
];

/** Largest seed: seeds are stored as unsigned 32-bit integers by the runtime's generators. */
export const MAX_SEED = 2 ** 32 - 1;

/**
 * @param outputs the model's declared outputs, or undefined when the model did not build (then only the
 *   checks that do not need the model run).
 * @param layers the model's layers (for `transfer`), or undefined when the model did not build.
 */
export function checkTrain(decl: TrainDecl, outputs: readonly ModelOutputInfo[] | undefined, bag: DiagnosticBag, layers?: ModelLayers, inputs?: DataContext["inputs"]): TrainConfig | undefined {
  const settings = readSettings(decl, bag);
  let ok = settings.ok;
  const get = (k: string): Value | undefined => settings.values.get(k);
  const headSpan: Span = { file: decl.span.file, start: decl.span.start, end: decl.model.span.end };

  const scalar = <T>(key: string, type: Parameters<typeof readScalar>[1], dflt: T): T | undefined => {
    const v = get(key);
    if (v === undefined) return dflt;
    const r = readScalar(`\`${key}\``, type, v, bag) as T | undefined;
    if (r === undefined) ok = false;
    return r;
  };
  const epochs = scalar("epochs", { kind: "int", min: 1 }, TRAIN_DEFAULTS.epochs);
  const batchSize = scalar("batch", { kind: "int", min: 1 }, TRAIN_DEFAULTS.batchSize);
  const seed = scalar("seed", { kind: "int", min: 0, max: MAX_SEED }, TRAIN_DEFAULTS.seed);
  const shuffle = scalar("shuffle", { kind: "bool" }, TRAIN_DEFAULTS.shuffle);

  const clip = checkClip(get("clip"), bag);
  const optimizer = checkOptimizer(get("optimizer"), clip ?? NO_CLIPPING, bag);
  if (clip === undefined || optimizer === undefined) ok = false;
  const schedule = checkSchedule(get("schedule"), bag);
  if (schedule === undefined) ok = false;

  const missing = (key: string, example: string): void => {
    bag.report("MFG3303", `the train section needs \`${key}\``, headSpan, { hints: [`add e.g. \`${example}\``] });
    ok = false;
  };
  const lossV = get("loss");
  if (!settings.written.has("loss")) missing("loss", "loss categorical_crossentropy");
  const losses = lossV === undefined ? undefined : checkLosses(lossV, get("loss_weights"), outputs, bag);
  if (losses === undefined) ok = false;
  else if (outputs !== undefined && !checkLossFit(losses, outputs, bag)) ok = false;

  const dataV = get("data");
  const outputClasses = classifierClassCounts(outputs, losses?.losses);
  const data = dataV === undefined ? undefined : checkData(dataV, { outputs: outputs?.map((o) => o.name), seed: seed ?? TRAIN_DEFAULTS.seed, outputClasses, ...(inputs === undefined ? {} : { inputs }) }, bag);
  if (!settings.written.has("data")) missing("data", "data { train: idx(images: \"…\", labels: \"…\"), validation: split(0.1) }");
  if (data === undefined) ok = false;
  const metrics = checkMetrics(get("metrics"), outputs, losses, bag);
  if (metrics === undefined) ok = false;
  const classWeightV = get("class_weight");
  const classWeight = classWeightV === undefined ? undefined : checkClassWeight(classWeightV, outputs, losses?.losses, bag);
  if (classWeightV !== undefined && classWeight === undefined) ok = false;

  // Monitors can only be judged against valid metrics and data.
  const hasValidation = data === undefined ? undefined : data.validation !== null;
  const earlyStopping = checkEarlyStopping(get("early_stopping"), metrics, hasValidation, bag);
  if (earlyStopping === undefined) ok = false;
  if (schedule?.schedule.kind === "reduce_on_plateau" && metrics !== undefined && hasValidation !== undefined && outputs !== undefined) {
    if (!checkMonitor(schedule.schedule.monitor, schedule.monitorSpan ?? headSpan, metrics, hasValidation, bag)) ok = false;
  }
  const checkpoint = checkCheckpoint(get("checkpoint"), bag);
  if (checkpoint === undefined) ok = false;
  const classes = checkClasses(get("classes"), outputs, losses?.losses, bag);
  if (classes === undefined) ok = false;
  const transfer = checkTransfer(get("transfer"), bag);
  if (transfer === undefined || transfer?.ok === false) ok = false;
  if (transfer !== undefined && transfer !== null && layers !== undefined && !checkTransferLayers(transfer, layers, epochs, bag)) ok = false;

  if (
    !ok ||
    data === undefined ||
    optimizer === undefined ||
    schedule === undefined ||
    losses === undefined ||
    metrics === undefined ||
    epochs === undefined ||
    batchSize === undefined ||
    seed === undefined ||
    shuffle === undefined ||
    earlyStopping === undefined ||
    checkpoint === undefined ||
    classes === undefined ||
    transfer === undefined
  ) {
    return undefined;
  }
  return {
    data,
    optimizer,
    schedule: schedule.schedule,
    losses: losses.losses,
    metrics,
    epochs,
    batchSize,
    seed,
    shuffle,
    earlyStopping: earlyStopping.config,
    checkpoint,
    // Only when written, so generated code of specs without them stays as it was.
    ...(Object.keys(classes).length > 0 ? { classes } : {}),
    ...(transfer !== null ? { transfer: transfer.config } : {}),
    ...(classWeight === undefined ? {} : { classWeight }),
  };
}

interface ReadSettings {
  /** Settings whose values evaluated (failed ones are left out, so the rest are still checked). */
  readonly values: Map<string, Value>;
  /** Every known key the section writes, valid or not (a failed `loss` is not also "missing"). */
  readonly written: Set<string>;
  readonly ok: boolean;
}

/** Evaluates every setting; unknown and duplicate keys are reported. */
function readSettings(decl: TrainDecl, bag: DiagnosticBag): ReadSettings {
  const known = TRAIN_SETTINGS.map((s) => s.name);
  const values = new Map<string, Value>();
  const firstAt = new Map<string, Span>();
  const written = new Set<string>();
  let ok = true;
  for (const s of decl.settings) {
    const key = s.key.name;
    if (!known.includes(key)) {
      const keras = kerasSpellingHint(key, KERAS_SETTINGS, known);
      const hints = keras.length > 0 ? keras : didYouMean(key, known);
      if (hints.length === 0) hints.push(`train settings: ${known.map((k) => `\`${k}\``).join(", ")}`);
      bag.report("MFG3301", `unknown train setting \`${key}\``, s.key.span, { hints });
      ok = false;
      continue;
    }
    const first = firstAt.get(key);
    if (first !== undefined) {
      bag.report("MFG3302", `\`${key}\` is set twice`, s.key.span, { related: [{ message: "first set here", span: first }], hints: [`keep one \`${key}\` setting and delete the other`] });
      ok = false;
      continue;
    }
    firstAt.set(key, s.key.span);
    written.add(key);
    if (s.value === undefined) {
      const example = TRAIN_SETTINGS.find((t) => t.name === key)?.example;
      bag.report("MFG3402", `\`${key}\` needs a value`, s.key.span, { hints: [key === "shuffle" ? "write `shuffle true`" : `give it a value, e.g. \`${example ?? `${key} …`}\``] });
      ok = false;
      continue;
    }
    const v = evaluate(s.value, EMPTY_ENV, bag);
    if (v === undefined) ok = false;
    else values.set(key, v);
  }
  return { values, written, ok };
}

function checkEarlyStopping(
  v: Value | undefined,
  metrics: readonly OutputMetrics[] | undefined,
  hasValidation: boolean | undefined,
  bag: DiagnosticBag,
): { config: EarlyStoppingConfig | null } | undefined {
  if (v === undefined || (v.kind === "bool" && !v.value)) return { config: null };
  const args = v.kind === "bool" ? [] : toNamedArgs(v);
  if (args === undefined) {
    const hint =
      v.kind === "number" && Number.isSafeInteger(v.value) && v.value >= 0
        ? `to stop after ${v.value} epochs without improvement, write \`early_stopping { patience: ${v.value} }\``
        : "write `early_stopping true` for Keras's defaults, or give options: `early_stopping { monitor: val_loss, patience: 3 }`";
    bag.report("MFG3402", `\`early_stopping\` must be \`true\` or an option group such as \`{ monitor: val_loss, patience: 3 }\`, got ${describeValue(v)}`, v.span, { hints: [hint] });
    return undefined;
  }
  const r = readOptions("`early_stopping`", EARLY_STOPPING_OPTIONS, args, v.span, bag);
  if (!r.ok) return undefined;
  const monitor = (r.attrs["monitor"] as string | null) ?? (hasValidation === false ? "loss" : "val_loss");
  if (metrics !== undefined && hasValidation !== undefined) {
    if (!checkMonitor(monitor, r.spans.get("monitor") ?? v.span, metrics, hasValidation, bag)) return undefined;
  }
  const mode = r.attrs["mode"] === "auto" ? monitorMode(monitor) : (r.attrs["mode"] as "min" | "max");
  return {
    config: { monitor, patience: num(r.attrs, "patience"), minDelta: num(r.attrs, "min_delta"), mode, restoreBest: r.attrs["restore_best"] as boolean },
  };
}

function checkCheckpoint(v: Value | undefined, bag: DiagnosticBag): CheckpointConfig | undefined {
  if (v === undefined) return { every: TRAIN_DEFAULTS.checkpointEvery, keep: TRAIN_DEFAULTS.checkpointKeep };
  const args = toNamedArgs(v);
  if (args === undefined) {
    const hint =
      v.kind === "number" && Number.isSafeInteger(v.value) && v.value >= 1
        ? `to save every ${v.value} epochs, write \`checkpoint { every: ${v.value} }\``
        : "write the options in braces: `checkpoint { every: 1, keep: 3 }` saves every epoch and keeps the last 3";
    bag.report("MFG3402", `\`checkpoint\` must be an option group such as \`{ every: 1, keep: 3 }\`, got ${describeValue(v)}`, v.span, { hints: [hint] });
    return undefined;
  }
  const r = readOptions("`checkpoint`", CHECKPOINT_OPTIONS, args, v.span, bag);
  return r.ok ? { every: num(r.attrs, "every"), keep: num(r.attrs, "keep") } : undefined;
}
