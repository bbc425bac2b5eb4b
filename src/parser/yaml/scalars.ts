/**
 * The documented scalar rules of the YAML form:
 * - numbers and booleans are themselves;
 * - an unquoted scalar that is an identifier is an {@link Identifier} (enum values, tensor and parameter names);
 * - an unquoted scalar made of expression characters with an operator (`1/255`, `d * 4`) is an expression;
 *   if it does not parse, that is an error (MFG1115) rather than a silent string;
 * - a quoted (or block) scalar is always a string; so is any other unquoted text (`foo.csv`).
 */
import type { Scalar } from "yaml";
import { createDiagnostic } from "../../diagnostics/diagnostic.js";
import type { Expr } from "../ast.js";
import type { ConvertContext } from "./convert-context.js";
import { spanOf } from "./convert-context.js";
import { parseScalarExpression } from "./expression.js";
import { EXPR_RE, IDENT_RE } from "./schema-patterns.js";

const OPERATOR_RE = /[-+*/()]/;

/** Whether an unquoted scalar with this text is read as an expression (and must parse as one). */
export function looksLikeExpression(text: string): boolean {
  return EXPR_RE.test(text) && OPERATOR_RE.test(text);
}

/** A scalar node → expression; undefined for `null` (and for rejected non-finite numbers). */
export function scalarToExpr(ctx: ConvertContext, node: Scalar): Expr | undefined {
  const span = spanOf(ctx, node);
  const v = node.value;
  if (typeof v === "number") return Number.isFinite(v) ? { kind: "number", value: v, span } : undefined;
  if (typeof v === "boolean") return { kind: "bool", value: v, span };
  if (v === null || v === undefined) return undefined;
  const text = String(v);
  if (node.type !== "PLAIN") return { kind: "string", value: text, span };
  if (IDENT_RE.test(text)) return { kind: "ident", name: text, span };
  if (!looksLikeExpression(text)) return { kind: "string", value: text, span };
  // Parse the source text itself (not the folded value) so sub-expression spans are exact.
  const source = ctx.text.slice(span.start, span.end);
  const parsed = parseScalarExpression(source, ctx.file, span.start);
  if (parsed.expr !== undefined) return parsed.expr;
  const err = parsed.error!;
  ctx.diagnostics.push(
    createDiagnostic("MFG1115", `\`${text}\` is not a valid expression: ${err.message}`, err.span, {
      hints: [`quote it ("${text}") if you meant a string`],
    }),
  );
  return { kind: "string", value: text, span };
}
