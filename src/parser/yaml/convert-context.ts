/** What the YAML → AST conversion shares: the file, its text, known names, and where problems go. */
import { isAlias, isMap, isScalar, type Document, type Node, type Pair, type Scalar, type YAMLMap } from "yaml";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../diagnostics/span.js";
import { createSpan } from "../../diagnostics/span.js";
import type { Identifier } from "../ast.js";
import { reservedNameProblem } from "../names.js";

export interface ConvertContext {
  readonly file: string;
  readonly text: string;
  readonly doc: Document.Parsed;
  readonly diagnostics: Diagnostic[];
}

/** A node with aliases resolved (the alias budget was enforced when the plain value was built). */
export function deref(ctx: ConvertContext, node: unknown): Node | null {
  if (isAlias(node)) return (node.resolve(ctx.doc) as Node | undefined) ?? null;
  return (node as Node | null | undefined) ?? null;
}

export function spanOf(ctx: ConvertContext, node: Node | null | undefined, fallback?: Span): Span {
  const r = node?.range;
  if (r) return createSpan(ctx.file, r[0], Math.max(r[1], r[0] + 1));
  return fallback ?? createSpan(ctx.file, 0, 0);
}

/** One mapping entry with a scalar key (others were reported when building the plain value). */
export interface Entry {
  readonly name: string;
  readonly key: Scalar;
  readonly value: Node | null;
  /** From the key to the end of the value. */
  readonly span: Span;
}

export function entries(ctx: ConvertContext, node: Node | null): Entry[] {
  if (!isMap(node)) return [];
  const out: Entry[] = [];
  for (const pair of (node as YAMLMap).items as Pair[]) {
    const key = pair.key;
    if (!isScalar(key) || key.value === null || typeof key.value === "object") continue;
    const name = String(key.value);
    if (name === "<<") continue;
    const value = deref(ctx, pair.value);
    const keySpan = spanOf(ctx, key);
    const end = value?.range ? value.range[1] : keySpan.end;
    out.push({ name, key, value, span: createSpan(ctx.file, keySpan.start, Math.max(end, keySpan.end)) });
  }
  return out;
}

export function entry(ctx: ConvertContext, node: Node | null, name: string): Entry | undefined {
  return entries(ctx, node).find((e) => e.name === name);
}

export function keyIdentifier(ctx: ConvertContext, e: Entry): Identifier {
  return { kind: "ident", name: e.name, span: spanOf(ctx, e.key) };
}

/** A scalar's text as an identifier (names in `inputs: [x]`, `as: c1`, `from: a`). */
export function scalarIdentifier(ctx: ConvertContext, node: Node | null): Identifier | undefined {
  if (!isScalar(node) || node.value === null || typeof node.value === "object") return undefined;
  return { kind: "ident", name: String(node.value), span: spanOf(ctx, node) };
}

/**
 * A name the spec declares or refers to (model, input, block, parameter, `as`, `from`, output): the
 * DSL's keywords and the words YAML reads as null/booleans are refused, as the DSL refuses them, so
 * every YAML spec can be written as DSL.
 */
export function checkedName(ctx: ConvertContext, id: Identifier | undefined): Identifier | undefined {
  if (id === undefined) return undefined;
  const problem = reservedNameProblem(id.name, id.span);
  if (problem !== undefined) ctx.diagnostics.push(problem);
  return id;
}
