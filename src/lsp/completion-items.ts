/**
 * What may be written at a place, independent of the form: ops, parameters of an op, values of a
 * parameter, names in scope, train settings and their values. Everything comes from the op registry
 * and the train checker's tables, so a new op or option is offered as soon as it exists.
 */
import { CompletionItemKind, type CompletionItem } from "vscode-languageserver";
import { OPS, getOp } from "../ir/ops/registry.js";
import { renderParamType } from "../ir/ops/docs.js";
import type { ParamDef, ParamType } from "../ir/ops/types.js";
import { DTYPES } from "../ir/build/model-inputs.js";
import { CHECKPOINT_OPTIONS, EARLY_STOPPING_OPTIONS } from "../ir/train/index.js";
import { SOURCES, SPLIT_OPTIONS } from "../ir/train/data.js";
import { LOSSES, METRICS } from "../ir/train/losses.js";
import { CLIP_OPTIONS, OPTIMIZERS } from "../ir/train/optimizer.js";
import type { OptionDef } from "../ir/train/read.js";
import { SCHEDULES } from "../ir/train/schedule.js";
import { TRAIN_SETTINGS } from "../ir/train/settings.js";

/** Where the cursor is, in the terms both forms share. */
export type Place =
  | { readonly kind: "top" }
  | { readonly kind: "statement"; readonly names: readonly string[] }
  | { readonly kind: "step"; readonly blocks: readonly string[] }
  | { readonly kind: "names"; readonly names: readonly string[] }
  | { readonly kind: "dtype" }
  | { readonly kind: "arguments"; readonly callee: string; readonly given: readonly string[]; readonly names: readonly string[] }
  | { readonly kind: "argument-value"; readonly callee: string; readonly param: string; readonly names: readonly string[] }
  | { readonly kind: "train-key"; readonly given: readonly string[] }
  | { readonly kind: "train-value"; readonly setting: string; readonly outputs: readonly string[] }
  | { readonly kind: "train-options"; readonly table: string; readonly entry: string; readonly given: readonly string[] }
  | { readonly kind: "train-option-value"; readonly table: string; readonly entry: string; readonly option: string }
  | { readonly kind: "data-key"; readonly given: readonly string[] }
  /** Keys of a YAML mapping the form fixes (`model:` holds `name`, `inputs`, `layers`, `outputs`). */
  | { readonly kind: "keys"; readonly keys: readonly string[]; readonly given: readonly string[] }
  | { readonly kind: "nothing" };

/** Option tables of train calls, by the setting (or data role) that names them. */
export const TRAIN_TABLES: Readonly<Record<string, Readonly<Record<string, readonly OptionDef[]>>>> = {
  optimizer: OPTIMIZERS,
  schedule: SCHEDULES,
  train: SOURCES,
  test: SOURCES,
  validation: { ...SOURCES, split: SPLIT_OPTIONS },
  early_stopping: { early_stopping: EARLY_STOPPING_OPTIONS },
  checkpoint: { checkpoint: CHECKPOINT_OPTIONS },
  clip: { clip: CLIP_OPTIONS },
};

/** The form decides how a name, a key and a parameter are written. */
export interface Spelling {
  /** `kernel: ` (DSL argument) or `kernel: ` (YAML key) — the text inserted for a parameter name. */
  param(name: string): string;
  /** An op in a step: `conv2d` (DSL) or `conv2d: ` (YAML layer item). */
  op(name: string, takesParams: boolean): string;
}

function item(label: string, kind: CompletionItemKind, detail: string, doc: string, insertText = label, sortPrefix = "1"): CompletionItem {
  return { label, kind, detail, documentation: { kind: "markdown", value: doc }, insertText, sortText: `${sortPrefix}${label}` };
}

function paramItems(params: readonly (ParamDef | OptionDef)[], given: readonly string[], spell: Spelling): CompletionItem[] {
  return params
    .filter((p) => !given.includes(p.name))
    .map((p) => item(p.name, CompletionItemKind.Property, "type" in p ? renderParamType(p.type) : "option", "doc" in p ? (p.doc ?? "") : "", spell.param(p.name), p.required ? "0" : "1"));
}

