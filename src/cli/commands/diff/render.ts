/**
 * A spec diff as text (terminal, CI logs) or Markdown (a pull-request comment). Deterministic: the
 * order is the models' node order and sorted setting paths, numbers use fixed grouping.
 */
import { getOp } from "../../../ir/ops/registry.js";
import type { AttrValue } from "../../../ir/types.js";
import type { LayerChange, LayerInfo, ModelDiff, SettingChange } from "./compare.js";
import { text } from "./compare.js";
import type { Breaking, WeightCompatibility } from "./weights.js";
import { maxOf } from "../../../util/arrays.js";

export interface DiffReport {
  readonly oldLabel: string;
  readonly newLabel: string;
  readonly model: ModelDiff;
  /** Undefined when the weights were not compared (`--no-weights`). */
  readonly weights: WeightCompatibility | undefined;
  /** Whether the two spec texts differ at all (`train --resume` refuses a changed spec). */
  readonly textChanged: boolean;
}

const num = (n: number) => n.toLocaleString("en-US");
const signed = (n: number) => (n > 0 ? `+${num(n)}` : n < 0 ? `−${num(-n)}` : "±0");

function shape(s: LayerInfo["shape"]): string {
  return `(${["None", ...s.map((d) => (d === null ? "None" : String(d)))].join(", ")})`;
}

/** Parameters that differ from the op's defaults: what a reader needs to recognize a layer. */
function attrsText(l: LayerInfo): string {
  if (l.op === "input") return `${text(l.attrs["dtype"])} input`;
  const op = getOp(l.op);
  const shown = Object.entries(l.attrs).filter(([k, v]) => {
    const p = op?.params.find((q) => q.name === k);
    if (p === undefined || p.default === undefined) return v !== null;
    const d: AttrValue = p.type.kind === "ints" && typeof p.default === "number" ? Array.from({ length: p.type.length }, () => p.default as number) : p.default;
    return text(v) !== text(d);
  });
  return shown.map(([k, v]) => `${k}: ${text(v)}`).join(", ");
}

function changeText(c: LayerChange): string {
  const parts = c.attrs.map(([k, a, b]) => `${k}: ${a} → ${b}`);
  if (c.old.id !== c.new.id) parts.unshift(`renamed from \`${c.old.id}\``);
  return parts.join(", ");
}

function breakingText(b: Breaking): string {
  switch (b.kind) {
    case "removed":
      return `\`${b.weight.name}\` ${text(b.weight.shape)} is gone: trained values have no layer to go to`;
    case "added":
      return `\`${b.weight.name}\` ${text(b.weight.shape)} is new: trained models do not have it`;
    case "reshaped":
      return `\`${b.name}\` changes shape ${text(b.old)} → ${text(b.new)}`;
  }
}

function settingText(s: SettingChange): string {
  if (s.old === undefined) return `+ ${s.path}: ${s.new}`;
  if (s.new === undefined) return `- ${s.path}: ${s.old}`;
  return `~ ${s.path}: ${s.old} → ${s.new}`;
}

/** One row per added, removed and changed layer: kind, id, op, parameters, output shape, params. */
function layerRows(m: ModelDiff): string[][] {
  return [
    ...m.added.map((l) => ["added", l.id, l.op, attrsText(l), shape(l.shape), num(l.params)]),
    ...m.removed.map((l) => ["removed", l.id, l.op, attrsText(l), shape(l.shape), num(l.params)]),
    ...m.changed.map((c) => [
      "changed",
      c.new.id,
      c.new.op,
      changeText(c),
      shape(c.old.shape) === shape(c.new.shape) ? shape(c.new.shape) : `${shape(c.old.shape)} → ${shape(c.new.shape)}`,
      c.old.params === c.new.params ? num(c.new.params) : `${num(c.old.params)} → ${num(c.new.params)}`,
    ]),
  ];
}

const MARK: Readonly<Record<string, string>> = { added: "+", removed: "-", changed: "~" };

function summaryCounts(m: ModelDiff): string {
  return `${m.added.length} added, ${m.removed.length} removed, ${m.changed.length} changed`;
}

