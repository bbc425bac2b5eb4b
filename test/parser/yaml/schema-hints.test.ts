/**
 * Schema-error hints show a value the schema accepts. Each expected example is checked against the
 * schema node's own constraints (type, bounds, item count), which the test states independently.
 */
import { describe, expect, test } from "vitest";
import { exampleValue, valueHint } from "../../../src/parser/yaml/schema-hints.js";
import { compileText } from "../../../src/pipeline.js";

describe("schema-error hints", () => {
  test("an integer example respects the minimum", () => {
    expect(exampleValue({ type: "integer", minimum: 2 })).toBe("2");
    expect(exampleValue({ type: "integer", minimum: 0 })).toBe("1");
  });

  test("a number example lies strictly inside exclusive bounds", () => {
    // (0, 1) exclusive: 0.5 is inside.
    expect(exampleValue({ type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 })).toBe("0.5");
    // [2, 3]: neither 0.5 nor 1 is allowed; the lower bound is.
    expect(exampleValue({ type: "number", minimum: 2, maximum: 3 })).toBe("2");
  });

  test("a list example has the required number of items", () => {
    expect(exampleValue({ type: "array", minItems: 2, maxItems: 2, items: { type: "integer", minimum: 1 } })).toBe("[1, 1]");
  });

  test("a scalar where a list belongs is shown wrapped in brackets, in the user's key", () => {
    expect(valueHint(["model", "outputs"], { type: "array", items: { type: "string" } }, "probs")).toBe("write `outputs: [probs]`: a list, even of one item");
  });

  test("an empty value gets an example", () => {
    expect(valueHint(["x", "units"], { type: "integer", minimum: 1 }, null)).toBe("give it a value, e.g. `units: 1`");
  });

  test("the model's inputs written as a list get the mapping form", () => {
    const text = "mfgnet: 1\nmodel:\n  name: M\n  inputs:\n    - image\n  layers:\n    - flatten\n  outputs: [flatten]\n";
    const d = compileText(text, "m.mfgnet.yaml", "yaml").diagnostics.find((x) => x.code === "MFG2003");
    expect(d?.hints).toEqual(["write `inputs: { image: { shape: [28, 28, 1], dtype: f32 } }`"]);
  });
});
