/**
 * ajv's errors → one clear diagnostic per problem, at the offending key (unknown or misnamed keys) or
 * value (wrong type, choice, range), found through the {@link PathIndex}. Structural noise (`if`
 * branches, the outer `propertyNames` error) is dropped, and a "missing `kernel`" next to an unknown
 * `kernal` is folded into the typo's "did you mean".
 */
import type { ErrorObject } from "ajv";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { createDiagnostic } from "../../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../../diagnostics/catalogue.js";
import type { Span } from "../../diagnostics/span.js";
import { createSpan } from "../../diagnostics/span.js";
import { closestMatch, didYouMean, hintsOr } from "../../diagnostics/suggest.js";
import { describeExpected, describeValue, listChoices, typesOf, type SchemaLike } from "./describe.js";
import { exampleValue, valueHint } from "./schema-hints.js";
import { childPointer, nodeSpan, pointerSegments, type PathIndex } from "./path-index.js";
import type { Plain } from "./plain.js";
import { IDENT_PATTERN } from "./schema-patterns.js";
import { isCheckerCovered } from "./schema-coverage.js";

/** ajv errors that only say "a sub-schema failed"; the failing sub-schema reports the real problem. */
const WRAPPERS: ReadonlySet<string> = new Set(["if", "propertyNames", "anyOf", "allOf"]);

/** At most this many schema diagnostics per file; the rest are summarized in one MFG2012 note. */
export const MAX_SCHEMA_DIAGNOSTICS = 50;

export interface SchemaErrorContext {
  readonly file: string;
  readonly value: Plain;
  readonly index: PathIndex;
  readonly opNames: ReadonlySet<string>;
}

interface Problem {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly span: Span;
  readonly hints?: readonly string[];
}

/**
 * The front-end's own schema diagnostics: structural errors only (see schema-coverage.ts); the rest
 * are reported by the checker with the DSL's codes.
 */
