/**
 * Turns the arguments of an op call into validated {@link Attrs}: binds them to the op's
 * {@link ParamDef}s, checks each value's type, range and allowed values, broadcasts `ints`, validates
 * nested layers recursively, and fills defaults. Every error points at the argument's value (or name).
 */
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../diagnostics/span.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import type { OpDef, ParamDef, ParamType } from "../ops/types.js";
import type { AttrValue, Attrs, LayerAttr } from "../types.js";
import { bindArgs } from "./bind-args.js";
import type { OpLookup } from "./op-lookup.js";
import type { Value, ValueArg } from "./values.js";
import { describeValue } from "./values.js";

export interface OpAttrs {
  readonly attrs: Attrs;
  /** Span of each parameter's value as written (absent: the default was used). */
  readonly spans: ReadonlyMap<string, Span>;
}

/** Validates `args` for `op`; undefined when any argument was wrong (errors are in `bag`). */
export function resolveOpAttrs(op: OpDef, args: readonly ValueArg[], callSpan: Span, ops: OpLookup, bag: DiagnosticBag): OpAttrs | undefined {
  const r = resolveParams(`\`${op.name}\``, op.params, args, callSpan, ops, bag);
  return r.ok ? { attrs: r.attrs, spans: r.spans } : undefined;
}

/**
 * A parameter the caller converts itself (e.g. a train option that may be a name or an object): it is
 * bound like any other, then handed back unconverted in {@link ResolvedParams.raw}.
 */
export interface RawParamDef {
  readonly name: string;
  readonly raw: true;
  readonly required?: boolean;
  readonly positional?: boolean;
}

export interface ResolvedParams {
  readonly ok: boolean;
  /** Converted values (defaults filled; `null` for optional parameters without a default). */
  readonly attrs: Record<string, AttrValue>;
  readonly spans: ReadonlyMap<string, Span>;
  /** Arguments bound to {@link RawParamDef}s, unconverted. */
  readonly raw: ReadonlyMap<string, Value>;
}

/**
 * Binds and converts `args` against `params`. `what` names the callee in messages (e.g. "`adam`").
 * Shared by op calls and the train checker so both report the same codes with the same words.
 */
export function resolveParams(
  what: string,
  params: readonly (ParamDef | RawParamDef)[],
  args: readonly ValueArg[],
  callSpan: Span,
  ops: OpLookup,
  bag: DiagnosticBag,
): ResolvedParams {
  const binding = bindArgs(
    what,
    params.map((p) => ({ name: p.name, positional: p.positional === true, required: p.required === true })),
    args,
    callSpan,
    bag,
  );
  let ok = binding.ok;
  const attrs: Record<string, AttrValue> = {};
  const spans = new Map<string, Span>();
  const raw = new Map<string, Value>();
  for (const p of params) {
    const arg = binding.bound.get(p.name);
    if (arg === undefined) {
      if (!("raw" in p)) attrs[p.name] = defaultValue(p);
      continue;
    }
    spans.set(p.name, arg.span);
    if (arg.value === undefined) {
      ok = false; // evaluation already reported the problem
      continue;
    }
    if ("raw" in p) {
      raw.set(p.name, arg.value);
      continue;
    }
    const v = convertValue(`\`${p.name}\` of ${what}`, p.type, arg.value, ops, bag);
    if (v === undefined) ok = false;
    else attrs[p.name] = v;
  }
  return { ok, attrs, spans, raw };
}

/** A parameter's default; `ints` defaults are broadcast like user values, so attrs have one form. */
function defaultValue(p: ParamDef): AttrValue {
  const d = p.default ?? null;
  if (p.type.kind === "ints" && typeof d === "number") return Array.from({ length: p.type.length }, () => d);
  return d;
}

function wrongType(label: string, expected: string, v: Value, bag: DiagnosticBag, hints: readonly string[] = []): undefined {
  bag.report("MFG3402", `${label} must be ${expected}, got ${describeValue(v)}`, v.span, { hints });
  return undefined;
}

/** Converts one value to a parameter type, reporting type, range and allowed-value errors at its span. */
export function convertValue(label: string, type: ParamType, v: Value, ops: OpLookup, bag: DiagnosticBag): AttrValue | undefined {
  switch (type.kind) {
    case "int":
      return checkInt(label, v, type.min, type.max, bag);
    case "float": {
      if (v.kind !== "number") return wrongType(label, "a number", v, bag);
      if (!Number.isFinite(v.value)) return notFinite(label, v, bag);
      const { min, max } = type;
      const belowMin = min !== undefined && (type.exclusiveMin ? v.value <= min : v.value < min);
      const aboveMax = max !== undefined && (type.exclusiveMax ? v.value >= max : v.value > max);
      if (belowMin || aboveMax) {
        bag.report("MFG3403", `${label} must be ${rangeText(min, max, type.exclusiveMin, type.exclusiveMax)}, got ${v.value}`, v.span);
        return undefined;
      }
      return v.value;
    }
    case "bool":
      if (v.kind !== "bool") {
        const hints = v.kind === "string" && (v.value === "True" || v.value === "False") ? [`write \`${v.value.toLowerCase()}\``] : [];
        return wrongType(label, "`true` or `false`", v, bag, hints);
      }
      return v.value;
    case "string":
      if (v.kind !== "string") return wrongType(label, "a string", v, bag);
      return v.value;
    case "enum": {
      if (v.kind !== "string") return wrongType(label, `one of ${enumText(type.values)}`, v, bag);
      if (!type.values.includes(v.value)) {
        const suggestion = didYouMean(v.value, type.values);
        bag.report("MFG3405", `\`${v.value}\` is not allowed for ${label}`, v.span, {
          hints: suggestion.length > 0 ? suggestion : [`allowed: ${enumText(type.values)}`],
        });
        return undefined;
      }
      return v.value;
    }
    case "ints": {
      if (v.kind === "number") {
        const n = checkInt(label, v, type.min, undefined, bag);
        return n === undefined ? undefined : Array.from({ length: type.length }, () => n);
      }
      if (v.kind !== "list") return wrongType(label, type.length === 1 ? "an integer" : `an integer or a list of ${type.length} integers`, v, bag);
      if (v.items.length !== type.length) {
        bag.report("MFG3409", `${label} needs ${type.length} integer${type.length === 1 ? "" : "s"}, got ${v.items.length}`, v.span);
        return undefined;
      }
      return checkIntItems(label, v.items, type.min, bag);
    }
    case "intList": {
      if (v.kind === "number") {
        const n = checkInt(label, v, type.min, undefined, bag);
        return n === undefined ? undefined : [n];
      }
      if (v.kind !== "list") return wrongType(label, "a list of integers", v, bag);
      return checkIntItems(label, v.items, type.min, bag);
    }
    case "layer":
      return convertLayer(label, type.allowed, v, ops, bag);
  }
}

