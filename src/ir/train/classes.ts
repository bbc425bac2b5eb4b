/**
 * `classes`: names for a classifier output's classes, used by reports and `mfgc explain`. A list names
 * the classes of the model's only classifier output; an object gives a list per output:
 * `classes ["ok", "scratch", "dent"]` or `classes { defect: [ok, scratch, dent] }`.
 */
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../diagnostics/span.js";
import type { OutputLoss } from "../../runtime/config.js";
import type { Value } from "../build/values.js";
import { describeValue } from "../build/values.js";
import type { ModelOutputInfo } from "./outputs.js";
import { reportUnknownOutput } from "./outputs.js";

const CLASSIFIER_LOSSES: readonly string[] = ["categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy"];

/** Number of classes a classifier output predicts: its last dimension, or 2 for one sigmoid unit. */
export function outputClassCount(o: ModelOutputInfo, loss: OutputLoss["loss"]): number | undefined {
  const last = o.node?.shape[o.node.shape.length - 1];
  if (typeof last !== "number") return undefined;
  return loss === "binary_crossentropy" && last === 1 ? 2 : last;
}

/** Classes of each classifier output (by its loss), when outputs and losses are known. */
export function classifierClassCounts(outputs: readonly ModelOutputInfo[] | undefined, losses: readonly OutputLoss[] | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of outputs ?? []) {
    const loss = losses?.find((l) => l.output === o.name)?.loss;
    if (loss === undefined || !CLASSIFIER_LOSSES.includes(loss)) continue;
    const n = outputClassCount(o, loss);
    if (n !== undefined) out.set(o.name, n);
  }
  return out;
}

/** Reads one list of class names (quoted strings or bare names), reporting duplicates. */
function readNames(v: Value, bag: DiagnosticBag): { names: string[]; span: Span } | undefined {
  if (v.kind !== "list") {
    bag.report("MFG3402", `class names must be a list such as \`["ok", "scratch"]\`, got ${describeValue(v)}`, v.span, {
      hints: ["list one name per class, in the order of the output's units, in brackets: `[\"ok\", \"scratch\", \"dent\"]`"],
    });
    return undefined;
  }
  const names: string[] = [];
  const firstAt = new Map<string, Span>();
  let ok = true;
  for (const item of v.items) {
    if (item.kind !== "string") {
      bag.report("MFG3402", `a class name must be a name or a string, got ${describeValue(item)}`, item.span, {
        hints: [item.kind === "number" || item.kind === "bool" ? `quote it: \`"${item.value}"\`` : "write each class name as a name or a quoted string, e.g. `ok` or `\"hair line\"`"],
      });
      ok = false;
      continue;
    }
    const first = firstAt.get(item.value);
    if (first !== undefined) {
      bag.report("MFG3512", `class name \`${item.value}\` is given twice`, item.span, {
        related: [{ message: "first given here", span: first }],
        hints: ["give each class its own name: rename or remove one of them"],
      });
      ok = false;
      continue;
    }
    firstAt.set(item.value, item.span);
    names.push(item.value);
  }
  return ok ? { names, span: v.span } : undefined;
}

/**
 * Checks `classes` against the outputs and their losses (when the model and losses are known).
 * Returns the names per output, `{}` when the setting is absent, undefined on errors.
 */
export function checkClasses(
  v: Value | undefined,
  outputs: readonly ModelOutputInfo[] | undefined,
  losses: readonly OutputLoss[] | undefined,
  bag: DiagnosticBag,
): Record<string, readonly string[]> | undefined {
  if (v === undefined) return {};
  const perOutput = new Map<string, { names: string[]; span: Span }>();
  let ok = true;
  if (v.kind === "object") {
    const known = outputs?.map((o) => o.name);
    for (const e of v.entries) {
      if (known !== undefined && !known.includes(e.key)) {
        reportUnknownOutput(e.key, e.keySpan, known, bag);
        ok = false;
        continue;
      }
      const r = readNames(e.value, bag);
      if (r === undefined) ok = false;
      else perOutput.set(e.key, r);
    }
  } else {
    const r = readNames(v, bag);
    if (r === undefined) return undefined;
    if (outputs === undefined || losses === undefined) return {};
    const classifiers = outputs.filter((o) => CLASSIFIER_LOSSES.includes(losses.find((l) => l.output === o.name)?.loss ?? ""));
    if (classifiers.length !== 1) {
      bag.report("MFG3402", classifiers.length === 0 ? "`classes` names classes, but the model has no classifier output" : `the model has ${classifiers.length} classifier outputs; give the class names of each`, v.span, {
        hints: [
          classifiers.length === 0
            ? "remove `classes`: it names the classes of an output trained with a cross-entropy loss, such as `categorical_crossentropy`"
            : `write \`classes { ${classifiers.map((o) => `${o.name}: [...]`).join(", ")} }\``,
        ],
      });
      return undefined;
    }
    perOutput.set(classifiers[0]!.name, r);
  }
  if (!ok) return undefined;
  if (outputs === undefined || losses === undefined) return {};
  const out: Record<string, readonly string[]> = {};
  for (const [name, r] of perOutput) {
    const o = outputs.find((x) => x.name === name)!;
    const loss = losses.find((l) => l.output === name)?.loss;
    if (loss === undefined || !CLASSIFIER_LOSSES.includes(loss)) {
      bag.report("MFG3511", `output \`${name}\` is trained with \`${loss ?? "no loss"}\`, not as a classifier: it has no classes to name`, r.span, {
        hints: [`remove the class names of \`${name}\`; only outputs trained with a cross-entropy loss, such as \`categorical_crossentropy\`, have classes`],
      });
      ok = false;
      continue;
    }
    const count = outputClassCount(o, loss);
    if (count !== undefined && count !== r.names.length) {
      bag.report("MFG3510", `\`classes\` of \`${name}\` has ${r.names.length} name${r.names.length === 1 ? "" : "s"}, but the output has ${count} classes`, r.span, {
        related: o.node === undefined ? [] : [{ message: `\`${name}\` is produced here`, span: o.node.span }],
        hints: [`list ${count} names, one per class in the order of the output's units, or give \`${name}\` ${r.names.length} units`],
      });
      ok = false;
      continue;
    }
    out[name] = r.names;
  }
  return ok ? out : undefined;
}