export function explainSchemaErrors(errors: readonly ErrorObject[], ctx: SchemaErrorContext): Diagnostic[] {
  const relevant = errors.filter((e) => !WRAPPERS.has(e.keyword) && !isCheckerCovered(e) && !isBlockParamUse(e, ctx.value));
  const typoTargets = typoTargetsByObject(relevant, ctx.opNames);
  const problems: Problem[] = [];
  for (const e of relevant) {
    if (e.keyword === "required" && typoTargets.get(e.instancePath)?.has(String(e.params.missingProperty))) continue;
    problems.push(explain(e, ctx));
  }
  const seen = new Set<string>();
  const unique = problems
    .filter((p) => {
      const key = `${p.span.start}:${p.span.end}:${p.code}:${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.span.start - b.span.start || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const out = unique.slice(0, MAX_SCHEMA_DIAGNOSTICS).map((p) => createDiagnostic(p.code, p.message, p.span, { hints: p.hints ?? [] }));
  if (unique.length > MAX_SCHEMA_DIAGNOSTICS) {
    const last = unique[MAX_SCHEMA_DIAGNOSTICS]!;
    out.push(createDiagnostic("MFG2012", `${unique.length - MAX_SCHEMA_DIAGNOSTICS} more schema errors were not reported`, last.span, { hints: ["fix the errors above and check again to see the rest"] }));
  }
  return out;
}

/**
 * Inside a block, a parameter may stand for a choice or flag (`activation: act`); the schema cannot know
 * block parameters, so such a value is left to the IR builder, which checks it after substitution.
 */
function isBlockParamUse(e: ErrorObject, root: Plain): boolean {
  if (typeof e.data !== "string" || e.propertyName !== undefined) return false;
  const segs = pointerSegments(e.instancePath);
  if (segs[0] !== "blocks" || segs[1] === undefined) return false;
  const params = lookup(root, ["blocks", segs[1], "params"]);
  return params !== null && typeof params === "object" && !Array.isArray(params) && Object.prototype.hasOwnProperty.call(params, e.data);
}

function lookup(root: Plain, segs: readonly string[]): Plain {
  let cur: Plain = root;
  for (const s of segs) {
    if (cur === null || typeof cur !== "object") return null;
    cur = Array.isArray(cur) ? (cur[Number(s)] ?? null) : Object.prototype.hasOwnProperty.call(cur, s) ? cur[s]! : null;
  }
  return cur;
}

/**
 * For each object with unknown keys: the known keys those are likely typos of. An op name where a
 * wrapper expects `layer` (`bidirectional: { lstm: … }`) stands for `layer`, so "missing `layer`" is
 * folded into the unknown key's hint too.
 */
function typoTargetsByObject(errors: readonly ErrorObject[], opNames: ReadonlySet<string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of errors) {
    if (e.keyword !== "additionalProperties") continue;
    const known = Object.keys((e.parentSchema as SchemaLike | undefined)?.properties ?? {});
    const key = String(e.params.additionalProperty);
    const target = closestMatch(key, known) ?? (isWrappedLayerKey(key, known, opNames) ? "layer" : undefined);
    if (target === undefined) continue;
    const set = out.get(e.instancePath) ?? new Set<string>();
    set.add(target);
    out.set(e.instancePath, set);
  }
  return out;
}

function explain(e: ErrorObject, ctx: SchemaErrorContext): Problem {
  const schema = (e.parentSchema ?? {}) as SchemaLike;
  const segs = pointerSegments(e.instancePath);
  const valueSpan = spanAt(e.instancePath, ctx);
  switch (e.keyword) {
    case "additionalProperties":
      return unknownKey(e, schema, segs, ctx);
    case "required":
      return missingKey(e, segs, ctx);
    case "const":
      return { code: "MFG2008", message: `unsupported spec format version ${describeValue(e.data)}; this mfgc reads \`mfgnet: 1\``, span: valueSpan, hints: ["write `mfgnet: 1`"] };
    case "enum":
      if (e.propertyName !== undefined) return badKeyName(e, segs, ctx);
      return {
        code: "MFG2003",
        message: `${subject(segs, schema)} must be one of ${listChoices(e.params.allowedValues as unknown[])} but is ${describeValue(e.data)}`,
        span: valueSpan,
        hints: hintsOr(typeof e.data === "string" ? didYouMean(e.data, (e.params.allowedValues as unknown[]).map(String)) : [], valueHint(segs, schema, e.data)),
      };
    case "pattern":
      if (e.propertyName !== undefined) return badKeyName(e, segs, ctx);
      if (schema.pattern === IDENT_PATTERN && typesOf(schema).every((t) => t === "string" || t === "array" || t === "object")) {
        return { code: "MFG2007", message: `${describeValue(e.data)} is not a valid name (letters, digits and \`_\`, not starting with a digit)`, span: valueSpan, hints: nameHint(e.data) };
      }
      return { code: "MFG2003", message: `${subject(segs, schema)} must be ${describeExpected(schema)} or an arithmetic expression but is ${describeValue(e.data)}`, span: valueSpan, hints: [expressionHint(segs, schema)] };
    case "type":
      if (isLayerItem(segs)) {
        return {
          code: "MFG2003",
          message: `a layer item must be an op or block name, or a one-key mapping such as \`conv2d: { filters: 32 }\`, but is ${describeValue(e.data)}`,
          span: valueSpan,
          hints: ["write an op's name (`- flatten`) or the op with its parameters (`- dense: { units: 4 }`)"],
        };
      }
      if (e.data === null) return { code: "MFG2003", message: `${subject(segs, schema)} needs a value (${describeExpected(schema)})`, span: valueSpan, hints: [valueHint(segs, schema, e.data)] };
      return { code: "MFG2003", message: `${subject(segs, schema)} must be ${describeExpected(schema)} but is ${describeValue(e.data)}`, span: valueSpan, hints: [valueHint(segs, schema, e.data)] };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return { code: "MFG2003", message: `${subject(segs, schema)} must be ${describeExpected(schema)} but is ${describeValue(e.data)}`, span: valueSpan, hints: [valueHint(segs, schema, e.data)] };
    case "minItems":
    case "maxItems":
      return { code: "MFG2006", message: itemsMessage(segs, schema, e.data), span: valueSpan, hints: [valueHint(segs, schema, e.data)] };
    case "minProperties":
    case "maxProperties":
      return propertiesCount(e, segs, valueSpan);
    default:
      return { code: "MFG2011", message: `${subject(segs, schema)} ${e.message ?? "does not match the schema"}`, span: valueSpan, hints: [valueHint(segs, schema, e.data)] };
  }
}

