/**
 * Monitored values (`early_stopping`, `reduce_on_plateau`) must be something training reports: Keras
 * names — `loss`, a metric, per-output `<output>_loss` / `<output>_<metric>` for several outputs, each
 * also with `val_` when there is validation data.
 */
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../diagnostics/span.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import type { OutputMetrics } from "../../runtime/config.js";
import { pushAll } from "../../util/arrays.js";

export function monitorNames(metrics: readonly OutputMetrics[], hasValidation: boolean): string[] {
  const base = ["loss"];
  if (metrics.length === 1) pushAll(base, metrics[0]!.metrics);
  else for (const m of metrics) pushAll(base, [`${m.output}_loss`, ...m.metrics.map((x) => `${m.output}_${x}`)]);
  return hasValidation ? [...base, ...base.map((b) => `val_${b}`)] : base;
}

/** Reports a monitor that training never computes; true when it is fine. */
export function checkMonitor(monitor: string, at: Span, metrics: readonly OutputMetrics[], hasValidation: boolean, bag: DiagnosticBag): boolean {
  const names = monitorNames(metrics, hasValidation);
  if (names.includes(monitor)) return true;
  if (monitor.startsWith("val_") && !hasValidation && monitorNames(metrics, true).includes(monitor)) {
    bag.report("MFG3311", `\`${monitor}\` needs validation data, and \`data\` has none`, at, {
      hints: ["add `validation: split(0.1)` to `data`", `or monitor \`${monitor.slice(4)}\``],
    });
    return false;
  }
  const hints = didYouMean(monitor, names);
  if (hints.length === 0) hints.push(`values computed: ${names.map((n) => `\`${n}\``).join(", ")}`);
  bag.report("MFG3311", `\`${monitor}\` is never computed during training`, at, { hints });
  return false;
}

/** `min` for losses and errors, `max` for scores. */
export function monitorMode(monitor: string): "min" | "max" {
  return /(loss|mae|mse|rmse)$/.test(monitor) ? "min" : "max";
}
