/** The JSON Schema generator: structure from a fake op table, ajv strictness, and the committed file. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, test } from "vitest";
import { OPS } from "../../../src/ir/ops/registry.js";
import { TRAIN_SETTINGS } from "../../../src/ir/train/settings.js";
import { SCHEMA_PATH, generateSchema } from "../../../src/parser/yaml/schema.js";
import { untypedTrainSettings } from "../../../src/parser/yaml/schema-train.js";
import { schemaFileText } from "../../../src/parser/yaml/write-schema.js";
import { FAKE_OPS } from "./fake-ops.js";

type Obj = Record<string, unknown>;
const at = (o: unknown, ...keys: string[]): Obj => keys.reduce((cur: unknown, k) => (cur as Obj)[k], o) as Obj;

describe("generateSchema", () => {
  const schema = generateSchema(FAKE_OPS);

  test("compiles under ajv strict mode", () => {
    const ajv = new Ajv({ strict: true, strictTuples: false, allowUnionTypes: true });
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  test("has one definition per op, with title, doc and per-parameter schemas", () => {
    const widen = at(schema, "definitions", "op_widen");
    expect(widen["title"]).toBe("widen");
    expect(widen["description"]).toBe("The widen op.");
    expect(widen["additionalProperties"]).toBe(false);
    const refs = at(widen, "properties");
    expect(Object.keys(refs)).toEqual(["as", "from", "repeat", "args", "units", "mode", "rate", "flag", "window", "dims", "label"]);
    // Each parameter is defined once and referenced (from `properties`, the `args` tuple, the shorthand).
    const props = Object.fromEntries(Object.entries(refs).map(([k, r]) => [k, k === "args" ? r : at(schema, "definitions", String((r as Obj)["$ref"]).replace("#/definitions/", ""))]));
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
    const ajv = new Ajv({ strict: true, strictTuples: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const doc = (layers: unknown[]) => ({ mfgnet: 1, model: { name: "M", inputs: { x: { shape: [4, "?"], dtype: "f32" } }, layers, outputs: ["y"] } });
    expect(validate(doc(["squash", { widen: 3 }, { widen: { units: "d * 4", mode: "slow", as: "y" } }]))).toBe(true);
    // A name that is no op is a block application only in a spec that has blocks.
    expect(validate(doc([{ myblock: { k: 1 } }]))).toBe(false);
    expect(validate(doc(["myblock"]))).toBe(false);
    expect(validate({ ...doc([{ myblock: { k: 1 } }]), blocks: { myblock: { inputs: ["x"], layers: ["squash"], outputs: ["x"] } } })).toBe(true);
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

describe("the train section is typed from the checker's tables", () => {
  const ajv = new Ajv({ strict: true, strictTuples: false, allowUnionTypes: true, allErrors: true });
  const validate = ajv.compile(generateSchema(OPS));
  const doc = (train: Record<string, unknown>) => ({
    mfgnet: 1,
    model: { name: "M", inputs: { x: { shape: [4], dtype: "f32" } }, layers: [{ dense: { units: 2, as: "y" } }], outputs: ["y"] },
    train: { data: { train: { synthetic: { generator: "blobs" } } }, loss: "mse", ...train },
  });
  const errorsAt = (train: Record<string, unknown>) => (validate(doc(train)) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath}${e.propertyName !== undefined ? `:${e.propertyName}` : ""}`));

  test("an unknown optimizer, loss or metric is flagged (issue 13: `adamx`, `acuracy` passed)", () => {
    expect(errorsAt({ optimizer: "adamx" })).toContain("/train/optimizer");
    expect(errorsAt({ optimizer: { AdamW: { lr: 0.001 } } })).toContain("/train/optimizer:AdamW");
    expect(errorsAt({ metrics: ["acuracy"] })).toContain("/train/metrics/0");
    expect(errorsAt({ loss: "mae_loss" })).toContain("/train/loss");
  });

  test("valid spellings pass: names, one-entry mappings, positional `args`, DSL calls in strings", () => {
    expect(errorsAt({ optimizer: "adam", metrics: ["accuracy", "f1"], epochs: 3, early_stopping: true })).toEqual([]);
    expect(errorsAt({ optimizer: { adam: 0.01 }, schedule: { exponential_decay: { args: [1000, 0.9] } }, clip: { norm: 1 } })).toEqual([]);
    expect(errorsAt({ optimizer: "sgd(lr: 0.1)", loss: { y: "mse" }, loss_weights: { y: 0.5 } })).toEqual([]);
  });

  test("values, ranges and option names are checked; clip takes one mode", () => {
    expect(errorsAt({ epochs: 0 })).toContain("/train/epochs");
    expect(errorsAt({ epochs: "ten" })).toContain("/train/epochs"); // no names in scope in `train`
    expect(errorsAt({ optimizer: { adam: { lrr: 0.1 } } })).toContain("/train/optimizer/adam");
    expect(errorsAt({ early_stopping: { monitor: "val_loss", patience: -1 } })).toContain("/train/early_stopping/patience");
    expect(errorsAt({ clip: { norm: 1, value: 0.5 } })).toContain("/train/clip/value");
  });

  test("editors can offer the loss names after `loss:` (an enum, not just true/false)", () => {
    const loss = at(generateSchema(OPS), "definitions", "train", "properties", "loss");
    const names = (loss["anyOf"] as Obj[])[0]!["enum"];
    expect(names).toEqual(expect.arrayContaining(["categorical_crossentropy", "binary_crossentropy", "mse", "mae", "huber"]));
  });
});

describe("every train setting has a schema of its own", () => {
  test("no setting of the train checker's table is typed only loosely", () => {
    // A setting added to src/ir/train/settings.ts needs its schema in src/parser/yaml/schema-train.ts.
    expect(untypedTrainSettings()).toEqual([]);
  });
});
