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
  const wrapped = wrappedLayerWithoutKey(op, args, ops, bag);
  const r = resolveParams(`\`${op.name}\``, op.params, wrapped.args, callSpan, ops, bag);
  return r.ok && wrapped.ok ? { attrs: r.attrs, spans: r.spans } : undefined;
}

/**
 * A wrapper given its layer under the layer's own name (`bidirectional: { lstm: { units: 32 } }`, or
 * `bidirectional(lstm: 32)`): reported once, with the fix, and read as the `layer` it stands for, so
 * that neither a "missing `layer`" nor errors inside the layer are lost or invented.
 */
function wrappedLayerWithoutKey(op: OpDef, args: readonly ValueArg[], ops: OpLookup, bag: DiagnosticBag): { args: readonly ValueArg[]; ok: boolean } {
  const layerParam = op.params.find((p) => p.type.kind === "layer");
  if (layerParam === undefined || args.some((a) => a.name === layerParam.name)) return { args, ok: true };
  const i = args.findIndex((a) => a.name !== undefined && a.value !== undefined && ops.get(a.name) !== undefined && op.params.every((p) => p.name !== a.name));
  if (i < 0) return { args, ok: true };
  const a = args[i]!;
  const nameSpan = a.nameSpan ?? a.span;
  bag.report("MFG3401", `\`${op.name}\` has no parameter \`${a.name}\``, nameSpan, {
    hints: [`the wrapped layer goes under \`${layerParam.name}\`: write \`${layerParam.name}: { ${a.name}: … }\` (DSL: \`${op.name}(${a.name}(…))\`)`],
  });
  // YAML reads a one-key mapping inside parameters as a call (`{ units: 32 }` → `units(32)`); here
  // it was the wrapped layer's only option.
  const inner = a.value!;
  const options: Value =
    inner.kind === "call" && ops.get(inner.callee) === undefined && inner.args.length === 1 && inner.args[0]!.name === undefined && inner.args[0]!.value !== undefined
      ? { kind: "object", entries: [{ key: inner.callee, keySpan: inner.calleeSpan, value: inner.args[0]!.value }], span: inner.span }
      : inner;
  const value: Value = { kind: "object", entries: [{ key: a.name!, keySpan: nameSpan, value: options }], span: a.span };
  return { args: args.map((x, j) => (j === i ? { name: layerParam.name, nameSpan, value, span: a.span } : x)), ok: false };
}

/**
 * A parameter the caller converts itself (e.g. a train option that may be a name or an object): it is
 * bound like any other, then handed back unconverted in {@link ResolvedParams.raw}.
 */
