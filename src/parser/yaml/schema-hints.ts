/**
 * Hints for the YAML front-end's schema errors (wrong type, range, item count): how to write a value the
 * schema accepts, in the user's own key — "write `layers: [flatten]`", "write `units: 1`". The example
 * is made from the schema node ajv reports, so it satisfies that node's type, range and item count.
 */
import { typesOf, type SchemaLike } from "./describe.js";
import { IDENT_PATTERN } from "./schema-patterns.js";

/**
 * The document's structural values, which the schema can only call "a mapping" or "a list": how to
 * write each (`segs` is the value's path, e.g. `["model", "inputs"]`).
 */
function structureExample(segs: readonly string[]): string | undefined {
  const [top, second, third] = segs;
  const last = segs[segs.length - 1];
  if (segs.length === 1 && top === "model") return "`model:` with `name`, `inputs`, `layers` and `outputs` indented below it";
  if (top === "model" && second === "inputs") {
    if (segs.length === 2) return "`inputs: { image: { shape: [28, 28, 1], dtype: f32 } }`";
    if (segs.length === 3) return `\`${third}: { shape: [28, 28, 1], dtype: f32 }\``;
    if (segs.length === 4 && last === "shape") return "`shape: [28, 28, 1]` (the dimensions without the batch)";
  }
  if (top === "blocks" && segs.length === 3) {
    if (third === "inputs") return "`inputs: [x]` (one name per tensor the block takes)";
    if (third === "params") return "`params: { d: null, heads: 4 }` (`null` for a parameter without a default)";
  }
  if (last === "layers") return "`layers:` followed by one `- op` line per layer, e.g. `- flatten`";
  if (last === "outputs") return "`outputs: [probs]` (names given with `as`)";
  return undefined;
}

/**
 * How to write the value at `segs` so that `schema` accepts it; `data` is what the user wrote (a scalar
 * where a list belongs is shown wrapped in brackets). Always returns a hint.
 */
export function valueHint(segs: readonly string[], schema: SchemaLike, data: unknown): string {
  const last = segs[segs.length - 1];
  const keyed = last !== undefined && !/^\d+$/.test(last);
  const spelt = (value: string) => (keyed ? `\`${last}: ${value}\`` : `\`${value}\``);
  const write = (value: string) => (keyed ? `write ${spelt(value)}` : `write it as ${spelt(value)}`);
  const types = typesOf(schema);
  if (types.length === 1 && types[0] === "array" && (typeof data === "string" || typeof data === "number")) {
    const item = String(data);
    if (item.length <= 40) return `${write(`[${item}]`)}: a list, even of one item`;
  }
  const structure = structureExample(segs);
  if (structure !== undefined) return `write ${structure}`;
  const example = exampleValue(schema);
  if (example !== undefined) return data === null || data === undefined ? `give it a value, e.g. ${spelt(example)}` : write(example);
  return "see what this key takes in `docs/language.md` (the YAML section)";
}

/** A value `schema` accepts, spelled in YAML flow style, or undefined when the schema says too little. */
export function exampleValue(schema: SchemaLike): string | undefined {
  if (schema.enum !== undefined && schema.enum.length > 0) return String(schema.enum[0]);
  const types = typesOf(schema);
  if (types.includes("integer")) return String(numberIn(schema, true));
  if (types.includes("number")) return String(numberIn(schema, false));
  if (types.includes("boolean")) return "true";
  if (types.includes("array")) {
    const item = schema.items === undefined ? undefined : exampleValue(schema.items);
    const n = Math.max(1, schema.minItems ?? 1);
    if (item === undefined || n > 4) return undefined;
    return `[${Array.from({ length: n }, () => item).join(", ")}]`;
  }
  if (types.includes("string")) return schema.pattern === IDENT_PATTERN ? "my_name" : schema.pattern === undefined ? '"…"' : undefined;
  if (types.includes("object")) return "{ … }";
  return undefined;
}

/** A round number inside the schema's range: 1 (or 0.5 for non-integers) when allowed, else a bound. */
function numberIn(s: SchemaLike, integer: boolean): number {
  const ok = (v: number) =>
    (s.minimum === undefined || v >= s.minimum) &&
    (s.maximum === undefined || v <= s.maximum) &&
    (s.exclusiveMinimum === undefined || v > s.exclusiveMinimum) &&
    (s.exclusiveMaximum === undefined || v < s.exclusiveMaximum) &&
    (!integer || Number.isInteger(v));
  const bounds = [s.minimum, s.maximum, s.exclusiveMinimum, s.exclusiveMaximum].filter((b): b is number => b !== undefined);
  const candidates = [integer ? 1 : 0.5, 1, ...bounds, ...bounds.flatMap((b) => [Math.floor(b) + 1, Math.ceil(b) - 1])];
  return candidates.find(ok) ?? bounds[0] ?? 1;
}
