/**
 * Evaluates argument expressions to {@link Value}s. Identifiers bound in the environment (block
 * parameters) are substituted; any other identifier is a name (an enum value such as `relu`). Arithmetic
 * is done here so `d * 4` and `1/255` reach the parameter checks as plain numbers.
 */
import type { Argument, Expr } from "../../parser/ast.js";
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../diagnostics/span.js";
import type { Value, ValueArg } from "./values.js";
import { describeValue } from "./values.js";

/** Block parameters in scope: name → value (undefined when the argument itself failed to evaluate). */
export type Env = ReadonlyMap<string, Value | undefined>;

export const EMPTY_ENV: Env = new Map();

/** Sentinel for "an error was already reported for this expression". */
const FAILED = undefined;

export function evaluate(expr: Expr, env: Env, bag: DiagnosticBag): Value | undefined {
  switch (expr.kind) {
    case "number":
      return { kind: "number", value: expr.value, span: expr.span };
    case "string":
      return { kind: "string", value: expr.value, fromIdent: false, span: expr.span };
    case "bool":
      return { kind: "bool", value: expr.value, span: expr.span };
    case "ident":
      if (env.has(expr.name)) return env.get(expr.name);
      return { kind: "string", value: expr.name, fromIdent: true, span: expr.span };
    case "list": {
      const items: Value[] = [];
      let ok = true;
      for (const item of expr.items) {
        const v = evaluate(item, env, bag);
        if (v === undefined) ok = false;
        else items.push(v);
      }
      return ok ? { kind: "list", items, span: expr.span } : FAILED;
    }
    case "object": {
      const entries: { key: string; keySpan: typeof expr.span; value: Value }[] = [];
      let ok = true;
      for (const e of expr.entries) {
        const v = evaluate(e.value, env, bag);
        if (v === undefined) ok = false;
        else entries.push({ key: e.key.name, keySpan: e.key.span, value: v });
      }
      return ok ? { kind: "object", entries, span: expr.span } : FAILED;
    }
    case "call":
      return {
        kind: "call",
        callee: expr.callee.name,
        calleeSpan: expr.callee.span,
        args: evaluateArgs(expr.args, env, bag),
        span: expr.span,
      };
    case "unary": {
      const v = evaluate(expr.operand, env, bag);
      if (v === undefined) return FAILED;
      if (v.kind !== "number") {
        bag.report("MFG3408", `cannot negate ${describeValue(v)}`, expr.operand.span, { hints: ["remove the `-`, or negate a number or a numeric block parameter, e.g. `-1` or `-d`"] });
        return FAILED;
      }
      return finite(-v.value, expr.span, bag);
    }
    case "binary": {
      const l = evaluate(expr.left, env, bag);
      const r = evaluate(expr.right, env, bag);
      if (l === undefined || r === undefined) return FAILED;
      let ok = true;
      for (const [side, v] of [[expr.left, l], [expr.right, r]] as const) {
        if (v.kind !== "number") {
          const hints =
            v.kind === "string" && v.fromIdent && side.kind === "ident"
              ? [`only block parameters can be used in arithmetic; \`${v.value}\` is not one here`]
              : [`put a number or a numeric block parameter on each side of \`${expr.op}\`, e.g. \`d * 4\``];
          bag.report("MFG3408", `\`${expr.op}\` needs numbers, got ${describeValue(v)}`, side.span, { hints });
          ok = false;
        }
      }
      if (!ok || l.kind !== "number" || r.kind !== "number") return FAILED;
      if (expr.op === "/" && r.value === 0) {
        bag.report("MFG3408", "division by zero", expr.right.span, { hints: [divisorHint(expr.right)] });
        return FAILED;
      }
      const value =
        expr.op === "+" ? l.value + r.value : expr.op === "-" ? l.value - r.value : expr.op === "*" ? l.value * r.value : l.value / r.value;
      return finite(value, expr.span, bag);
    }
  }
}

/** What to change about a divisor that evaluated to 0: the literal itself, or the parameter it names. */
function divisorHint(divisor: Expr): string {
  if (divisor.kind === "ident") return `\`${divisor.name}\` is 0 here: give it a non-zero value`;
  if (divisor.kind === "number") return "divide by a non-zero number, or remove the division";
  return "the divisor works out to 0 here: change it so that it is non-zero";
}

/**
 * An arithmetic result as a value, or an error when it is not finite: `1e308 * 10` is Infinity, and
 * Infinity − Infinity is NaN, which passes every `<`/`>` range check downstream.
 */
function finite(value: number, span: Span, bag: DiagnosticBag): Value | undefined {
  if (Number.isFinite(value)) return { kind: "number", value, span };
  bag.report("MFG3600", `this arithmetic gives ${value}, not a finite number`, span, {
    hints: ["numbers must stay within about ±1.8e308; check the operands"],
  });
  return FAILED;
}

export function evaluateArgs(args: readonly Argument[], env: Env, bag: DiagnosticBag): ValueArg[] {
  return args.map((a) => {
    const base = { value: evaluate(a.value, env, bag), span: a.value.span };
    return a.name ? { ...base, name: a.name.name, nameSpan: a.name.span } : base;
  });
}
