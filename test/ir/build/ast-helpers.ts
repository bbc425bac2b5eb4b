/**
 * Hand-built ASTs for builder tests that must not depend on a front-end. Spans are unique, increasing
 * offsets (not real text positions); tests about line:column parse DSL text instead.
 */
import type {
  Argument,
  BlockDecl,
  BlockParam,
  CallExpr,
  Expr,
  FlowStmt,
  GraphStmt,
  Identifier,
  InputDecl,
  ModelDecl,
  OutputDecl,
  Setting,
  Spec,
  Step,
  TrainDecl,
} from "../../../src/parser/ast.js";
import type { Span } from "../../../src/diagnostics/span.js";

let offset = 0;
const FILE = "hand.mfgnet";
export function sp(): Span {
  offset += 2;
  return { file: FILE, start: offset, end: offset + 1 };
}

export const id = (name: string): Identifier => ({ kind: "ident", name, span: sp() });
export const num = (value: number): Expr => ({ kind: "number", value, span: sp() });
export const str = (value: string): Expr => ({ kind: "string", value, span: sp() });
export const bool = (value: boolean): Expr => ({ kind: "bool", value, span: sp() });
export const list = (...items: Expr[]): Expr => ({ kind: "list", items, span: sp() });
export const bin = (op: "+" | "-" | "*" | "/", left: Expr, right: Expr): Expr => ({ kind: "binary", op, left, right, span: sp() });
export const obj = (entries: Record<string, Expr>): Expr => ({
  kind: "object",
  entries: Object.entries(entries).map(([k, v]) => ({ kind: "entry", key: id(k), value: v, span: sp() })),
  span: sp(),
});

/** A positional argument is an Expr (strings become identifiers); a named one is `[name, Expr]`. */
export type ArgSpec = Expr | string | number | [string, Expr | string | number];
function toExpr(v: Expr | string | number): Expr {
  return typeof v === "string" ? id(v) : typeof v === "number" ? num(v) : v;
}
function toArg(a: ArgSpec): Argument {
  if (Array.isArray(a)) return { kind: "arg", name: id(a[0]), value: toExpr(a[1]), span: sp() };
  return { kind: "arg", value: toExpr(a), span: sp() };
}
export const call = (name: string, ...args: ArgSpec[]): CallExpr => ({ kind: "call", callee: id(name), args: args.map(toArg), span: sp() });

export const input = (name: string, dtype?: string, shape?: (number | "?")[]): InputDecl => ({
  kind: "input",
  name: id(name),
  ...(dtype !== undefined ? { dtype: id(dtype) } : {}),
  ...(shape !== undefined ? { shape: shape.map((d) => (d === "?" ? id("?") : num(d))) } : {}),
  span: sp(),
});
export const output = (...names: string[]): OutputDecl => ({ kind: "output", names: names.map(id), span: sp() });
export const step = (c: CallExpr, opts: { as?: string; repeat?: Expr | number } = {}): Step => ({
  kind: "step",
  call: c,
  ...(opts.as !== undefined ? { alias: id(opts.as) } : {}),
  ...(opts.repeat !== undefined ? { repeat: toExpr(opts.repeat) } : {}),
  span: sp(),
});
export const flow = (source: string | string[] | CallExpr, steps: (Step | CallExpr)[], target?: string): FlowStmt => ({
  kind: "flow",
  ...(target !== undefined ? { target: id(target) } : {}),
  source: typeof source === "string" ? id(source) : Array.isArray(source) ? { kind: "tuple", items: source.map(id), span: sp() } : source,
  steps: steps.map((s) => (s.kind === "call" ? step(s) : s)),
  span: sp(),
});
export const model = (name: string, ...body: GraphStmt[]): ModelDecl => ({ kind: "model", name: id(name), body, span: sp() });
export const param = (name: string, dflt?: Expr | number): BlockParam => ({
  kind: "param",
  name: id(name),
  ...(dflt !== undefined ? { default: toExpr(dflt) } : {}),
  span: sp(),
});
export const block = (name: string, params: BlockParam[], ...body: GraphStmt[]): BlockDecl => ({ kind: "block", name: id(name), params, body, span: sp() });
export const setting = (key: string, value: Expr | string | number): Setting => ({ kind: "setting", key: id(key), value: toExpr(value), span: sp() });
export const train = (modelName: string, ...settings: Setting[]): TrainDecl => ({ kind: "train", model: id(modelName), settings, span: sp() });
export const spec = (parts: { blocks?: BlockDecl[]; models?: ModelDecl[]; trains?: TrainDecl[] }): Spec => ({
  kind: "spec",
  file: FILE,
  blocks: parts.blocks ?? [],
  models: parts.models ?? [],
  trains: parts.trains ?? [],
  span: { file: FILE, start: 0, end: 0 },
});
