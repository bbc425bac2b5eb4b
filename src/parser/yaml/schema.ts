/**
 * Generates the JSON Schema of the YAML form from the op registry (and the train settings table), so
 * the schema can never drift from what the compiler accepts. The same schema validates specs (ajv, see
 * validate.ts) and is published for editors as `schema/mfgnet.schema.json` (write-schema.ts).
 *
 * Designed for clear errors: each layer item's op key selects that op's parameter schema through
 * `properties` (no big `oneOf`), and union `type`s with type-specific keywords (`minimum` applies to
 * numbers, `pattern` to strings, `items` to lists) keep every failure down to one ajv error at the
 * offending value. In a spec without `blocks`, a layer item's key must be an op (an unknown op is
 * flagged at the key); with blocks, other names may apply a block, which only the compiler can check.
 */
import type { OpDef, ParamDef } from "../../ir/ops/types.js";
import { paramSchema } from "./schema-params.js";
import { DIM_STRING_PATTERN, IDENT_PATTERN, VALUE_EXPR_PATTERN } from "./schema-patterns.js";
import { trainSchema } from "./schema-train.js";
import { KEYWORDS, YAML_RESERVED_WORDS } from "../dsl/tokens.js";
import type { JsonSchema } from "./schema-types.js";

/** Where the committed schema lives, relative to the repository root. */
export const SCHEMA_PATH = "schema/mfgnet.schema.json";

/** Keys of a layer item's mapping that are not op parameters. */
export const RESERVED_LAYER_KEYS = ["as", "from", "repeat", "args"] as const;

/** The `$ref` of an op's parameter schema. */
export function opRef(name: string): string {
  return `#/definitions/op_${name}`;
}

const ref = (name: string): JsonSchema => ({ $ref: `#/definitions/${name}` });

/** Any value a parameter or setting may take (loosely: the IR builder and train checker check contents). */
const ANY_VALUE_TYPES = ["number", "string", "boolean", "array", "object"];

export function generateSchema(ops: readonly OpDef[]): object {
  const sorted = [...ops].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const definitions: JsonSchema = {
    identifier: {
      type: "string",
      pattern: IDENT_PATTERN,
      // A name must also be one in the DSL form: not a DSL keyword, nor a word YAML reads as null/boolean.
      not: RESERVED_NAMES,
      description: "A name: letters, digits and `_`, not starting with a digit; not a keyword of the DSL form.",
    },
    nameList: { type: "array", items: ref("identifier"), minItems: 1 },
    model: modelSchema(),
    modelInput: modelInputSchema(),
    block: blockSchema(),
    layers: { type: "array", minItems: 1, items: ref("layer"), description: "Steps; each continues the previous one's flow unless it has `from`." },
    layer: layerSchema(sorted, true),
    modelWithoutBlocks: { ...modelSchema(), properties: { ...(modelSchema().properties as JsonSchema), layers: ref("layersWithoutBlocks") } },
    layersWithoutBlocks: { type: "array", minItems: 1, items: ref("opLayer"), description: "Steps; each continues the previous one's flow unless it has `from`." },
    opLayer: layerSchema(sorted, false),
    blockCall: blockCallSchema(),
    anyValue: { type: ANY_VALUE_TYPES, description: "Any value; checked by the compiler." },
    ...reservedKeyDefinitions(),
  };
  definitions["train"] = trainSchema(definitions);
  for (const op of sorted) definitions[`op_${op.name}`] = opSchema(op, definitions);

  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "mfgnet spec (YAML form)",
    description:
      "A model and its training run for mfgc. For completion and checking in editors (yaml-language-server), start a .mfgnet.yaml file with `# yaml-language-server: $schema=<path to>/schema/mfgnet.schema.json`. Generated from the op registry by `npx tsx src/parser/yaml/write-schema.ts`; do not edit by hand.",
    type: "object",
    additionalProperties: false,
    required: ["mfgnet", "model"],
    properties: {
      mfgnet: { type: "integer", const: 1, description: "Format version; must be 1." },
      blocks: {
        type: "object",
        description: "Parameterized sub-graphs, applied in layer lists by name.",
        propertyNames: ref("identifier"),
        additionalProperties: ref("block"),
      },
      model: true,
      train: ref("train"),
    },
    // Only a spec with blocks may apply names that are not ops.
    if: { properties: { blocks: true }, required: ["blocks"] },
    then: { properties: { model: ref("model") } },
    else: { properties: { model: ref("modelWithoutBlocks") } },
    definitions,
  };
}

