/**
 * Completion: the place of the cursor (read from the text, which is often incomplete while typing)
 * and the names in scope there (from the last parse, which recovers what it can), turned into items.
 */
import type { CompletionItem } from "vscode-languageserver";
import { definedNames } from "../ir/build/names.js";
import type { Spec } from "../parser/ast.js";
import { parseSpecText } from "../pipeline.js";
import type { Analysis } from "./document.js";
import { itemsFor, type Spelling } from "./completion-items.js";
import { dslPlace } from "./completion-dsl.js";
import { yamlPlace } from "./completion-yaml.js";

const DSL_SPELLING: Spelling = { param: (n) => `${n}: `, op: (n) => n };
const YAML_SPELLING: Spelling = { param: (n) => `${n}: `, op: (n, takesParams) => (takesParams ? `${n}: ` : n) };

/** Names in scope at `offset`: the tensors and parameters of the enclosing model or block. */
function scopeAt(spec: Spec | undefined, offset: number) {
  const blocks = spec?.blocks.map((b) => b.name.name) ?? [];
  const model = spec?.models[0];
  const outputs = model?.body.flatMap((s) => (s.kind === "output" ? s.names.map((n) => n.name) : [])) ?? [];
  const block = spec?.blocks.find((b) => b.span.start <= offset && offset <= b.span.end);
  const body = block?.body ?? model?.body ?? [];
  const tensors = [...new Set(definedNames(body).map((n) => n.name))];
  const params = block?.params.map((p) => p.name.name) ?? [];
  return { tensors, blocks, outputs, params };
}

/**
 * The tree to take names from: the document's own, or — when the line being typed breaks the parse —
 * the document's without that line.
 */
function treeForNames(a: Analysis, offset: number): Spec | undefined {
  if (a.compiled.spec !== undefined) return a.compiled.spec;
  const text = a.doc.getText();
  const start = Math.max(text.lastIndexOf("\n", offset - 1), text.lastIndexOf("\r", offset - 1)) + 1;
  const end = text.slice(offset).search(/[\r\n]|$/) + offset;
  return parseSpecText(text.slice(0, start) + " ".repeat(end - start) + text.slice(end), a.path, a.form).spec;
}

export function completionsAt(a: Analysis, offset: number): CompletionItem[] {
  const text = a.doc.getText();
  const scope = scopeAt(treeForNames(a, offset), offset);
  const place = a.form === "dsl" ? dslPlace(text, offset, scope) : yamlPlace(text, offset, scope);
  return itemsFor(place, a.form === "dsl" ? DSL_SPELLING : YAML_SPELLING);
}
