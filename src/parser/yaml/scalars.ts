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
import type { Span } from "../../diagnostics/span.js";
import type { ConvertContext } from "./convert-context.js";
import { spanOf } from "./convert-context.js";
import { parseExpression } from "../dsl/index.js";
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
  if (typeof v === "number") return Number.isFinite(v) ? numberExpr(v, span) : undefined;
  if (typeof v === "boolean") return { kind: "bool", value: v, span };
  if (v === null || v === undefined) return undefined;
  const text = String(v);
  if (node.type !== "PLAIN") return { kind: "string", value: text, span };
  if (IDENT_RE.test(text)) return { kind: "ident", name: text, span };
  if (!looksLikeExpression(text)) return { kind: "string", value: text, span };
  // Parse the source text itself (not the folded value) so sub-expression spans are exact. The DSL's
  // expression parser is the one grammar for arithmetic in both front-ends.
  const source = ctx.text.slice(span.start, span.end);
  const parsed = parseExpression(source, ctx.file, span.start);
  const problem = parsed.diagnostics.find((d) => d.severity === "error");
  if (problem === undefined && parsed.expr !== undefined) return parsed.expr;
  const why = problem === undefined ? "" : `: ${problem.message.replace(/the end of the file/g, "the end of the value")}`;
  const where = problem !== undefined && problem.span.end > problem.span.start ? problem.span : span;
  ctx.diagnostics.push(
    createDiagnostic("MFG1115", `\`${text}\` is not a valid expression${why}`, where, {
      hints: [`quote it ("${text}") if you meant a string`],
    }),
  );
  return { kind: "string", value: text, span };
}

/**
 * A YAML number. A negative one becomes `-` applied to its magnitude, exactly the tree the DSL builds
 * for `-1`, so both front-ends give equal ASTs for equal specs.
 */
function numberExpr(v: number, span: Span): Expr {
  if (v < 0 || Object.is(v, -0)) {
    const operand: Expr = { kind: "number", value: -v, span: { ...span, start: span.start + 1 } };
    return { kind: "unary", op: "-", operand, span };
  }
  return { kind: "number", value: v, span };
}
