/**
 * Arithmetic in unquoted YAML scalars (`1/255`, `d * 4`, `-(d + 1) / 2`) → the shared AST `Expr`, with
 * spans offset to the scalar's place in the file.
 *
 * TEMPORARY: a tiny local parser for the DSL's `expr` grammar subset that can appear in a scalar
 * (numbers, names, + - * /, unary minus, parentheses). It will be replaced by `parseExpression` from
 * `src/parser/dsl/index.ts` once that lands, so both front-ends share one expression grammar.
 */
import type { Expr } from "../ast.js";
import type { Span } from "../../diagnostics/span.js";
import { createSpan } from "../../diagnostics/span.js";
import { MAX_NESTING_DEPTH } from "../parse-result.js";

export interface ExpressionResult {
  readonly expr: Expr | undefined;
  /** Why the text is not an expression, at the offending character. */
  readonly error?: { readonly message: string; readonly span: Span };
}

type Tok = { readonly kind: "num" | "ident" | "op" | "end"; readonly text: string; readonly start: number; readonly end: number };

const TOKEN = /\s*(?:(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/()]))/y;

function tokenize(text: string): Tok[] | { bad: number } {
  const out: Tok[] = [];
  let pos = 0;
  for (;;) {
    const ws = /\s*/y;
    ws.lastIndex = pos;
    ws.exec(text);
    if (ws.lastIndex >= text.length) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (m === null) return { bad: ws.lastIndex };
    const t = m[1] ?? m[2] ?? m[3]!;
    const start = TOKEN.lastIndex - t.length;
    out.push({ kind: m[1] !== undefined ? "num" : m[2] !== undefined ? "ident" : "op", text: t, start, end: TOKEN.lastIndex });
    pos = TOKEN.lastIndex;
  }
  out.push({ kind: "end", text: "", start: text.length, end: text.length });
  return out;
}

export function parseScalarExpression(text: string, file: string, baseOffset: number): ExpressionResult {
  const span = (s: number, e: number) => createSpan(file, baseOffset + s, baseOffset + e);
  const toks = tokenize(text);
  if (!Array.isArray(toks)) {
    return { expr: undefined, error: { message: `unexpected character \`${text[toks.bad]}\` in an expression`, span: span(toks.bad, toks.bad + 1) } };
  }
  let i = 0;
  let failure: ExpressionResult["error"];
  const peek = () => toks[i]!;
  const fail = (t: Tok, what: string): undefined => {
    // An expression that ends early is shown whole: there is no character after it to point at.
    failure ??=
      t.kind === "end"
        ? { message: `the expression ends early; expected ${what}`, span: span(0, Math.max(1, text.length)) }
        : { message: `unexpected \`${t.text}\`; expected ${what}`, span: span(t.start, Math.max(t.end, t.start + 1)) };
    return undefined;
  };

  const binary = (next: (d: number) => Expr | undefined, ops: readonly string[]) => (depth: number): Expr | undefined => {
    let left = next(depth);
    while (left !== undefined && peek().kind === "op" && ops.includes(peek().text)) {
      const op = toks[i++]!.text as "+" | "-" | "*" | "/";
      const right = next(depth);
      if (right === undefined) return undefined;
      left = { kind: "binary", op, left, right, span: createSpan(file, left.span.start, right.span.end) };
    }
    return left;
  };
  const unary = (depth: number): Expr | undefined => {
    if (depth > MAX_NESTING_DEPTH) return fail(peek(), "a shallower expression");
    const t = peek();
    if (t.kind === "op" && t.text === "-") {
      i++;
      const operand = unary(depth + 1);
      return operand && { kind: "unary", op: "-", operand, span: createSpan(file, baseOffset + t.start, operand.span.end) };
    }
    return primary(depth);
  };
  const term = binary(unary, ["*", "/"]);
  const expr = binary(term, ["+", "-"]);
  function primary(depth: number): Expr | undefined {
    const t = peek();
    if (t.kind === "num") {
      i++;
      return { kind: "number", value: Number(t.text), span: span(t.start, t.end) };
    }
    if (t.kind === "ident") {
      i++;
      if (t.text === "true" || t.text === "false") return { kind: "bool", value: t.text === "true", span: span(t.start, t.end) };
      return { kind: "ident", name: t.text, span: span(t.start, t.end) };
    }
    if (t.kind === "op" && t.text === "(") {
      i++;
      const inner = expr(depth + 1);
      if (inner === undefined) return undefined;
      if (peek().text !== ")") return fail(peek(), "`)`");
      i++;
      return inner;
    }
    return fail(t, "a number, a name or `(`");
  }

  const result = expr(0);
  if (result !== undefined && peek().kind !== "end") fail(peek(), "an operator (`+ - * /`) or the end");
  return failure === undefined ? { expr: result } : { expr: undefined, error: failure };
}
