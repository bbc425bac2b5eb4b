/**
 * Schema fragments and values in words, for messages like "`filters` must be an integer ≥ 1 but is 0".
 * Works from the schema ajv reports as `parentSchema`, so every generated parameter is covered.
 */
import { IDENT_PATTERN } from "./schema-patterns.js";

/** The part of a JSON Schema node these descriptions read. */
export interface SchemaLike {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly items?: SchemaLike;
  readonly title?: string;
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** Enums longer than this are shortened with "…" in messages (the hint names the likely one). */
const MAX_LISTED = 12;

export function listChoices(values: readonly unknown[]): string {
  const shown = values.slice(0, MAX_LISTED).map(String);
  return shown.join(", ") + (values.length > MAX_LISTED ? ", …" : "");
}

function rangeText(s: SchemaLike): string {
  const parts: string[] = [];
  if (s.minimum !== undefined) parts.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) parts.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined) parts.push(`≤ ${s.maximum}`);
  if (s.exclusiveMaximum !== undefined) parts.push(`< ${s.exclusiveMaximum}`);
  return parts.length === 0 ? "" : ` ${parts.join(" and ")}`;
}

/** The schema node's `type` as a list (empty when it has none). */
export function typesOf(s: SchemaLike): readonly string[] {
  return s.type === undefined ? [] : typeof s.type === "string" ? [s.type] : s.type;
}

/** "an integer ≥ 1", "one of valid, same", "an integer ≥ 1 or a list of 2 integers ≥ 1", "a name". */
export function describeExpected(s: SchemaLike): string {
  if (s.enum !== undefined) return `one of ${listChoices(s.enum)}`;
  const types = typesOf(s);
  const numeric = types.includes("integer") || types.includes("number");
  const parts: string[] = [];
  if (types.includes("integer")) parts.push(`an integer${rangeText(s)}`);
  else if (types.includes("number")) parts.push(`a number${rangeText(s)}`);
  if (types.includes("boolean")) parts.push("`true` or `false`");
  // A string alternative next to numbers is the expression form (`d * 4`): not worth a mention.
  if (types.includes("string") && !numeric) parts.push(s.pattern === IDENT_PATTERN ? "a name" : "a string");
  if (types.includes("array")) {
    const n = s.minItems !== undefined && s.minItems === s.maxItems ? s.minItems : undefined;
    // Items given by `$ref` have no type here ("a valid value"): say only "a list", not "a list a valid value".
    const item = s.items === undefined ? "a valid value" : describeExpected(s.items);
    if (item === "a valid value") parts.push(n === undefined ? "a list" : `a list of ${n} item${n === 1 ? "" : "s"}`);
    else parts.push(`a list of ${n === undefined ? "" : `${n} `}${plural(item)}`);
  }
  if (types.includes("object")) parts.push("a mapping");
  return parts.length === 0 ? "a valid value" : parts.join(" or ");
}

/** "an integer ≥ 1" → "integers ≥ 1", used inside "a list of 2 …". */
function plural(phrase: string): string {
  return phrase.replace(/^an integer/, "integers").replace(/^a number/, "numbers").replace(/^a name/, "names").replace(/^a string/, "strings");
}

/** A value as the user wrote it: `0`, `` `rleu` ``, `a list`, `empty`. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return "empty";
  if (typeof v === "string") return `\`${v}\``;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `a list of ${v.length} item${v.length === 1 ? "" : "s"}`;
  return "a mapping";
}