function checkIntItems(label: string, items: readonly Value[], min: number | undefined, bag: DiagnosticBag): number[] | undefined {
  const out: number[] = [];
  let ok = true;
  for (const item of items) {
    const n = checkInt(label, item, min, undefined, bag);
    if (n === undefined) ok = false;
    else out.push(n);
  }
  return ok ? out : undefined;
}

/** NaN passes `<` and `>` checks: every numeric parameter is checked for it before its range. */
function notFinite(label: string, v: Extract<Value, { kind: "number" }>, bag: DiagnosticBag): undefined {
  bag.report("MFG3600", `${label} must be a finite number, got ${v.value}`, v.span);
  return undefined;
}

/**
 * An integer parameter. Integers beyond 2^53 − 1 are refused: a float64 cannot tell 2^53 + 1 from 2^53,
 * so the spec's number would be silently changed (ECMA-262, Number.MAX_SAFE_INTEGER).
 */
function checkInt(label: string, v: Value, min: number | undefined, max: number | undefined, bag: DiagnosticBag): number | undefined {
  if (v.kind !== "number") return wrongType(label, "an integer", v, bag);
  if (!Number.isFinite(v.value)) return notFinite(label, v, bag);
  if (Number.isInteger(v.value) && !Number.isSafeInteger(v.value)) return unsafeInteger(label, v, bag);
  if (!Number.isInteger(v.value)) {
    const hints = Number.isFinite(v.value) ? [`did you mean ${Math.round(v.value)}?`] : [];
    return wrongType(label, "an integer", v, bag, hints);
  }
  if ((min !== undefined && v.value < min) || (max !== undefined && v.value > max)) {
    bag.report("MFG3403", `${label} must be ${rangeText(min, max)}, got ${v.value}`, v.span);
    return undefined;
  }
  return v.value;
}

export function unsafeInteger(label: string, v: Extract<Value, { kind: "number" }>, bag: DiagnosticBag): undefined {
  bag.report("MFG3601", `${label} is ${v.value}, beyond the largest exact integer (2^53 − 1 = ${Number.MAX_SAFE_INTEGER})`, v.span, {
    hints: ["a number this large is rounded when read, so mfgc cannot use it as written"],
  });
  return undefined;
}

function convertLayer(label: string, allowed: readonly string[], v: Value, ops: OpLookup, bag: DiagnosticBag): LayerAttr | undefined {
  let name: string;
  let nameSpan: Span;
  let args: readonly ValueArg[];
  if (v.kind === "call") {
    ({ callee: name, calleeSpan: nameSpan, args } = v);
  } else if (v.kind === "string") {
    name = v.value;
    nameSpan = v.span;
    args = [];
  } else if (v.kind === "object" && v.entries.length === 1) {
    // The YAML form of a nested layer: `{ lstm: { units: 64 } }`.
    const entry = v.entries[0]!;
    name = entry.key;
    nameSpan = entry.keySpan;
    const inner = entry.value;
    args =
      inner.kind === "object"
        ? inner.entries.map((e) => ({ name: e.key, nameSpan: e.keySpan, value: e.value, span: e.value.span }))
        : [{ value: inner, span: inner.span }];
  } else {
    return wrongType(label, `a layer (${enumText(allowed)})`, v, bag);
  }
  if (!allowed.includes(name)) {
    const suggestion = didYouMean(name, allowed);
    bag.report("MFG3405", `\`${name}\` cannot be used as ${label}`, nameSpan, {
      hints: suggestion.length > 0 ? suggestion : [`allowed: ${enumText(allowed)}`],
    });
    return undefined;
  }
  const op = ops.get(name);
  if (op === undefined) {
    bag.report("MFG3405", `\`${name}\` is not a known op`, nameSpan);
    return undefined;
  }
  const inner = resolveOpAttrs(op, args, nameSpan, ops, bag);
  return inner === undefined ? undefined : { op: name, attrs: inner.attrs };
}

function enumText(values: readonly string[]): string {
  const shown = values.slice(0, 12).map((x) => `\`${x}\``);
  return values.length > 12 ? `${shown.join(", ")}, …` : shown.join(", ");
}

function rangeText(min: number | undefined, max: number | undefined, exMin = false, exMax = false): string {
  const lo = min === undefined ? "" : `${exMin ? ">" : "≥"} ${min}`;
  const hi = max === undefined ? "" : `${exMax ? "<" : "≤"} ${max}`;
  if (lo && hi) return `${lo} and ${hi}`;
  return lo || hi || "in range";
}
