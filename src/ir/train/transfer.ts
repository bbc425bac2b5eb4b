/**
 * `transfer`: start the model from a trained one. Checked here: the option group's shape and values,
 * and every layer it names against the model (the weights themselves are matched before training, by
 * `mfgc train`, when the source is read).
 *
 * ```
 * transfer {
 *   from: run("../runs/FashionPretrain")   # or export("../export/fashion")
 *   layers: [c1, c2, c3]                     # optional: default every layer the source also has
 *   freeze: [c1, c2, c3]                     # or `true`: every transferred layer
 *   lr_scale: 0.1                            # learning-rate multiplier for transferred layers
 *   unfreeze_at: 6                           # epoch from which frozen layers train too
 * }
 * ```
 */
import { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import { excerptList } from "../../diagnostics/escape.js";
import type { Span } from "../../diagnostics/span.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import type { Spec } from "../../parser/ast.js";
import type { TransferConfig } from "../../runtime/config.js";
import { EMPTY_ENV, evaluate } from "../build/evaluate.js";
import type { Value } from "../build/values.js";
import { describeValue } from "../build/values.js";
import { toCallForm, toNamedArgs } from "./call-form.js";
import { numOrNull, opt, readOptions, type OptionDef } from "./read.js";

/** The model's layers as `transfer` sees them: every node id, and those that hold weights. */
export interface ModelLayers {
  readonly ids: readonly string[];
  readonly withWeights: ReadonlySet<string>;
}

/** A checked `transfer` plus where each layer name was written (for later diagnostics). */
export interface CheckedTransfer {
  /** False when a value was wrong (reported); `config` then holds what could be read, for the name checks. */
  readonly ok: boolean;
  readonly config: TransferConfig;
  readonly nameSpans: ReadonlyMap<string, Span>;
  readonly span: Span;
  readonly fromSpan: Span;
}

const SOURCE_KINDS = ["run", "export"] as const;

/** The options of `transfer` (the YAML schema types them from this list too). */
export const TRANSFER_OPTIONS: readonly OptionDef[] = [
  { name: "from", raw: true, required: true },
  { name: "layers", raw: true },
  { name: "freeze", raw: true },
  opt.float("lr_scale", "Learning-rate multiplier for transferred layers while they train.", { min: 0, exclusiveMin: true }, 1),
  opt.int("unfreeze_at", "1-based epoch from which frozen layers train too.", 1),
];

/** The option of `run(...)` and `export(...)` in `from`. */
export const TRANSFER_SOURCE_OPTIONS: readonly OptionDef[] = [opt.string("path", "Folder, relative to the spec.", { required: true, positional: true })];

function readSource(v: Value, bag: DiagnosticBag): TransferConfig["source"] | undefined {
  const form = toCallForm(v);
  if (form === undefined || !(SOURCE_KINDS as readonly string[]).includes(form.name) || v.kind === "string") {
    bag.report("MFG3402", `\`from\` must be \`run("<run folder>")\` or \`export("<model folder>")\`, got ${describeValue(v)}`, v.span, {
      hints: ["`run(...)`: a folder `mfgc train` wrote (its `model/` is read); `export(...)`: a folder with model.json + weights.bin (`mfgc export`)"],
    });
    return undefined;
  }
  const r = readOptions(`\`${form.name}\``, TRANSFER_SOURCE_OPTIONS, form.args, form.nameSpan, bag);
  return r.ok ? { kind: form.name as "run" | "export", path: r.attrs["path"] as string } : undefined;
}

function readLayerList(key: string, v: Value, spans: Map<string, Span>, bag: DiagnosticBag): string[] | undefined {
  const items = v.kind === "list" ? v.items : [v];
  const names: string[] = [];
  for (const item of items) {
    if (item.kind !== "string") {
      bag.report("MFG3402", `\`${key}\` must list layer names, got ${describeValue(item)}`, item.span, {
        hints: [`name the layers as the model does (the names given with \`as\`), e.g. \`${key}: [c1, c2]\``],
      });
      return undefined;
    }
    if (names.includes(item.value)) {
      bag.report("MFG3512", `\`${key}\` names \`${item.value}\` twice`, item.span, { hints: [`list \`${item.value}\` once`] });
      return undefined;
    }
    names.push(item.value);
    if (!spans.has(item.value)) spans.set(item.value, item.span);
  }
  return names;
}

/**
 * Checks the option group; layer names are checked by {@link checkTransferLayers} (also when another
 * value was wrong, so one run reports every mistake). Undefined when `transfer` is not an option group.
 */
export function checkTransfer(v: Value | undefined, bag: DiagnosticBag): CheckedTransfer | null | undefined {
  if (v === undefined) return null;
  const args = toNamedArgs(v);
  if (args === undefined) {
    bag.report("MFG3402", `\`transfer\` must be an option group such as \`{ from: run("runs/Pretrained"), freeze: [c1] }\`, got ${describeValue(v)}`, v.span, {
      hints: ["put the source under `from` inside braces, e.g. `transfer { from: export(\"export/Base\"), freeze: true }`"],
    });
    return undefined;
  }
  const r = readOptions("`transfer`", TRANSFER_OPTIONS, args, v.span, bag);
  const spans = new Map<string, Span>();
  const fromV = r.raw.get("from");
  const source = fromV === undefined ? undefined : readSource(fromV, bag);
  const layersV = r.raw.get("layers");
  const layers = layersV === undefined ? null : readLayerList("layers", layersV, spans, bag);
  const freezeV = r.raw.get("freeze");
  let freeze: TransferConfig["freeze"] | undefined = [];
  if (freezeV?.kind === "bool") freeze = freezeV.value ? "transferred" : [];
  else if (freezeV !== undefined) freeze = readLayerList("freeze", freezeV, spans, bag);
  let ok = r.ok && source !== undefined && layers !== undefined && freeze !== undefined;
  const unfreezeAt = numOrNull(r.attrs, "unfreeze_at");
  if (unfreezeAt !== null && freeze !== "transferred" && freeze?.length === 0) {
    bag.report("MFG3503", "`unfreeze_at` unfreezes frozen layers, but `transfer` freezes none", r.spans.get("unfreeze_at") ?? v.span, { hints: ["add `freeze: [...]` (or `freeze: true`)"] });
    ok = false;
  }
  return {
    ok,
    config: { source: source ?? { kind: "run", path: "" }, layers: layers ?? null, freeze: freeze ?? [], lrScale: (r.attrs["lr_scale"] as number | null) ?? 1, unfreezeAt },
    nameSpans: spans,
    span: v.span,
    fromSpan: fromV?.span ?? v.span,
  };
}

/**
 * Every layer `transfer` names must be a layer of the model with weights; a frozen layer that is not in
 * an explicit `layers` list keeps its random initial values (a warning). Returns false on errors.
 */
export function checkTransferLayers(t: CheckedTransfer, model: ModelLayers, epochs: number | undefined, bag: DiagnosticBag): boolean {
  let ok = true;
  const named = [...(t.config.layers ?? []), ...(t.config.freeze === "transferred" ? [] : t.config.freeze)];
  const reported = new Set<string>();
  for (const name of named) {
    if (reported.has(name)) continue;
    reported.add(name);
    const at = t.nameSpans.get(name) ?? t.span;
    if (!model.ids.includes(name)) {
      const hints = didYouMean(name, [...model.withWeights]);
      if (hints.length === 0) hints.push(`layers with weights: ${[...model.withWeights].map((n) => `\`${n}\``).join(", ") || "none"}`);
      bag.report("MFG3500", `the model has no layer \`${name}\``, at, { hints });
      ok = false;
    } else if (!model.withWeights.has(name)) {
      bag.report("MFG3501", `layer \`${name}\` has no weights to transfer or freeze`, at, {
        hints: [`remove \`${name}\`; layers with weights: ${excerptList([...model.withWeights]) || "none"}`],
      });
      ok = false;
    }
  }
  if (ok && t.config.layers !== null && t.config.freeze !== "transferred") {
    for (const name of t.config.freeze) {
      if (!t.config.layers.includes(name)) {
        bag.report("MFG3504", `\`${name}\` is frozen but not in \`layers\`: it keeps its random initial weights`, t.nameSpans.get(name) ?? t.span, { hints: [`add \`${name}\` to \`layers\`, or do not freeze it`] });
      }
    }
  }
  if (t.config.unfreezeAt !== null && epochs !== undefined && t.config.unfreezeAt > epochs) {
    bag.report("MFG3502", `\`unfreeze_at: ${t.config.unfreezeAt}\` is after the last epoch (${epochs}): the frozen layers never train`, t.span, {
      hints: [`set \`unfreeze_at\` to at most ${epochs}, raise \`epochs\`, or drop \`unfreeze_at\` to keep those layers frozen`],
    });
  }
  return ok;
}

/**
 * The spans of a spec's `transfer` (where `from` and each layer name are written), for diagnostics found
 * after compiling — when the source's weights are read. Null when the spec has no valid `transfer`.
 */
export function locateTransfer(spec: Spec): CheckedTransfer | null {
  const setting = spec.trains[0]?.settings.find((s) => s.key.name === "transfer");
  if (setting?.value === undefined) return null;
  // Already checked by the compiler: a throwaway bag, nothing new can be reported here.
  const bag = new DiagnosticBag();
  const v = evaluate(setting.value, EMPTY_ENV, bag);
  const t = v === undefined ? undefined : checkTransfer(v, bag);
  return t === undefined || t === null || !t.ok ? null : t;
}