function modelSchema(): JsonSchema {
  return {
    type: "object",
    description: "The model: its inputs, its layers and its outputs.",
    additionalProperties: false,
    required: ["name", "inputs", "layers", "outputs"],
    properties: {
      name: { ...ref("identifier") },
      inputs: {
        type: "object",
        description: "Input tensors by name, each with a shape (without the batch dimension) and a dtype.",
        minProperties: 1,
        propertyNames: ref("identifier"),
        additionalProperties: ref("modelInput"),
      },
      layers: ref("layers"),
      outputs: ref("nameList"),
    },
  };
}

function modelInputSchema(): JsonSchema {
  return {
    type: "object",
    additionalProperties: false,
    required: ["shape", "dtype"],
    properties: {
      shape: {
        type: "array",
        description: 'Dimensions without the batch dimension; "?" for a size known only at run time.',
        minItems: 1,
        maxItems: 8,
        items: { type: ["integer", "string"], minimum: 1, pattern: DIM_STRING_PATTERN },
      },
      dtype: { type: "string", enum: ["f32", "i32", "bool"] },
    },
  };
}

function blockSchema(): JsonSchema {
  return {
    type: "object",
    description: "A block: a sub-graph with parameters, expanded wherever it is applied.",
    additionalProperties: false,
    required: ["inputs", "layers", "outputs"],
    properties: {
      params: {
        type: "object",
        description: "Parameters: `null` for a required one, else its default value.",
        propertyNames: ref("identifier"),
        additionalProperties: { type: ["number", "string", "boolean", "array", "null"] },
      },
      inputs: ref("nameList"),
      layers: ref("layers"),
      outputs: ref("nameList"),
    },
  };
}

/** Words that are not names in either form (see src/parser/names.ts). */
const RESERVED_NAMES: JsonSchema = { enum: [...new Set([...KEYWORDS, ...YAML_RESERVED_WORDS])] };

/** The reserved keys of a layer item (`as`, `from`, `repeat`, `args`), by reference. */
function reservedKeySchemas(): JsonSchema {
  return Object.fromEntries(RESERVED_LAYER_KEYS.map((k) => [k, ref(`layer_${k}`)]));
}

/** Their schemas, defined once. */
function reservedKeyDefinitions(): JsonSchema {
  return Object.fromEntries(Object.entries(reservedKeyValues()).map(([k, v]) => [`layer_${k}`, v as JsonSchema]));
}

function reservedKeyValues(): JsonSchema {
  return {
    as: {
      not: RESERVED_NAMES,
      description: "Names the result; two names (`[a, b]`) give it a second name, like the DSL's `b = … as a`.",
      type: ["string", "array"],
      pattern: IDENT_PATTERN,
      items: ref("identifier"),
      minItems: 1,
      maxItems: 2,
    },
    from: {
      not: RESERVED_NAMES,
      description: "Start a new flow from these named tensors instead of continuing the previous layer.",
      type: ["string", "array"],
      pattern: IDENT_PATTERN,
      items: ref("identifier"),
      minItems: 1,
    },
    repeat: { description: "Apply the op or block this many times in sequence.", type: ["integer", "string"], minimum: 1, pattern: VALUE_EXPR_PATTERN },
    args: { description: "Positional parameters, in order.", type: "array", items: ref("anyValue"), maxItems: 16 },
  };
}

/** A layer item; `withBlocks`: names other than ops are block applications. */
function layerSchema(ops: readonly OpDef[], withBlocks: boolean): JsonSchema {
  const properties: JsonSchema = {};
  for (const op of ops) properties[op.name] = { $ref: opRef(op.name) };
  const names = ops.map((op) => op.name);
  const shorthandChecks = shorthandNotEnough(ops);
  return {
    description: withBlocks
      ? "An op or block name (`flatten`), or a one-key mapping from the name to its parameters (`conv2d: { filters: 32, kernel: 3 }`)."
      : "An op name (`flatten`), or a one-key mapping from the op to its parameters (`conv2d: { filters: 32, kernel: 3 }`).",
    type: ["string", "object"],
    ...(withBlocks ? { pattern: IDENT_PATTERN } : { if: { type: "string" }, then: { enum: names } }),
    minProperties: 1,
    maxProperties: 1,
    propertyNames: ref("identifier"),
    properties,
    additionalProperties: withBlocks ? ref("blockCall") : false,
    ...(shorthandChecks.length > 0 ? { allOf: shorthandChecks } : {}),
  };
}

/**
 * `conv2d: 16` gives only the first positional parameter; for an op that needs more, that is a missing
 * parameter, which the checker reports at the op's name. Refusing the name (`propertyNames`) puts the
 * schema's error at the same place.
 */
