/**
 * Names and where they are defined and used, for go to definition, find references and rename. Built
 * from the AST, so it serves both forms. Scopes follow the language: tensor names belong to a model or
 * block body, block parameters to their block, block names and the model name to the file; the train
 * section refers to the model's outputs by name (per-output `loss`, `loss_weights`, `metrics`).
 */
import type { Span } from "../diagnostics/span.js";
import type { BlockDecl, CallExpr, Expr, GraphStmt, Identifier, ModelDecl, Spec } from "../parser/ast.js";
import { walkAst } from "../parser/ast-walk.js";

export type SymbolKind = "tensor" | "block" | "parameter" | "model";

export interface SpecSymbol {
  readonly name: string;
  readonly kind: SymbolKind;
  /** Where it is defined (the first definition). */
  readonly definition: Span;
  /** Uses, in source order, without the definition. */
  readonly references: readonly Span[];
}

class Collector {
  private readonly symbols = new Map<string, { name: string; kind: SymbolKind; definition: Span; refs: Map<number, Span> }>();

  define(scope: string, kind: SymbolKind, id: Identifier): void {
    const key = `${scope}\u0000${id.name}`;
    if (!this.symbols.has(key)) this.symbols.set(key, { name: id.name, kind, definition: id.span, refs: new Map() });
  }

  refer(scope: string, id: Identifier): boolean {
    const s = this.symbols.get(`${scope}\u0000${id.name}`);
    if (s === undefined) return false;
    if (id.span.start !== s.definition.start) s.refs.set(id.span.start, id.span);
    return true;
  }

  result(): SpecSymbol[] {
    return [...this.symbols.values()].map((s) => ({
      name: s.name,
      kind: s.kind,
      definition: s.definition,
      references: [...s.refs.values()].sort((a, b) => a.start - b.start),
    }));
  }
}

/** Leading positional names of a call that are tensors of this body (`add(a, b)`, `x -> add(skip)`). */
function tensorArgs(call: CallExpr, isTensor: (name: string) => boolean): Identifier[] {
  const out: Identifier[] = [];
  for (const a of call.args) {
    if (a.name !== undefined || a.value.kind !== "ident" || !isTensor(a.value.name)) break;
    out.push(a.value);
  }
  return out;
}

function body(c: Collector, scope: string, stmts: readonly GraphStmt[], blockNames: ReadonlySet<string>, params: readonly Identifier[]): void {
  const tensors = new Set<string>();
  for (const s of stmts) {
    if (s.kind === "input") {
      c.define(scope, "tensor", s.name);
      tensors.add(s.name.name);
    } else if (s.kind === "flow") {
      const names = [...s.steps.flatMap((step) => (step.alias ? [step.alias] : [])), ...(s.target ? [s.target] : [])];
      for (const n of names) {
        c.define(scope, "tensor", n);
        tensors.add(n.name);
      }
    }
  }
  const paramScope = `${scope}/params`;
  for (const p of params) c.define(paramScope, "parameter", p);
  const isTensor = (name: string) => tensors.has(name);
  const referCall = (call: CallExpr) => {
    if (blockNames.has(call.callee.name)) c.refer("file", call.callee);
    for (const id of tensorArgs(call, isTensor)) c.refer(scope, id);
    for (const a of call.args) for (const { node } of walkAst(exprRoot(a.value))) if (node.kind === "ident" && !isTensor(node.name)) c.refer(paramScope, node);
  };
  for (const s of stmts) {
    if (s.kind === "output") for (const n of s.names) c.refer(scope, n);
    if (s.kind !== "flow") continue;
    if (s.source.kind === "ident") c.refer(scope, s.source);
    else if (s.source.kind === "tuple") for (const i of s.source.items) c.refer(scope, i);
    else referCall(s.source);
    for (const step of s.steps) {
      referCall(step.call);
      if (step.repeat) for (const { node } of walkAst(exprRoot(step.repeat))) if (node.kind === "ident") c.refer(paramScope, node);
    }
  }
}

/** An expression wrapped as a tiny spec, so the generic walker visits it. */
function exprRoot(e: Expr): Spec {
  return { kind: "spec", file: "", blocks: [], models: [], trains: [{ kind: "train", model: { kind: "ident", name: "", span: e.span }, settings: [{ kind: "setting", key: { kind: "ident", name: "", span: e.span }, value: e, span: e.span }], span: e.span }], span: e.span };
}

/** Every symbol of a spec. */
export function symbolIndex(spec: Spec, textAt: (span: Span) => string): SpecSymbol[] {
  const c = new Collector();
  const blockNames = new Set(spec.blocks.map((b) => b.name.name));
  for (const b of spec.blocks) c.define("file", "block", b.name);
  for (const m of spec.models) c.define("file", "model", m.name);
  for (const b of spec.blocks as readonly BlockDecl[]) body(c, `block:${b.name.name}`, b.body, blockNames, b.params.map((p) => p.name));
  const model: ModelDecl | undefined = spec.models[0];
  if (model !== undefined) body(c, "model", model.body, blockNames, []);
  for (const t of spec.trains) {
    // The DSL names the model here; YAML's train section has no name (its span is the `train` key).
    if (textAt(t.model.span) === t.model.name) c.refer("file", t.model);
    for (const s of t.settings) {
      if (!["loss", "loss_weights", "metrics"].includes(s.key.name) || s.value?.kind !== "object") continue;
      for (const e of s.value.entries) c.refer("model", e.key);
    }
  }
  return c.result();
}

/** The symbol whose definition or a use spans `offset`. */
export function symbolAt(symbols: readonly SpecSymbol[], offset: number): SpecSymbol | undefined {
  const holds = (s: Span) => s.start <= offset && offset <= s.end;
  return symbols.find((s) => holds(s.definition) || s.references.some(holds));
}