function resumeText(r: DiffReport): string {
  return r.textChanged ? "refuses checkpoints of the old spec (its hash changed): start a new run" : "unchanged spec: checkpoints resume";
}

export function renderText(r: DiffReport): string {
  const m = r.model;
  const out: string[] = [`mfgc diff: ${r.oldLabel} → ${r.newLabel}`, ""];
  out.push(m.name[0] === m.name[1] ? `model ${m.name[0]}` : `model ${m.name[0]} → ${m.name[1]}`);
  out.push(`  layers: ${summaryCounts(m)}`);
  const rows = layerRows(m).map(([kind, ...rest]) => [MARK[kind!]!, ...rest.slice(0, 4), `${rest[4]} params`]);
  const widths = [1, 2, 3, 4, 5].map((k) => maxOf(rows.map((row) => row[k]!.length), 0));
  for (const row of rows) out.push(`  ${row[0]} ${row.slice(1).map((c, k) => c.padEnd(widths[k]!)).join("  ")}`.trimEnd());
  if (text(m.outputs[0]) !== text(m.outputs[1])) out.push(`  outputs: ${m.outputs[0].join(", ")} → ${m.outputs[1].join(", ")}`);
  out.push(`  parameters: ${num(m.params[0])} → ${num(m.params[1])} (${signed(m.params[1] - m.params[0])})`);
  out.push("", "training");
  if (m.train.length === 0) out.push("  no changes");
  for (const s of m.train) out.push(`  ${settingText(s)}`);
  out.push("", "checkpoints");
  if (r.weights === undefined) out.push("  not compared (--no-weights)");
  else {
    const w = r.weights;
    out.push(w.breaking.length === 0 ? "  trained models (model.json + weights.bin): load into the new model" : `  trained models (model.json + weights.bin): do not load, ${w.breaking.length} breaking change${w.breaking.length === 1 ? "" : "s"}`);
    for (const b of w.breaking) out.push(`    BREAKING ${breakingText(b)}`);
    out.push(`  train --resume: ${resumeText(r)}`);
  }
  return `${out.join("\n")}\n`;
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

export function renderMarkdown(r: DiffReport): string {
  const m = r.model;
  const out: string[] = [`### \`mfgc diff\`: ${m.name[0] === m.name[1] ? `\`${m.name[0]}\`` : `\`${m.name[0]}\` → \`${m.name[1]}\``}`, ""];
  out.push(`\`${r.oldLabel}\` → \`${r.newLabel}\``, "");
  out.push(`**Layers:** ${summaryCounts(m)} · **Parameters:** ${num(m.params[0])} → ${num(m.params[1])} (${signed(m.params[1] - m.params[0])})`, "");
  const rows = layerRows(m);
  if (rows.length > 0) {
    out.push("| | layer | op | parameters | output shape | params |", "| --- | --- | --- | --- | --- | ---: |");
    for (const row of rows) out.push(`| ${row[0]} | \`${cell(row[1]!)}\` | ${row[2]} | ${cell(row[3]!)} | ${row[4]} | ${row[5]} |`);
    out.push("");
  }
  if (text(m.outputs[0]) !== text(m.outputs[1])) out.push(`**Outputs:** ${m.outputs[0].join(", ")} → ${m.outputs[1].join(", ")}`, "");
  out.push("**Training**", "");
  if (m.train.length === 0) out.push("No changes.", "");
  else {
    out.push("| setting | old | new |", "| --- | --- | --- |");
    for (const s of m.train) out.push(`| \`${s.path}\` | ${cell(s.old ?? "—")} | ${cell(s.new ?? "—")} |`);
    out.push("");
  }
  out.push("**Checkpoints**", "");
  if (r.weights === undefined) out.push("Not compared.");
  else {
    const w = r.weights;
    out.push(w.breaking.length === 0 ? "- Trained models load into the new model." : `- **Breaking:** trained models do not load (${w.breaking.length} change${w.breaking.length === 1 ? "" : "s"}):`);
    for (const b of w.breaking) out.push(`  - ${breakingText(b)}`);
    out.push(`- \`train --resume\` ${resumeText(r)}.`);
  }
  return `${out.join("\n")}\n`;
}