function shorthandNotEnough(ops: readonly OpDef[]): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const op of ops) {
    const first = op.params.find((p) => p.positional === true);
    const needsMore = op.params.some((p) => p.required === true && p !== first);
    const needsAny = op.params.some((p) => p.required === true);
    // `conv2d:` (nothing) lacks every required parameter; `conv2d: 16` all but the first.
    const types = needsMore ? ["null", "number", "string", "boolean", "array"] : needsAny ? ["null"] : [];
    if (types.length === 0) continue;
    out.push({
      if: { properties: { [op.name]: { type: types } }, required: [op.name] },
      then: { propertyNames: { not: { const: op.name } }, description: `\`${op.name}\` needs more parameters than this gives: write \`${op.name}: { … }\`` },
    });
  }
  return out;
}

/** A block application: arguments are the block's own parameters, which only the compiler knows. */
function blockCallSchema(): JsonSchema {
  return {
    description: "Applies a block from `blocks`: its parameters, or a scalar for the first one.",
    type: ["object", "null", "number", "string", "boolean", "array"],
    properties: reservedKeySchemas(),
    additionalProperties: ref("anyValue"),
  };
}

/** Surplus positional arguments the schema flags one by one (further ones are flagged as a group). */
const SURPLUS_FLAGGED = 4;

/** An op's parameters are defined once each (`param_<op>_<name>`) and referenced where they may appear. */
function opSchema(op: OpDef, definitions: JsonSchema): JsonSchema {
  const nested = (allowed: readonly string[]): JsonSchema => nestedLayerSchema(allowed);
  const paramRef = (name: string): JsonSchema => ref(`param_${op.name}_${name}`);
  for (const p of op.params) definitions[`param_${op.name}_${p.name}`] = paramSchema(p, nested);
  const properties: JsonSchema = reservedKeySchemas();
  for (const p of op.params) properties[p.name] = paramRef(p.name);
  if (op.inputs.max <= 1) {
    // One tensor input: `args` holds the positional parameters only, in order, so each is typed and a
    // surplus one is flagged where it stands. (With several inputs, leading names may be tensors.)
    const positional = op.params.filter((p) => p.positional === true).map((p) => paramRef(p.name));
    properties["args"] = { description: "Positional parameters, in order.", type: "array", items: [...positional, ...Array.from({ length: SURPLUS_FLAGGED }, () => false)], additionalItems: false };
  }
  const first = op.params.find((p) => p.positional);

  const schema: JsonSchema = {
    title: op.name,
    description: op.doc,
    type: first === undefined ? ["object", "null"] : ["object", "null", "number", "string", "boolean", "array"],
    properties,
    additionalProperties: false,
  };
  const allOf: JsonSchema[] = [];
  const requiredChecks = op.params.filter((p) => p.required === true).map((p) => requiredCheck(op, p));
  if (requiredChecks.length > 0) allOf.push({ if: { type: "object" }, then: { allOf: requiredChecks } });
  if (first !== undefined) {
    // The scalar shorthand `maxpool2d: 2` gives the first positional parameter.
    allOf.push({ if: { type: ["object", "null"] }, else: paramRef(first.name) });
  }
  if (allOf.length > 0) schema.allOf = allOf;
  return schema;
}

/**
 * A required parameter is named, or given positionally: the k-th positional one is there when `args`
 * has more than k items. (With several tensor inputs, leading `args` may be tensors: any `args` may
 * hold it.)
 */
function requiredCheck(op: OpDef, p: ParamDef): JsonSchema {
  const named: JsonSchema = { properties: { [p.name]: true }, required: [p.name] };
  const k = op.params.filter((q) => q.positional === true).indexOf(p);
  if (k < 0) return named;
  const args: JsonSchema | boolean = op.inputs.max <= 1 ? { type: "array", minItems: k + 1 } : true;
  return { if: { properties: { args }, required: ["args"] }, else: named };
}

/** A parameter that is itself a layer (`bidirectional: { layer: { lstm: { units: 64 } } }`). */
function nestedLayerSchema(allowed: readonly string[]): JsonSchema {
  const names = [...allowed].sort();
  const properties: JsonSchema = {};
  for (const name of names) properties[name] = { $ref: opRef(name) };
  return {
    type: ["string", "object"],
    minProperties: 1,
    maxProperties: 1,
    propertyNames: { type: "string", enum: names },
    properties,
    if: { type: "string" },
    then: { enum: names },
  };
}