export interface RawParamDef {
  readonly name: string;
  readonly raw: true;
  /** One line for the generated docs (the value's shape is checked by its caller, not by a type). */
  readonly doc?: string;
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

/** A parameter's default; `ints` and `pairs` defaults are broadcast like user values, so attrs have one form. */
function defaultValue(p: ParamDef): AttrValue {
  const d = p.default ?? null;
  if (p.type.kind === "ints" && typeof d === "number") return Array.from({ length: p.type.length }, () => d);
  if (p.type.kind === "pairs" && typeof d === "number") return Array.from({ length: p.type.length }, () => [d, d]);
  return d;
}

/** Reports a value of the wrong kind; `example` is a value that fits, for the default hint. */
function wrongType(label: string, expected: string, example: string, v: Value, bag: DiagnosticBag, hints: readonly string[] = [wrongTypeHint(expected, example, v)]): undefined {
  bag.report("MFG3402", `${label} must be ${expected}, got ${describeValue(v)}`, v.span, { hints });
  return undefined;
}

/** A quoted number (`"64"`, from a JSON habit) loses its quotes; anything else gets an example that fits. */
function wrongTypeHint(expected: string, example: string, v: Value): string {
  const text = v.kind === "string" ? v.value.trim() : "";
  if (v.kind === "string" && !v.fromIdent && /number|integer/.test(expected) && text !== "" && Number.isFinite(Number(text))) {
    return `remove the quotes: \`${text}\` is a number, \`"${v.value}"\` a string`;
  }
  if (v.kind === "string" && v.fromIdent && /number|integer/.test(expected)) return `write the number in digits, e.g. \`${example}\``;
  return `write ${expected}, e.g. \`${example}\``;
}

/** Converts one value to a parameter type, reporting type, range and allowed-value errors at its span. */
export function convertValue(label: string, type: ParamType, v: Value, ops: OpLookup, bag: DiagnosticBag): AttrValue | undefined {
  switch (type.kind) {
    case "int":
      return checkInt(label, v, type.min, type.max, bag);
    case "float": {
      if (v.kind !== "number") return wrongType(label, "a number", String(exampleIn(type)), v, bag);
      if (!Number.isFinite(v.value)) return notFinite(label, v, bag);
      const { min, max } = type;
      const belowMin = min !== undefined && (type.exclusiveMin ? v.value <= min : v.value < min);
      const aboveMax = max !== undefined && (type.exclusiveMax ? v.value >= max : v.value > max);
      if (belowMin || aboveMax) {
        bag.report("MFG3403", `${label} must be ${rangeText(min, max, type.exclusiveMin, type.exclusiveMax)}, got ${v.value}`, v.span, { hints: rangeHint(v.value, type) });
        return undefined;
      }
      return v.value;
    }
    case "bool":
      if (v.kind !== "bool") {
        // Python's and YAML 1.1's spellings of the two values.
        const word = v.kind === "string" ? v.value.toLowerCase() : v.kind === "number" ? String(v.value) : "";
        const meant = ["true", "yes", "on", "y", "1"].includes(word) ? "true" : ["false", "no", "off", "n", "0"].includes(word) ? "false" : undefined;
        return wrongType(label, "`true` or `false`", "true", v, bag, [meant === undefined ? "write `true` or `false`" : `write \`${meant}\``]);
      }
      return v.value;
    case "string":
      if (v.kind !== "string") return wrongType(label, "a string", '"text"', v, bag);
      return v.value;
    case "enum": {
      if (v.kind !== "string") return wrongType(label, `one of ${enumText(type.values)}`, type.values[0] ?? "", v, bag);
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
      if (v.kind !== "list") return wrongType(label, type.length === 1 ? "an integer" : `an integer or a list of ${type.length} integers`, intsExample(type.length, type.min), v, bag);
      if (v.items.length !== type.length) {
        bag.report("MFG3409", `${label} needs ${type.length} integer${type.length === 1 ? "" : "s"}, got ${v.items.length}`, v.span, {
          hints: [`give ${type.length} integers, e.g. \`[${Array.from({ length: type.length }, () => "3").join(", ")}]\`, or one integer for all of them`],
        });
        return undefined;
      }
      return checkIntItems(label, v.items, type.min, bag);
    }
    case "intList": {
      if (v.kind === "number") {
        const n = checkInt(label, v, type.min, undefined, bag);
        return n === undefined ? undefined : [n];
      }
      if (v.kind !== "list") return wrongType(label, "a list of integers", intsExample(2, type.min), v, bag);
      return checkIntItems(label, v.items, type.min, bag);
    }
    case "pairs":
      return convertPairs(label, type.length, type.min, v, bag);
    case "range": {
      const check = (item: Value): number | undefined => {
        if (item.kind !== "number") return wrongType(label, "a number or a list of two numbers", rangeExample(type), item, bag);
        if ((type.min !== undefined && item.value < type.min) || (type.max !== undefined && item.value > type.max)) {
          bag.report("MFG3403", `${label} must be ${rangeText(type.min, type.max)}, got ${item.value}`, item.span, { hints: rangeHint(item.value, type) });
          return undefined;
        }
        return item.value;
      };
      if (v.kind === "number") return check(v);
      if (v.kind !== "list" || v.items.length !== 2) return wrongType(label, "a number or a list of two numbers [lower, upper]", rangeExample(type), v, bag);
      const lo = check(v.items[0]!);
      const hi = check(v.items[1]!);
      return lo === undefined || hi === undefined ? undefined : [lo, hi];
    }
    case "layer":
      return convertLayer(label, type.allowed, v, ops, bag);
  }
}

/** A `pairs` value (see its ParamType) → `length` pairs [before, after]. */
function convertPairs(label: string, length: number, min: number | undefined, v: Value, bag: DiagnosticBag): number[][] | undefined {
  const shape = length === 1 ? "an integer or [before, after]" : `an integer, ${length} integers, or ${length} pairs [before, after]`;
  if (v.kind === "number") {
    const n = checkInt(label, v, min, undefined, bag);
    return n === undefined ? undefined : Array.from({ length }, () => [n, n]);
  }
  if (v.kind !== "list") return wrongType(label, shape, intsExample(1, min), v, bag);
  const flat = v.items.every((item) => item.kind === "number");
  if (flat && length === 1 && v.items.length === 2) {
    const pair = checkIntItems(label, v.items, min, bag);
    return pair === undefined ? undefined : [pair];
  }
  if (flat && v.items.length === length) {
    const ints = checkIntItems(label, v.items, min, bag);
    return ints === undefined ? undefined : ints.map((n) => [n, n]);
  }
  if (v.items.length === length && v.items.every((item) => item.kind === "list" && item.items.length === 2)) {
    const pairs = v.items.map((item) => checkIntItems(label, (item as Extract<Value, { kind: "list" }>).items, min, bag));
    return pairs.every((p) => p !== undefined) ? (pairs as number[][]) : undefined;
  }
  bag.report("MFG3409", `${label} needs ${shape}`, v.span, { hints: [pairsHint(length, min, v)] });
  return undefined;
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
  bag.report("MFG3600", `${label} must be a finite number, got ${v.value}`, v.span, { hints: ["keep its arithmetic within about ±1.8e308: past that a number overflows to Infinity"] });
  return undefined;
}

/**
 * An integer parameter. Integers beyond 2^53 − 1 are refused: a float64 cannot tell 2^53 + 1 from 2^53,
 * so the spec's number would be silently changed (ECMA-262, Number.MAX_SAFE_INTEGER).
 */
function checkInt(label: string, v: Value, min: number | undefined, max: number | undefined, bag: DiagnosticBag): number | undefined {
  if (v.kind !== "number") return wrongType(label, "an integer", intsExample(1, min), v, bag);
  if (!Number.isFinite(v.value)) return notFinite(label, v, bag);
  if (Number.isInteger(v.value) && !Number.isSafeInteger(v.value)) return unsafeInteger(label, v, bag);
  if (!Number.isInteger(v.value)) {
    const hints = Number.isFinite(v.value) ? [`did you mean \`${Math.round(v.value)}\`?`] : [];
    return wrongType(label, "an integer", String(Math.round(v.value)), v, bag, hints);
  }
  if ((min !== undefined && v.value < min) || (max !== undefined && v.value > max)) {
    bag.report("MFG3403", `${label} must be ${rangeText(min, max)}, got ${v.value}`, v.span, { hints: rangeHint(v.value, { min, max }) });
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
    return wrongType(label, `a layer (${enumText(allowed)})`, `${allowed[0] ?? "lstm"}(…)`, v, bag);
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
    bag.report("MFG3405", `\`${name}\` is not a known op`, nameSpan, { hints: [`use one of ${enumText(allowed.filter((a) => ops.get(a) !== undefined)) || "the layers listed in `mfgc ops`"}`] });
    return undefined;
  }
  const inner = resolveOpAttrs(op, args, nameSpan, ops, bag);
  return inner === undefined ? undefined : { op: name, attrs: inner.attrs };
}

/**
 * A fix for an out-of-range number: a stray minus sign (`-32` where 32 is allowed) is the commonest
 * mistake; otherwise the nearest allowed value, when the bound itself is allowed.
 */
function rangeHint(v: number, t: { min?: number | undefined; max?: number | undefined; exclusiveMin?: boolean | undefined; exclusiveMax?: boolean | undefined }): string[] {
  const inRange = (x: number) =>
    (t.min === undefined || (t.exclusiveMin ? x > t.min : x >= t.min)) && (t.max === undefined || (t.exclusiveMax ? x < t.max : x <= t.max));
  if (v < 0 && inRange(-v)) return [`did you mean \`${-v}\`?`];
  if (t.min !== undefined && v < t.min && !t.exclusiveMin) return [`the smallest allowed value is ${t.min}`];
  if (t.max !== undefined && v > t.max && !t.exclusiveMax) return [`the largest allowed value is ${t.max}`];
  return [`use a value ${rangeText(t.min, t.max, t.exclusiveMin, t.exclusiveMax)}`];
}

/** `n` integers at or above `min` (1 when allowed), as a spec writes them: `1` or `[3, 3]`. */
function intsExample(n: number, min: number | undefined): string {
  const k = Math.max(n === 1 ? 1 : 3, min ?? 0);
  return n === 1 ? String(k) : `[${Array.from({ length: n }, () => k).join(", ")}]`;
}

/** A number inside a float parameter's range: 0.5 or 1 when allowed, else just inside a bound. */
function exampleIn(t: { min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean }): number {
  const ok = (x: number) =>
    (t.min === undefined || (t.exclusiveMin ? x > t.min : x >= t.min)) && (t.max === undefined || (t.exclusiveMax ? x < t.max : x <= t.max));
  const near = [t.min, t.max].flatMap((b) => (b === undefined ? [] : [b, b + 1, b - 1, b + 0.5, b - 0.5]));
  return [0.5, 1, ...near].find(ok) ?? 1;
}

/** A `range` value: `[lower, upper]` inside the allowed range. */
function rangeExample(t: { min?: number; max?: number }): string {
  const lo = exampleIn({ ...t, max: undefined });
  return `[${t.max !== undefined && lo > t.max ? t.max : lo}, ${t.max ?? lo + 1}]`;
}

/** How to write a `pairs` value of `length` axes, with the first usable number the user wrote. */
function pairsHint(length: number, min: number | undefined, v: Extract<Value, { kind: "list" }>): string {
  const n = v.items.find((item) => item.kind === "number" && Number.isSafeInteger(item.value) && item.value >= (min ?? 0));
  const k = n?.kind === "number" ? n.value : Math.max(1, min ?? 0);
  const repeat = (text: string) => `[${Array.from({ length }, () => text).join(", ")}]`;
  return length === 1
    ? `write one integer for both sides (\`${k}\`) or a pair [before, after] (\`[${k}, ${k}]\`)`
    : `write one integer for every side (\`${k}\`), one per axis (\`${repeat(String(k))}\`), or a pair [before, after] per axis (\`${repeat(`[${k}, ${k}]`)}\`)`;
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
