/**
 * Renders `docs/ops.md`, the reference page of every op, from the registry. A test keeps the committed
 * file equal to this rendering; regenerate with `npx tsx src/ir/ops/write-docs.ts`.
 */
import type { AttrValue } from "../types.js";
import type { OpDef, ParamDef, ParamType } from "./types.js";
import { OPS } from "./registry.js";

/** Markdown table cells cannot hold raw `|` or newlines. */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function range(t: { min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean }): string {
  const lo = t.min === undefined ? undefined : `${t.exclusiveMin ? ">" : "≥"} ${t.min}`;
  const hi = t.max === undefined ? undefined : `${t.exclusiveMax ? "<" : "≤"} ${t.max}`;
  const parts = [lo, hi].filter((p) => p !== undefined);
  return parts.length === 0 ? "" : ` (${parts.join(", ")})`;
}

/** Human-readable type, e.g. "int (≥ 1)", "ints ×2", "one of `valid`, `same`". */
export function renderParamType(t: ParamType): string {
  switch (t.kind) {
    case "int":
    case "float":
      return `${t.kind}${range(t)}`;
    case "bool":
    case "string":
      return t.kind;
    case "enum":
      return `one of ${t.values.map((v) => `\`${v}\``).join(", ")}`;
    case "ints":
      return `int or list of ${t.length} ints${range(t)}`;
    case "intList":
      return `list of ints${range(t)}`;
    case "pairs":
      return t.length === 1 ? `int or [before, after]${range(t)}` : `int, list of ${t.length} ints, or ${t.length} pairs [before, after]${range(t)}`;
    case "range":
      return `number or [lower, upper]${range(t)}`;
    case "layer":
      return `layer: ${t.allowed.map((v) => `\`${v}\``).join(", ")}`;
  }
}

function renderValue(v: AttrValue): string {
  return typeof v === "string" ? `\`${v}\`` : `\`${JSON.stringify(v)}\``;
}

export function renderDefault(p: ParamDef): string {
  if (p.required) return "required";
  if (p.default === undefined) return "none";
  return renderValue(p.default);
}

function renderParams(op: OpDef): string[] {
  if (op.params.length === 0) return ["No parameters."];
  const positional = op.params.filter((p) => p.positional).map((p) => `\`${p.name}\``);
  const lines = [
    "| parameter | type | default | description |",
    "| --- | --- | --- | --- |",
    ...op.params.map((p) => `| \`${p.name}\`${p.positional ? " ¹" : ""} | ${cell(renderParamType(p.type))} | ${renderDefault(p)} | ${cell(p.doc)} |`),
  ];
  if (positional.length > 0) lines.push("", `¹ May be given positionally, in this order: ${positional.join(", ")}.`);
  return lines;
}

function renderInputs(op: OpDef): string {
  const { min, max } = op.inputs;
  const count = min === max ? `${min}` : max === Infinity ? `${min} or more` : `${min} to ${max}`;
  return op.inputDoc ?? count;
}

function renderOp(op: OpDef): string[] {
  return [
    `## \`${op.name}\``,
    "",
    op.doc,
    "",
    `- **Category:** ${op.category}`,
    `- **Inputs:** ${renderInputs(op)}`,
    `- **Keras:** \`${op.keras}\``,
    "",
    ...renderParams(op),
    "",
  ];
}

function renderIndex(): string[] {
  const categories = [...new Set(OPS.map((op) => op.category))].sort();
  return [
    "| category | ops |",
    "| --- | --- |",
    ...categories.map((c) => `| ${c} | ${OPS.filter((op) => op.category === c).map((op) => `[\`${op.name}\`](#${op.name})`).join(", ")} |`),
    "",
  ];
}

/** The whole Markdown reference page (deterministic: ops sorted by name). */
export function renderOpsReference(): string {
  return [
    "<!-- Generated from src/ir/ops by `npx tsx src/ir/ops/write-docs.ts`. Do not edit by hand. -->",
    "",
    "# Op reference",
    "",
    "Every layer a `.mfgnet` spec can use. Shapes exclude the batch dimension and are channels-last;",
    "`?` is a dimension known only at run time. Parameter counts equal Keras's for the same layer.",
    "Parameters of type \"int or list of N ints\" take one int for all axes or one per axis.",
    "",
    "**Axes.** Every op that takes an `axis` counts axes as Keras does: axis 0 is the batch, axis 1 the",
    "first dimension of the input shape as declared (`f32[40, 500, 1]`: axis 1 is the 40, axis 3 the 1),",
    "and a negative axis counts from the end (−1 is the last). The batch axis itself is never allowed.",
    "`permute`'s `dims` follow the same count (1-based, the batch stays put).",
    "",
    "**Padding masks.** `embedding(mask_zero: true)` and `masking` mark padded steps, as in Keras 3. Recurrent",
    "layers, self-attention and `global_avgpool1d` honour the mask; ops that compute each step on its own",
    "(`dense`, activations, `dropout`, `layernorm`, `positional_encoding`, `time_distributed` of those) pass it",
    "on, and merges combine it as Keras 3 does. A mask reaching any other op is an error (MFG3231), where",
    "Keras would silently drop it, and so is a trained output that still carries one (MFG3232).",
    "",
    ...renderIndex(),
    ...OPS.flatMap(renderOp),
  ].join("\n");
}
