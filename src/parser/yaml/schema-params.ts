/**
 * One op parameter's {@link ParamType} → its JSON Schema. Numeric parameters also accept expression
 * strings (`1/255`, `d * 4`), which the IR builder evaluates. Each schema carries the parameter's name as
 * `title` (the error messages use it for the scalar shorthand `maxpool2d: 0`) and its doc and default.
 */
import type { ParamDef, ParamType } from "../../ir/ops/types.js";
import type { JsonSchema } from "./schema-types.js";
import { VALUE_EXPR_PATTERN } from "./schema-patterns.js";

/** Longest list an `intList` parameter may hold (reshape targets, permutations, axes). */
const MAX_INT_LIST = 16;

/**
 * @param exprPattern what a numeric value given as a string must look like: an expression over names
 *   (block parameters) in layers, over numbers only in the train section.
 */
export function paramSchema(param: ParamDef, layerRef: (allowed: readonly string[]) => JsonSchema, exprPattern = VALUE_EXPR_PATTERN): JsonSchema {
  const schema: JsonSchema = { title: param.name, description: param.doc, ...typeSchema(param.type, layerRef, exprPattern) };
  const d = param.default;
  if (d !== undefined && d !== null && isJsonDefault(d)) schema.default = d as JsonSchema[string];
  return schema;
}

function isJsonDefault(v: unknown): boolean {
  return typeof v === "number" || typeof v === "string" || typeof v === "boolean" || (Array.isArray(v) && v.every((x) => typeof x === "number"));
}

function intSchema(min: number | undefined, max: number | undefined, exprPattern: string): JsonSchema {
  const s: JsonSchema = { type: ["integer", "string"], pattern: exprPattern };
  if (min !== undefined) s.minimum = min;
  if (max !== undefined) s.maximum = max;
  return s;
}

export function typeSchema(type: ParamType, layerRef: (allowed: readonly string[]) => JsonSchema, exprPattern = VALUE_EXPR_PATTERN): JsonSchema {
  switch (type.kind) {
    case "int":
      return intSchema(type.min, type.max, exprPattern);
    case "float": {
      const s: JsonSchema = { type: ["number", "string"], pattern: exprPattern };
      if (type.min !== undefined) s[type.exclusiveMin ? "exclusiveMinimum" : "minimum"] = type.min;
      if (type.max !== undefined) s[type.exclusiveMax ? "exclusiveMaximum" : "maximum"] = type.max;
      return s;
    }
    case "bool":
      return { type: "boolean" };
    case "string":
      return { type: "string" };
    case "enum":
      return { type: "string", enum: [...type.values] };
    case "ints": {
      const one = intSchema(type.min, undefined, exprPattern);
      return { ...one, type: ["integer", "string", "array"], items: one, minItems: type.length, maxItems: type.length };
    }
    case "intList":
      return { type: "array", items: intSchema(type.min, undefined, exprPattern), maxItems: MAX_INT_LIST };
    case "pairs": {
      const one = intSchema(type.min, undefined, exprPattern);
      const pair: JsonSchema = { type: "array", items: one, minItems: 2, maxItems: 2 };
      return { ...one, type: ["integer", "string", "array"], items: { anyOf: [one, pair] }, minItems: 1, maxItems: Math.max(2, type.length) };
    }
    case "range": {
      const num: JsonSchema = { type: ["number", "string"], pattern: exprPattern };
      if (type.min !== undefined) num.minimum = type.min;
      if (type.max !== undefined) num.maximum = type.max;
      return { ...num, type: ["number", "string", "array"], items: num, minItems: 2, maxItems: 2 };
    }
    case "layer":
      return layerRef(type.allowed);
  }
}
