/**
 * `loss`, `loss_weights` and `metrics`, resolved per model output, plus the checks that a loss fits the
 * output it is applied to (activation and size).
 */
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../diagnostics/span.js";
import type { LossName, MetricName, OutputLoss, OutputMetrics } from "../../runtime/config.js";
import type { Value } from "../build/values.js";
import { describeValue } from "../build/values.js";
import type { IRNode, LayerAttr } from "../types.js";
import type { ModelOutputInfo } from "./outputs.js";
import { reportUnknownOutput } from "./outputs.js";
import { readScalar, reportUnknownName } from "./read.js";

export const LOSSES: readonly LossName[] = ["categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy", "mse", "mae", "huber"];
export const METRICS: readonly MetricName[] = ["accuracy", "precision", "recall", "f1", "mae", "rmse", "mse", "auc"];

/** Keras's long names, accepted and normalized to the short ones. */
export const LOSS_ALIASES: Readonly<Record<string, LossName>> = { mean_squared_error: "mse", mean_absolute_error: "mae" };
export const METRIC_ALIASES: Readonly<Record<string, MetricName>> = {
  acc: "accuracy",
  mean_absolute_error: "mae",
  mean_squared_error: "mse",
  root_mean_squared_error: "rmse",
};

const CLASSIFICATION_METRICS: readonly MetricName[] = ["accuracy", "precision", "recall", "f1", "auc"];
const REGRESSION_LOSSES: readonly LossName[] = ["mse", "mae", "huber"];

/** Splits a per-output value: an object keyed by output name, or one value for every output. */
function perOutput(
  v: Value,
  outputs: readonly ModelOutputInfo[] | undefined,
  bag: DiagnosticBag,
): { byOutput: Map<string, Value>; shared: Value | undefined; ok: boolean } {
  const byOutput = new Map<string, Value>();
  if (v.kind !== "object") return { byOutput, shared: v, ok: true };
  let ok = true;
  const names = outputs?.map((o) => o.name);
  for (const e of v.entries) {
    if (names !== undefined && !names.includes(e.key)) {
      reportUnknownOutput(e.key, e.keySpan, names, bag);
      ok = false;
    } else byOutput.set(e.key, e.value);
  }
  return { byOutput, shared: undefined, ok };
}

function lossName(v: Value, bag: DiagnosticBag): LossName | undefined {
  if (v.kind !== "string") {
    bag.report("MFG3402", `a loss must be a name such as \`mse\`, got ${describeValue(v)}`, v.span, {
      hints: [`write one of ${LOSSES.map((l) => `\`${l}\``).join(", ")}; a model with several outputs takes one per output: \`loss { <output>: mse, … }\``],
    });
    return undefined;
  }
  const name = LOSS_ALIASES[v.value] ?? v.value;
  if (!(LOSSES as readonly string[]).includes(name)) {
    reportUnknownName("loss", v.value, v.span, LOSSES, bag);
    return undefined;
  }
  return name as LossName;
}

export interface CheckedLosses {
  readonly losses: OutputLoss[];
  /** Where each output's loss was written, for compatibility errors. */
  readonly spans: Map<string, Span>;
}

/**
 * `loss` (required) with `loss_weights`. With the model unknown (`outputs` undefined) values are still
 * checked, but nothing per output.
 */
export function checkLosses(
  lossV: Value,
  weightsV: Value | undefined,
  outputs: readonly ModelOutputInfo[] | undefined,
  bag: DiagnosticBag,
): CheckedLosses | undefined {
  const split = perOutput(lossV, outputs, bag);
  let ok = split.ok;
  const names = new Map<string, { loss: LossName; span: Span }>();
  if (split.shared !== undefined) {
    const loss = lossName(split.shared, bag);
    if (loss === undefined) ok = false;
    else if (outputs !== undefined && outputs.length > 1) {
      bag.report("MFG3309", `the model has ${outputs.length} outputs; give a loss for each`, split.shared.span, {
        hints: [`write \`loss { ${outputs.map((o) => `${o.name}: ${loss}`).join(", ")} }\``],
      });
      ok = false;
    } else {
      for (const o of outputs ?? []) names.set(o.name, { loss, span: split.shared.span });
    }
  } else {
    for (const [out, v] of split.byOutput) {
      const loss = lossName(v, bag);
      if (loss === undefined) ok = false;
      else names.set(out, { loss, span: v.span });
    }
    for (const o of outputs ?? []) {
      if (ok && !names.has(o.name)) {
        bag.report("MFG3309", `model output \`${o.name}\` has no loss`, lossV.span, {
          related: [{ message: `\`${o.name}\` is declared here`, span: o.span }],
          hints: [`add \`${o.name}: <loss>\``],
        });
        ok = false;
      }
    }
  }
  const weights = weightsV === undefined ? new Map<string, number>() : checkWeights(weightsV, outputs, bag);
  if (weights === undefined) ok = false;
  if (!ok || outputs === undefined || weights === undefined) return ok ? { losses: [], spans: new Map() } : undefined;
  const losses: OutputLoss[] = [];
  const spans = new Map<string, Span>();
  for (const o of outputs) {
    const l = names.get(o.name)!;
    losses.push({ output: o.name, loss: l.loss, weight: weights.get(o.name) ?? 1 });
    spans.set(o.name, l.span);
  }
  return { losses, spans };
}

function checkWeights(v: Value, outputs: readonly ModelOutputInfo[] | undefined, bag: DiagnosticBag): Map<string, number> | undefined {
  const split = perOutput(v, outputs, bag);
  const weights = new Map<string, number>();
  let ok = split.ok;
  const read = (x: Value): number | undefined => readScalar("a loss weight", { kind: "float", min: 0 }, x, bag) as number | undefined;
  if (split.shared !== undefined) {
    const w = read(split.shared);
    if (w === undefined) return undefined;
    for (const o of outputs ?? []) weights.set(o.name, w);
    return weights;
  }
  for (const [out, x] of split.byOutput) {
    const w = read(x);
    if (w === undefined) ok = false;
    else weights.set(out, w);
  }
  return ok ? weights : undefined;
}