function valueItems(t: ParamType | undefined): CompletionItem[] {
  if (t === undefined) return [];
  if (t.kind === "enum") return t.values.map((v) => item(v, CompletionItemKind.EnumMember, "value", ""));
  if (t.kind === "bool") return ["true", "false"].map((v) => item(v, CompletionItemKind.Value, "bool", ""));
  if (t.kind === "layer") return t.allowed.map((v) => item(v, CompletionItemKind.Function, "layer", getOp(v)?.doc ?? ""));
  return [];
}

function names(list: readonly string[], detail = "tensor"): CompletionItem[] {
  return list.map((n) => item(n, CompletionItemKind.Variable, detail, ""));
}

/** The completion items for a place. */
export function itemsFor(place: Place, spell: Spelling): CompletionItem[] {
  switch (place.kind) {
    case "top":
      return ["model", "block", "train"].map((k) => item(k, CompletionItemKind.Keyword, "declaration", ""));
    case "statement":
      return [...["input", "output"].map((k) => item(k, CompletionItemKind.Keyword, "statement", "")), ...names(place.names)];
    case "step":
      return [
        ...OPS.map((op) => item(op.name, CompletionItemKind.Function, op.keras, op.doc, spell.op(op.name, op.params.length > 0))),
        ...place.blocks.map((b) => item(b, CompletionItemKind.Module, "block", "", spell.op(b, true))),
      ];
    case "names":
      return names(place.names);
    case "dtype":
      return DTYPES.map((d) => item(d, CompletionItemKind.TypeParameter, "dtype", ""));
    case "arguments": {
      const op = getOp(place.callee);
      return [...(op === undefined ? [] : paramItems(op.params, place.given, spell)), ...(op !== undefined && op.inputs.max > 1 ? names(place.names) : [])];
    }
    case "argument-value": {
      const p = getOp(place.callee)?.params.find((q) => q.name === place.param);
      return [...valueItems(p?.type), ...names(place.names, "block parameter")];
    }
    case "train-key":
      return TRAIN_SETTINGS.filter((s) => !place.given.includes(s.name)).map((s) => item(s.name, CompletionItemKind.Property, "train setting", s.doc, spell.param(s.name)));
    case "train-value":
      return trainValues(place.setting, place.outputs);
    case "train-options": {
      const defs = TRAIN_TABLES[place.table]?.[place.entry];
      return defs === undefined ? [] : paramItems(defs, place.given, spell);
    }
    case "train-option-value": {
      const d = TRAIN_TABLES[place.table]?.[place.entry]?.find((x) => x.name === place.option);
      return d !== undefined && "type" in d ? valueItems(d.type) : [];
    }
    case "data-key":
      return ["train", "validation", "test"].filter((k) => !place.given.includes(k)).map((k) => item(k, CompletionItemKind.Property, "data", "", spell.param(k)));
    case "keys":
      return place.keys.filter((k) => !place.given.includes(k)).map((k) => item(k, CompletionItemKind.Property, "key", "", spell.param(k)));
    case "nothing":
      return [];
  }
}

function trainValues(setting: string, outputs: readonly string[]): CompletionItem[] {
  const table = TRAIN_TABLES[setting];
  if (table !== undefined && setting !== "early_stopping" && setting !== "checkpoint" && setting !== "clip") {
    return Object.keys(table).map((k) => item(k, CompletionItemKind.Function, setting, ""));
  }
  switch (setting) {
    case "loss":
      return [...LOSSES.map((l) => item(l, CompletionItemKind.EnumMember, "loss", "")), ...names(outputs, "model output")];
    case "metrics":
      return [...METRICS.map((m) => item(m, CompletionItemKind.EnumMember, "metric", "")), ...names(outputs, "model output")];
    case "loss_weights":
      return names(outputs, "model output");
    case "shuffle":
    case "early_stopping":
      return ["true", "false"].map((v) => item(v, CompletionItemKind.Value, "bool", ""));
    default:
      return [];
  }
}