function unknownKey(e: ErrorObject, schema: SchemaLike, segs: readonly string[], ctx: SchemaErrorContext): Problem {
  const key = String(e.params.additionalProperty);
  const span = keySpanAt(childPointer(e.instancePath, key), ctx) ?? spanAt(e.instancePath, ctx);
  const known = Object.keys(schema.properties ?? {});
  const hints = didYouMean(key, known);
  if (hints.length === 0) hints.push(known.length > 0 ? `allowed keys here: ${known.join(", ")}` : `remove or rename \`${key}\``);
  return { code: "MFG2000", message: `unknown key \`${key}\` ${where(segs)}`, span, hints };
}

/** True for an op name written directly inside a wrapper that takes its layer as `layer`. */
function isWrappedLayerKey(key: string, known: readonly string[], opNames: ReadonlySet<string>): boolean {
  return known.includes("layer") && opNames.has(key);
}

function missingKey(e: ErrorObject, segs: readonly string[], ctx: SchemaErrorContext): Problem {
  const missing = String(e.params.missingProperty);
  const span = keySpanAt(e.instancePath, ctx) ?? startSpanAt(e.instancePath, ctx);
  const owner = segs[segs.length - 1];
  return { code: "MFG2002", message: `${owner === undefined ? "the spec" : ownerName(segs)} is missing the required key \`${missing}\``, span, hints: [REQUIRED_KEY_HINTS[missing] ?? `add \`${missing}: …\``] };
}

/** A key rejected by `propertyNames` (a bad block/input name, or an op that cannot be nested here). */
function badKeyName(e: ErrorObject, segs: readonly string[], ctx: SchemaErrorContext): Problem {
  const key = String(e.propertyName);
  const span = keySpanAt(childPointer(e.instancePath, key), ctx) ?? spanAt(e.instancePath, ctx);
  if (e.keyword === "enum") {
    const allowed = (e.params.allowedValues as unknown[]).map(String);
    return {
      code: "MFG2003",
      message: `${subject(segs, {})} must be one of ${listChoices(allowed)} but is \`${key}\``,
      span,
      hints: hintsOr(didYouMean(key, allowed), `use one of the names listed, e.g. \`${allowed[0] ?? key}\``),
    };
  }
  return { code: "MFG2007", message: `\`${key}\` is not a valid name (letters, digits and \`_\`, not starting with a digit)`, span, hints: nameHint(key) };
}

