/** The JSON Schema generator: structure from a fake op table, ajv strictness, and the committed file. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, test } from "vitest";
import { OPS } from "../../../src/ir/ops/registry.js";
import { TRAIN_SETTINGS } from "../../../src/ir/train/settings.js";
import { SCHEMA_PATH, generateSchema } from "../../../src/parser/yaml/schema.js";
import { schemaFileText } from "../../../src/parser/yaml/write-schema.js";
import { FAKE_OPS } from "./fake-ops.js";

type Obj = Record<string, unknown>;
const at = (o: unknown, ...keys: string[]): Obj => keys.reduce((cur: unknown, k) => (cur as Obj)[k], o) as Obj;

describe("generateSchema", () => {
  const schema = generateSchema(FAKE_OPS);

  test("compiles under ajv strict mode", () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  test("has one definition per op, with title, doc and per-parameter schemas", () => {
    const widen = at(schema, "definitions", "op_widen");
    expect(widen["title"]).toBe("widen");
    expect(widen["description"]).toBe("The widen op.");
    expect(widen["additionalProperties"]).toBe(false);
    const props = at(widen, "properties");
    expect(Object.keys(props)).toEqual(["as", "from", "repeat", "args", "units", "mode", "rate", "flag", "window", "dims", "label"]);
    expect(props["units"]).toEqual({ title: "units", description: "How many.", type: ["integer", "string"], pattern: expect.any(String), minimum: 1 });
    expect(props["mode"]).toMatchObject({ type: "string", enum: ["fast", "slow"], default: "fast" });
    expect(props["rate"]).toMatchObject({ type: ["number", "string"], minimum: 0, exclusiveMaximum: 1, default: 0.5 });
    expect(props["flag"]).toMatchObject({ type: "boolean", default: true });
    expect(props["window"]).toMatchObject({ type: ["integer", "string", "array"], minItems: 2, maxItems: 2, default: 2 });
    expect(props["dims"]).toMatchObject({ type: "array" });
    expect(props["label"]).toMatchObject({ type: "string" });
    expect(at(schema, "definitions", "op_squash")["type"]).toEqual(["object", "null"]);
  });

  test("layer items select the op schema by key and leave other names to blocks", () => {
    const layer = at(schema, "definitions", "layer");
    expect(at(layer, "properties")).toEqual({
      squash: { $ref: "#/definitions/op_squash" },
      widen: { $ref: "#/definitions/op_widen" },
      wrap: { $ref: "#/definitions/op_wrap" },
    });
    expect(layer["additionalProperties"]).toEqual({ $ref: "#/definitions/blockCall" });
    expect(layer["maxProperties"]).toBe(1);
  });

  test("train keys come from the settings table", () => {
    expect(Object.keys(at(schema, "definitions", "train", "properties"))).toEqual(TRAIN_SETTINGS.map((s) => s.name));
  });

  test("the description tells editors how to use the schema", () => {
    expect((schema as Obj)["description"]).toContain("# yaml-language-server: $schema=");
  });

  test("validates documents as intended", () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const doc = (layers: unknown[]) => ({ mfgnet: 1, model: { name: "M", inputs: { x: { shape: [4, "?"], dtype: "f32" } }, layers, outputs: ["y"] } });
    expect(validate(doc(["squash", { widen: 3 }, { widen: { units: "d * 4", mode: "slow", as: "y" } }, { myblock: { k: 1 } }]))).toBe(true);
    expect(validate(doc([{ wrap: { layer: { widen: 2 } } }, { wrap: "widen" }]))).toBe(true); // shorthand: first positional
    expect(validate(doc([{ wrap: { widen: { units: 2 } } }]))).toBe(false); // a mapping holds parameters: `widen` is none
    expect(validate(doc([{ widen: 0 }]))).toBe(false);
    expect(validate(doc([{ widen: { units: 2, nope: 1 } }]))).toBe(false);
    expect(validate(doc([{ widen: { mode: "medium", units: 1 } }]))).toBe(false);
    expect(validate(doc([{ widen: { rate: 1, units: 1 } }]))).toBe(false);
    expect(validate(doc([{ widen: { window: [1, 2, 3], units: 1 } }]))).toBe(false);
    expect(validate(doc([{ widen: { mode: "fast" } }]))).toBe(false); // units is required
    expect(validate(doc([{ widen: { args: [3] } }]))).toBe(true); // ... unless given positionally
    expect(validate(doc([{ wrap: { layer: { squash: null } } }]))).toBe(false); // not an allowed inner op
    expect(validate({ ...doc(["squash"]), mfgnet: 2 })).toBe(false);
  });
});

describe("the committed schema", () => {
  test(`${SCHEMA_PATH} is exactly what write-schema.ts generates from the registry`, () => {
    const committed = readFileSync(join(import.meta.dirname, "..", "..", "..", SCHEMA_PATH), "utf8");
    expect(committed, "run `npx tsx src/parser/yaml/write-schema.ts`").toBe(schemaFileText());
  });

  test("covers every registry op", () => {
    const schema = generateSchema(OPS);
    for (const op of OPS) expect(at(schema, "definitions")[`op_${op.name}`], op.name).toBeDefined();
  });
});
