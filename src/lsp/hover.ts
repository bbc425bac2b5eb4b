/**
 * Hover: what is under the cursor, in Markdown. An op shows its documentation, its Keras layer and —
 * when the spec builds — the tensor it produces there, as Keras's summary prints it ("(None, 13, 13,
 * 32), 320 params"); a name shows its tensor's shape; a parameter or train setting its documentation.
 */
import type { Hover } from "vscode-languageserver";
import { getOp } from "../ir/ops/registry.js";
import { renderParamType } from "../ir/ops/docs.js";
import type { OpDef } from "../ir/ops/types.js";
import { TRAIN_SETTINGS } from "../ir/train/settings.js";
import type { AstNode, CallExpr, Identifier } from "../parser/ast.js";
import { irNodeNamed, kerasShape, nodesAt, parentOf, rangeOf, type Analysis } from "./document.js";

function opDoc(op: OpDef): string {
  const params = op.params.map((p) => `- \`${p.name}\`${p.positional ? " (positional)" : ""}: ${renderParamType(p.type)}${p.required ? ", required" : ""} — ${p.doc}`);
  return [`**${op.name}** (\`${op.keras}\`)`, "", op.doc, ...(params.length > 0 ? ["", ...params] : [])].join("\n");
}

/** The IR node(s) an op call made: same span start; `repeat` makes several, the last is the result. */
function producedBy(a: Analysis, call: CallExpr) {
  const made = a.compiled.graph?.nodes.filter((n) => n.span.start === call.span.start && n.op === call.callee.name) ?? [];
  return made[made.length - 1];
}

function tensorLine(shape: readonly (number | null)[], params: number | undefined): string {
  return `\`${kerasShape(shape)}\`${params === undefined ? "" : `, ${params.toLocaleString("en-US")} params`}`;
}

export function hoverAt(a: Analysis, offset: number): Hover | null {
  const stack = nodesAt(a, offset);
  const inner = stack[stack.length - 1];
  if (inner === undefined || inner.kind !== "ident") return null;
  const parent = parentOf(a, inner);
  const range = rangeOf(a.doc, inner.span);
  const md = (value: string): Hover => ({ contents: { kind: "markdown", value }, range });

  // An op or block applied in a step (or as a flow source).
  if (parent?.kind === "call" && parent.callee === inner) {
    const op = getOp(inner.name);
    const block = a.compiled.spec?.blocks.find((b) => b.name.name === inner.name);
    if (op !== undefined) {
      const node = producedBy(a, parent);
      const out = node === undefined ? "" : `\n\n**Output:** ${tensorLine(node.shape, a.params.get(node.id))}`;
      return md(opDoc(op) + out);
    }
    if (block !== undefined) {
      const params = block.params.map((p) => p.name.name).join(", ");
      return md(`**block ${block.name.name}**(${params})`);
    }
    return null;
  }
  // A parameter name: `kernel` in `conv2d(32, kernel: 3)` or `kernel:` in YAML.
  if (parent?.kind === "arg" && parent.name === inner) {
    const call = enclosingCall(a, parent);
    const p = call === undefined ? undefined : getOp(call.callee.name)?.params.find((q) => q.name === inner.name);
    if (p !== undefined) return md(`**${p.name}**: ${renderParamType(p.type)}${p.default !== undefined ? ` (default \`${JSON.stringify(p.default)}\`)` : ""}\n\n${p.doc}`);
  }
  // A train setting.
  if (parent?.kind === "setting" && parent.key === inner) {
    const s = TRAIN_SETTINGS.find((x) => x.name === inner.name);
    if (s !== undefined) return md(`**${s.name}**\n\n${s.doc}`);
  }
  // A tensor name: where it is defined or used.
  const node = tensorNamed(a, inner);
  if (node !== undefined) return md(`**${inner.name}**: ${tensorLine(node.shape, a.params.get(node.id))}${node.op === "input" ? " (model input)" : ` (\`${node.op}\`)`}`);
  return null;
}

function enclosingCall(a: Analysis, n: AstNode): CallExpr | undefined {
  const p = parentOf(a, n);
  return p?.kind === "call" ? p : undefined;
}

/** The graph node of a top-level tensor name (block bodies have no single shape). */
function tensorNamed(a: Analysis, id: Identifier) {
  const model = a.compiled.spec?.models[0];
  if (model === undefined || id.span.start < model.span.start || id.span.end > model.span.end) return undefined;
  return irNodeNamed(a, id.name);
}