/** The nearest valid name: other characters become `_`, and a leading digit gets a letter before it. */
function nameHint(data: unknown): string[] {
  if (typeof data !== "string" || data === "") return [];
  // A key written without its colon (`dense { units: 2 }`) reads as one odd name.
  const op = /^([A-Za-z_][A-Za-z0-9_]*)\s*[{[]/.exec(data);
  if (op !== null) return [`a colon is missing after \`${op[1]}\`: write \`${op[1]}: ${data.slice(op[1]!.length).trim()}…\``];
  const fixed = data.replace(/[^A-Za-z0-9_]/g, "_").replace(/^(?=[0-9])/, "n");
  return [`did you mean \`${fixed}\`?`];
}

/** How to add a missing key, with an example value. */
const REQUIRED_KEY_HINTS: Readonly<Record<string, string>> = {
  mfgnet: "start the file with `mfgnet: 1`",
  model: "add a `model:` section with `name`, `inputs`, `layers` and `outputs`",
  name: "add `name: MyModel`",
  inputs: "add `inputs: { x: { shape: [28, 28, 1], dtype: f32 } }`",
  layers: "add `layers:` with one `- op` line per layer",
  outputs: "add `outputs: [<name given with as>]`",
  shape: "add `shape: [28, 28, 1]` (dimensions without the batch)",
  dtype: "add `dtype: f32` (or `i32`, `bool`)",
};

function propertiesCount(e: ErrorObject, segs: readonly string[], span: Span): Problem {
  const keys = e.data !== null && typeof e.data === "object" ? Object.keys(e.data as object) : [];
  if (isLayerItem(segs) || segs[segs.length - 1] === "layer") {
    const named = keys.length === 0 ? "none" : `${keys.length}: ${keys.map((k) => `\`${k}\``).join(", ")}`;
    return {
      code: "MFG2009",
      message: `a layer item must name exactly one op or block, but this one names ${named}`,
      span,
      hints: [keys.length > 1 ? "put each op in its own list item (`- conv2d: …`)" : segs[segs.length - 1] === "layer" ? "name the wrapped layer, e.g. `layer: { lstm: { units: 64 } }`" : "name an op in it, e.g. `- dense: { units: 4 }`, or delete the item"],
    };
  }
  return { code: "MFG2002", message: `${ownerName(segs)} needs at least one entry`, span, hints: [REQUIRED_KEY_HINTS[segs[segs.length - 1] ?? ""] ?? "add an entry"] };
}

function itemsMessage(segs: readonly string[], schema: SchemaLike, data: unknown): string {
  const n = Array.isArray(data) ? data.length : 0;
  const has = `but has ${n} item${n === 1 ? "" : "s"}`;
  if (typesOf(schema).length > 1) return `${subject(segs, schema)} must be ${describeExpected(schema)} ${has}`;
  const { minItems: min, maxItems: max } = schema;
  if (min !== undefined && min === max) return `${subject(segs, schema)} must have exactly ${min} item${min === 1 ? "" : "s"} ${has}`;
  if (min !== undefined && n < min) return `${subject(segs, schema)} must have at least ${min} item${min === 1 ? "" : "s"} ${has}`;
  return `${subject(segs, schema)} must have at most ${max} item${max === 1 ? "" : "s"} ${has}`;
}

/** A value that must be a number (or an expression of block parameters) but is some other text. */
function expressionHint(segs: readonly string[], schema: SchemaLike): string {
  const last = segs[segs.length - 1];
  const example = exampleValue(schema) ?? "1";
  const spelt = last === undefined || /^\d+$/.test(last) ? `\`${example}\`` : `\`${last}: ${example}\``;
  return `write a number such as ${spelt} or an arithmetic expression such as \`2 * 8\``;
}

/** How to name the value at a path: "`filters`", "`pool` (first parameter of `maxpool2d`)", "item 3 of `shape`". */
function subject(segs: readonly string[], schema: SchemaLike): string {
  const last = segs[segs.length - 1];
  if (last === undefined) return "the spec";
  if (isIndex(last)) {
    const owner = segs[segs.length - 2];
    return owner === undefined ? `item ${Number(last) + 1}` : `item ${Number(last) + 1} of \`${owner}\``;
  }
  if (schema.title !== undefined && schema.title !== last) return `\`${schema.title}\` (the first parameter of \`${last}\`)`;
  return `\`${last}\``;
}

function ownerName(segs: readonly string[]): string {
  if (segs.length === 0) return "the spec";
  if (isLayerItem(segs)) return `layer item ${Number(segs[segs.length - 1]) + 1}`;
  return subject(segs, {});
}

function where(segs: readonly string[]): string {
  return segs.length === 0 ? "at the top level" : `in ${ownerName(segs)}`;
}

function isIndex(seg: string): boolean {
  return /^\d+$/.test(seg);
}

function isLayerItem(segs: readonly string[]): boolean {
  return segs.length >= 2 && isIndex(segs[segs.length - 1]!) && segs[segs.length - 2] === "layers";
}

// ───────────── spans ─────────────

/** The value at a path (or its nearest indexed ancestor: every diagnostic needs a place). */
function spanAt(pointer: string, ctx: SchemaErrorContext): Span {
  let p = pointer;
  for (;;) {
    const hit = ctx.index.get(p);
    if (hit !== undefined) return nodeSpan(hit.node, ctx.file) ?? createSpan(ctx.file, 0, 1);
    if (p === "") return createSpan(ctx.file, 0, 1);
    p = p.slice(0, p.lastIndexOf("/"));
  }
}

/** The key naming the value at a path, when the value is a mapping entry. */
function keySpanAt(pointer: string, ctx: SchemaErrorContext): Span | undefined {
  return nodeSpan(ctx.index.get(pointer)?.key, ctx.file);
}

/** The first character of the value at a path (for "this mapping is missing …" on unnamed values). */
function startSpanAt(pointer: string, ctx: SchemaErrorContext): Span {
  const s = spanAt(pointer, ctx);
  return createSpan(s.file, s.start, s.start + 1);
}
