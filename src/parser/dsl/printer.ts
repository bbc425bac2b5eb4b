/**
 * The canonical DSL printer behind `mfgc fmt`: AST → text. Deterministic (layout decisions depend only
 * on the AST, never on the original text), idempotent, and its output parses back to the same AST.
 *
 * Layout: declarations in the order blocks, models, trains, separated by a blank line; two-space
 * indentation; a flow with at most two steps that fits in {@link MAX_WIDTH} columns stays on one line,
 * longer flows put each `-> step` on its own line; an object-valued setting that does not fit goes one
 * entry per line.
 */
import type { BlockDecl, CallExpr, Expr, FlowStmt, GraphStmt, ModelDecl, ObjectExpr, Setting, Spec, Step, TrainDecl } from "../ast.js";
import { encodeStringLiteral } from "./string-literal.js";

const MAX_WIDTH = 100;
const INDENT = "  ";

/** Prints a spec in canonical DSL form (ends with a newline; empty string for an empty spec). */
export function printDsl(spec: Spec): string {
  const decls = [...spec.blocks.map(printBlock), ...spec.models.map(printModel), ...spec.trains.map(printTrain)];
  return decls.length === 0 ? "" : decls.join("\n\n") + "\n";
}

function printBlock(b: BlockDecl): string {
  const params = b.params.map((p) => (p.default ? `${p.name.name} = ${printExpr(p.default)}` : p.name.name)).join(", ");
  return `block ${b.name.name}(${params}) ${printBody(b.body)}`;
}

function printModel(m: ModelDecl): string {
  return `model ${m.name.name} ${printBody(m.body)}`;
}

function printBody(body: readonly GraphStmt[]): string {
  if (body.length === 0) return "{}";
  return `{\n${body.map((s) => INDENT + printGraphStmt(s)).join("\n")}\n}`;
}

function printGraphStmt(s: GraphStmt): string {
  switch (s.kind) {
    case "input":
      return s.dtype && s.shape ? `input ${s.name.name}: ${s.dtype.name}[${s.shape.map(printExpr).join(", ")}]` : `input ${s.name.name}`;
    case "output":
      return `output ${s.names.map((n) => n.name).join(", ")}`;
    case "flow":
      return printFlow(s);
  }
}

function printFlow(f: FlowStmt): string {
  const source = f.source.kind === "tuple" ? `(${f.source.items.map((i) => i.name).join(", ")})` : f.source.kind === "call" ? printCall(f.source, true) : f.source.name;
  const head = f.target ? `${f.target.name} = ${source}` : source;
  const steps = f.steps.map(printStep);
  const oneLine = [head, ...steps].join(" -> ");
  if (steps.length <= 2 && INDENT.length + oneLine.length <= MAX_WIDTH) return oneLine;
  return [head, ...steps.map((s) => `${INDENT}${INDENT}-> ${s}`)].join("\n");
}

function printStep(s: Step): string {
  const repeat = s.repeat ? `repeat ${printExpr(s.repeat)} ` : "";
  const alias = s.alias ? ` as ${s.alias.name}` : "";
  return `${repeat}${printCall(s.call, false)}${alias}`;
}

/** `keepEmptyParens`: outside steps, `f()` (a call) and `f` (a name) differ, so empty parens stay. */
function printCall(c: CallExpr, keepEmptyParens: boolean): string {
  if (c.args.length === 0 && !keepEmptyParens) return c.callee.name;
  const args = c.args.map((a) => (a.name ? `${a.name.name}: ${printExpr(a.value)}` : printExpr(a.value)));
  return `${c.callee.name}(${args.join(", ")})`;
}

function printTrain(t: TrainDecl): string {
  if (t.settings.length === 0) return `train ${t.model.name} {}`;
  return `train ${t.model.name} {\n${t.settings.map((s) => INDENT + printSetting(s, INDENT)).join("\n")}\n}`;
}

function printSetting(s: Setting, indent: string): string {
  if (!s.value) return s.key.name;
  const value = s.value.kind === "object" ? printObjectLayout(s.value, indent, indent.length + s.key.name.length + 1) : printExpr(s.value);
  return `${s.key.name} ${value}`;
}

/** An object inline when it fits, otherwise one entry per line (nested objects decide the same way). */
function printObjectLayout(o: ObjectExpr, indent: string, column: number): string {
  const inline = printExpr(o);
  if (o.entries.length === 0 || column + inline.length <= MAX_WIDTH) return inline;
  const inner = indent + INDENT;
  const lines = o.entries.map((e) => {
    const value = e.value.kind === "object" ? printObjectLayout(e.value, inner, inner.length + e.key.name.length + 2) : printExpr(e.value);
    return `${inner}${e.key.name}: ${value}`;
  });
  return `{\n${lines.join("\n")}\n${indent}}`;
}

// ───────────────────────────── expressions ─────────────────────────────

const PRIMARY = 4;
const UNARY = 3;

function precedence(e: Expr): number {
  if (e.kind === "binary") return e.op === "+" || e.op === "-" ? 1 : 2;
  if (e.kind === "unary") return UNARY;
  if (e.kind === "number" && isNegative(e.value)) return UNARY;
  return PRIMARY;
}

function isNegative(v: number): boolean {
  return v < 0 || Object.is(v, -0);
}

/** One-line text of an expression, with the parentheses precedence needs (operators are left-associative). */
export function printExpr(e: Expr): string {
  switch (e.kind) {
    case "number":
      return isNegative(e.value) ? `-${formatNumber(-e.value)}` : formatNumber(e.value);
    case "string":
      return encodeStringLiteral(e.value);
    case "bool":
      return e.value ? "true" : "false";
    case "ident":
      return e.name;
    case "list":
      return `[${e.items.map(printExpr).join(", ")}]`;
    case "object":
      return e.entries.length === 0 ? "{}" : `{ ${e.entries.map((en) => `${en.key.name}: ${printExpr(en.value)}`).join(", ")} }`;
    case "call":
      return printCall(e, true);
    case "unary": {
      const operand = printExpr(e.operand);
      return precedence(e.operand) < UNARY ? `-(${operand})` : `-${operand}`;
    }
    case "binary": {
      const p = precedence(e);
      const left = precedence(e.left) < p ? `(${printExpr(e.left)})` : printExpr(e.left);
      const right = precedence(e.right) <= p ? `(${printExpr(e.right)})` : printExpr(e.right);
      return `${left} ${e.op} ${right}`;
    }
  }
}

/** Shortest text that reads back as the same double (JS's own algorithm); never `1.` or `-`. */
function formatNumber(v: number): string {
  return String(v);
}