/** Metric names in order, each with where it was written. */
type MetricList = Map<MetricName, Span>;

function metricList(v: Value, bag: DiagnosticBag): MetricList | undefined {
  const items = v.kind === "list" ? v.items : [v];
  const out: MetricList = new Map();
  let ok = true;
  for (const item of items) {
    if (item.kind !== "string") {
      bag.report("MFG3402", `a metric must be a name such as \`accuracy\`, got ${describeValue(item)}`, item.span, {
        hints: [`list metric names (${METRICS.map((m) => `\`${m}\``).join(", ")}), e.g. \`metrics [accuracy, f1]\``],
      });
      ok = false;
      continue;
    }
    const name = METRIC_ALIASES[item.value] ?? item.value;
    if (!(METRICS as readonly string[]).includes(name)) {
      reportUnknownName("metric", item.value, item.span, METRICS, bag);
      ok = false;
      continue;
    }
    if (!out.has(name as MetricName)) out.set(name as MetricName, item.span);
  }
  return ok ? out : undefined;
}

/** `metrics`: a list for every output, or one list (or name) per output. Outputs not listed get none. */
export function checkMetrics(
  v: Value | undefined,
  outputs: readonly ModelOutputInfo[] | undefined,
  losses: CheckedLosses | undefined,
  bag: DiagnosticBag,
): OutputMetrics[] | undefined {
  const perOut = new Map<string, MetricList>();
  let ok = true;
  if (v !== undefined) {
    const split = perOutput(v, outputs, bag);
    ok = split.ok;
    if (split.shared !== undefined) {
      const list = metricList(split.shared, bag);
      if (list === undefined) ok = false;
      else for (const o of outputs ?? []) perOut.set(o.name, list);
    } else {
      for (const [out, x] of split.byOutput) {
        const list = metricList(x, bag);
        if (list === undefined) ok = false;
        else perOut.set(out, list);
      }
    }
  }
  if (!ok) return undefined;
  const result: OutputMetrics[] = [];
  for (const o of outputs ?? []) {
    const m = perOut.get(o.name);
    const loss = losses?.losses.find((l) => l.output === o.name)?.loss;
    if (m !== undefined && loss !== undefined && REGRESSION_LOSSES.includes(loss)) {
      const bad = [...m.keys()].filter((x) => CLASSIFICATION_METRICS.includes(x));
      if (bad.length > 0) {
        bag.report("MFG3315", `${bad.map((b) => `\`${b}\``).join(", ")} measure${bad.length === 1 ? "s" : ""} classification, but output \`${o.name}\` is trained as a regression (\`${loss}\`)`, m.get(bad[0]!)!, {
          hints: ["use `mae`, `rmse` or `mse` for regression outputs"],
        });
      }
    }
    result.push({ output: o.name, metrics: m === undefined ? [] : [...m.keys()] });
  }
  return result;
}

/** The activation applied last by the node that produces an output, when it can be told. */
export function outputActivation(node: IRNode): string | undefined {
  if (node.op === "activation") return node.attrs["fn"] as string;
  const act = node.attrs["activation"];
  if (typeof act === "string") return act;
  const layer = node.attrs["layer"] as LayerAttr | undefined;
  if (node.op === "time_distributed" && layer !== undefined && typeof layer.attrs["activation"] === "string") return layer.attrs["activation"] as string;
  return undefined;
}

/** Checks that each output's loss fits what the output computes (probabilities of the right kind). */
export function checkLossFit(losses: CheckedLosses, outputs: readonly ModelOutputInfo[], bag: DiagnosticBag): boolean {
  let ok = true;
  for (const { output, loss } of losses.losses) {
    const info = outputs.find((o) => o.name === output);
    const node = info?.node;
    if (node === undefined) continue;
    const span = losses.spans.get(output) ?? info!.span;
    const act = outputActivation(node);
    const units = node.shape[node.shape.length - 1];
    const related = [{ message: `output \`${output}\` is computed here`, span: node.span }];
    const fail = (message: string, hint: string): void => {
      bag.report("MFG3310", message, span, { hints: [hint], related });
      ok = false;
    };
    if (loss === "categorical_crossentropy" || loss === "sparse_categorical_crossentropy") {
      if (units === 1) {
        fail(
          `\`${loss}\` needs one probability per class, but output \`${output}\` has 1 unit${act !== undefined ? ` (\`${act}\`)` : ""}`,
          "for a yes/no output use `binary_crossentropy` with `dense(1, activation: sigmoid)`",
        );
      } else if (act !== undefined && act !== "softmax") {
        fail(
          `\`${loss}\` expects class probabilities, but output \`${output}\` ends with \`${act}\``,
          act === "sigmoid" ? "for independent yes/no labels use `binary_crossentropy`; for one class per sample use `activation: softmax`" : "end the output with `activation: softmax`",
        );
      }
    } else if (loss === "binary_crossentropy") {
      if (act !== undefined && act !== "sigmoid") {
        fail(
          `\`binary_crossentropy\` expects probabilities from \`sigmoid\`, but output \`${output}\` ends with \`${act}\``,
          act === "softmax" ? "with `softmax` use `categorical_crossentropy`" : "end the output with `activation: sigmoid`",
        );
      }
    }
    if (node.dtype !== "f32") fail(`output \`${output}\` is \`${node.dtype}\`; losses need \`f32\` outputs`, "end the output with a `dense` layer");
  }
  return ok;
}
