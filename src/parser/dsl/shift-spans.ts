/** Moves spans of an expression parsed on its own (a YAML scalar) to where it sits in its file. */
import type { Argument, Expr, ObjectEntry } from "../ast.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../diagnostics/span.js";

function shift(span: Span, by: number): Span {
  return { file: span.file, start: span.start + by, end: span.end + by };
}

export function shiftDiagnostic(d: Diagnostic, by: number): Diagnostic {
  if (by === 0) return d;
  return { ...d, span: shift(d.span, by), related: d.related.map((r) => ({ ...r, span: shift(r.span, by) })) };
}

/** A copy of `e` with every span moved by `by` (recursion depth is bounded by the nesting limit). */
export function shiftExpr(e: Expr, by: number): Expr {
  if (by === 0) return e;
  const span = shift(e.span, by);
  switch (e.kind) {
    case "number":
    case "string":
    case "bool":
    case "ident":
      return { ...e, span };
    case "list":
      return { ...e, items: e.items.map((i) => shiftExpr(i, by)), span };
    case "object":
      return { ...e, entries: e.entries.map((en): ObjectEntry => ({ ...en, key: { ...en.key, span: shift(en.key.span, by) }, value: shiftExpr(en.value, by), span: shift(en.span, by) })), span };
    case "call":
      return {
        ...e,
        callee: { ...e.callee, span: shift(e.callee.span, by) },
        args: e.args.map((a): Argument => ({ ...a, ...(a.name ? { name: { ...a.name, span: shift(a.name.span, by) } } : {}), value: shiftExpr(a.value, by), span: shift(a.span, by) })),
        span,
      };
    case "binary":
      return { ...e, left: shiftExpr(e.left, by), right: shiftExpr(e.right, by), span };
    case "unary":
      return { ...e, operand: shiftExpr(e.operand, by), span };
  }
}
