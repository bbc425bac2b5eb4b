/**
 * Schema errors: one clear diagnostic per problem, at the offending key or value (exact line:column).
 * What the DSL can get wrong too (op parameters, unknown ops, dtypes, train settings) is reported by
 * the checker with the DSL's code and words; the front-end reports the YAML form's own structure.
 */
import type { ErrorObject } from "ajv";
import { describe, expect, test } from "vitest";
import { explainSchemaErrors, MAX_SCHEMA_DIAGNOSTICS } from "../../../src/parser/yaml/schema-errors.js";
import { compileText } from "../../../src/pipeline.js";
import { located, parse, spanText, specWithLayers } from "./helpers.js";

function check(text: string) {
  const r = compileText(text, "t.mfgnet.yaml", "yaml");
  return r.diagnostics.map((d) => ({ at: located(text, [d])[0]!, text: spanText(text, d), message: d.message, hints: d.hints }));
}

describe("what both forms can get wrong: the checker's codes and words (as for the DSL)", () => {
  test("unknown op parameter points at the key, with a did-you-mean (and no 'missing kernel' noise)", () => {
    const text = specWithLayers("    - conv2d: { filters: 32, kernal: 3, as: y }");
    expect(check(text)).toEqual([{ at: "MFG3401 7:30", text: "kernal", message: "`conv2d` has no parameter `kernal`", hints: ["did you mean `kernel`?"] }]);
  });

  test("enum value: the actual one, and a suggestion", () => {
    const text = specWithLayers("    - dense: { units: 10, activation: reluu, as: y }");
    expect(check(text)).toEqual([{ at: "MFG3405 7:39", text: "reluu", message: "`reluu` is not allowed for `activation` of `dense`", hints: ["did you mean `relu`?"] }]);
  });

  test("range: `filters` must be ≥ 1 but is 0, with the nearest allowed value", () => {
    const text = specWithLayers("    - conv2d: { filters: 0, kernel: 3, as: y }");
    expect(check(text)).toEqual([{ at: "MFG3403 7:26", text: "0", message: "`filters` of `conv2d` must be ≥ 1, got 0", hints: ["the smallest allowed value is 1"] }]);
  });

  test("wrong type, also through the scalar shorthand (which is the first positional parameter)", () => {
    const text = specWithLayers("    - conv2d: 3.5\n    - dense: { units: 4, use_bias: maybe, as: y }");
    expect(check(text).map((d) => [d.at, d.text, d.message])).toEqual([
      ["MFG3404 7:7", "conv2d", "`conv2d` needs parameter `kernel`"],
      ["MFG3402 7:15", "3.5", "`filters` of `conv2d` must be an integer, got the number 3.5"],
      ["MFG3402 8:36", "maybe", "`use_bias` of `dense` must be `true` or `false`, got the name `maybe`"],
    ]);
  });

  test("list lengths", () => {
    const text = specWithLayers("    - maxpool2d: [2, 2, 2]\n    - dense: { units: 3, as: y }");
    const [d] = check(text);
    expect(d!.at).toBe("MFG3409 7:18");
    expect(d!.message).toBe("`pool` of `maxpool2d` needs 2 integers, got 3");
  });

  test("a required op parameter", () => {
    const text = specWithLayers("    - conv2d: { filters: 8, as: y }");
    expect(check(text).map((d) => [d.at, d.message])).toEqual([["MFG3404 7:7", "`conv2d` needs parameter `kernel`"]]);
  });

  test("unknown ops and blocks get suggestions from both", () => {
    const text = `mfgnet: 1
blocks:
  resunit:
    inputs: [x]
    layers: [dense: 4]
    outputs: [x]
model:
  name: M
  inputs: { x: { shape: [4], dtype: f32 } }
  layers:
    - resunt: { as: y }
  outputs: [y]
`;
    expect(check(text).map((d) => [d.at, d.message, d.hints])).toEqual([["MFG3008 11:7", "unknown op `resunt`", ["did you mean `resunit`?"]]]);
  });

  test("a nested layer must be one of the allowed ops", () => {
    const text = specWithLayers("    - bidirectional: { layer: { lstn: 64 }, as: y }");
    expect(check(text).map((d) => [d.at, d.text, d.message, d.hints])).toEqual([
      ["MFG3405 7:33", "lstn", "`lstn` cannot be used as `layer` of `bidirectional`", ["did you mean `lstm`?"]],
    ]);
  });

  test("inside a block, a block parameter may stand for a choice or a flag; the checker sees it substituted", () => {
    const text = `mfgnet: 1
blocks:
  unit:
    params: { act: relu, bias: true, n: 8 }
    inputs: [x]
    layers:
      - dense: { units: n, activation: act, use_bias: bias, as: y }
      - dense: { units: n, activation: atc }
    outputs: [y]
model:
  name: M
  inputs: { x: { shape: [4], dtype: f32 } }
  layers: [unit: { n: 3, as: y }]
  outputs: [y]
`;
    // \`atc\` is not a parameter of the block: still an error.
    expect(check(text).map((d) => d.at)).toEqual(["MFG3405 8:40"]);
  });

  test("train settings: unknown keys and values are the train checker's (MFG33xx/MFG34xx), as in the DSL", () => {
    const text = specWithLayers("    - dense: { units: 3, as: y }", "train:\n  data: { train: { synthetic: blobs } }\n  loss: mse\n  epoch: 3\n  shuffle:\n  optimizer: { sgd: { momentum: lots } }\n");
    expect(check(text).map((d) => [d.at, d.message])).toEqual([
      ["MFG3301 12:3", "unknown train setting `epoch`"],
      ["MFG3402 13:3", "`shuffle` needs a value"],
      ["MFG3402 14:33", "`momentum` of `sgd` must be a number, got the name `lots`"],
    ]);
  });
});

describe("the YAML form's own structure: MFG1xxx/MFG2xxx from the front-end", () => {
  test("a list where a scalar was written reads as plain English (no \"a list a valid value\")", () => {
    const text = `mfgnet: 1
model:
  name: Inspect
  inputs:
    image: { shape: 28, dtype: f32 }
  layers: flatten
  outputs: probs
`;
    expect(check(text).map((d) => [d.at, d.message])).toEqual([
      ["MFG2003 5:21", "`shape` must be a list of integers ≥ 1 but is 28"],
      ["MFG2003 6:11", "`layers` must be a list but is `flatten`"],
      ["MFG2003 7:12", "`outputs` must be a list but is `probs`"],
    ]);
  });

  test("unknown top-level and model keys (the tree is complete, so the checker still runs)", () => {
    const text = `mfgnet: 1
modle: {}
model:
  name: M
  inputs: { x: { shape: [4], dtype: f32 } }
  layers: [dense: { units: 3, as: y }]
  outputs: [y]
  output: [z]
`;
    expect(check(text).map((d) => [d.at, d.text, d.message, d.hints])).toEqual([
      // A swap of two neighbouring letters is one edit, so a suggestion is made.
      ["MFG2000 2:1", "modle", "unknown key `modle` at the top level", ["did you mean `model`?"]],
      ["MFG2000 8:3", "output", "unknown key `output` in `model`", ["did you mean `outputs`?"]],
    ]);
  });

  test("missing keys point at the key of the mapping that lacks them, with what to add", () => {
    const text = "mfgnet: 1\nmodel:\n  name: M\n  inputs: { x: { shape: [4], dtype: f32 } }\n  layers: [flatten]\n";
    expect(check(text).map((d) => [d.at, d.message, d.hints])).toEqual([["MFG2002 2:1", "`model` is missing the required key `outputs`", ["add `outputs: [<name given with as>]`"]]]);
  });

  test("format version and invalid names (these stop the build, like a DSL syntax error)", () => {
    const text = `mfgnet: 2
model:
  name: my-model
  inputs: { x: { shape: [0, "?"], dtype: f64 } }
  layers: [dense: { units: 3, as: y }]
  outputs: [y]
`;
    expect(check(text).map((d) => [d.at, d.message, d.hints])).toEqual([
      ["MFG2008 1:9", "unsupported spec format version 2; this mfgc reads `mfgnet: 1`", ["write `mfgnet: 1`"]],
      ["MFG2007 3:9", "`my-model` is not a valid name (letters, digits and `_`, not starting with a digit)", ["did you mean `my_model`?"]],
    ]);
  });

  test("layer items: exactly one key and the right type", () => {
    const text = specWithLayers("    - { dense: 3, dropout: 0.5 }\n    - 42\n    - dense: { units: 3, as: y }");
    expect(check(text).map((d) => [d.at, d.text, d.message])).toEqual([
      ["MFG2009 7:7", "{ dense: 3, dropout: 0.5 }", "a layer item must name exactly one op or block, but this one names 2: `dense`, `dropout`"],
      ["MFG2003 8:7", "42", "a layer item must be an op or block name, or a one-key mapping such as `conv2d: { filters: 32 }`, but is 42"],
    ]);
  });

  test("a forgotten colon after an op name reads as one odd name; the hint says so", () => {
    const text = specWithLayers("    - dense { units: 2 }\n    - dense: { units: 3, as: y }");
    const [d] = check(text);
    expect(d!.at).toBe("MFG2007 7:7");
    expect(d!.hints).toEqual(["a colon is missing after `dense`: write `dense: { units…`"]);
  });

  test("unparsable arithmetic in an unquoted scalar", () => {
    const text = specWithLayers("    - dense: { units: d *, as: y }");
    expect(check(text).map((d) => [d.at, d.text])).toEqual([["MFG1115 7:23", "d *"]]);
  });

  test("the number of reported schema errors is capped", () => {
    const layers = Array.from({ length: MAX_SCHEMA_DIAGNOSTICS + 10 }, (_, i) => `    - dense: { units: 1, as: d-${i} }`).join("\n");
    const r = parse(specWithLayers(layers));
    expect(r.diagnostics.length).toBe(MAX_SCHEMA_DIAGNOSTICS + 1);
    const last = r.diagnostics[r.diagnostics.length - 1]!;
    expect(last.code).toBe("MFG2012");
    expect(last.message).toBe("10 more schema errors were not reported");
  });

  test("a keyword without a dedicated message still gets a located diagnostic", () => {
    const error: ErrorObject = { keyword: "multipleOf", instancePath: "/a", schemaPath: "#/x", params: { multipleOf: 2 }, message: "must be multiple of 2" };
    const index = new Map();
    const [d] = explainSchemaErrors([error], { file: "f", value: { a: 3 }, index, opNames: new Set() });
    expect(d!.code).toBe("MFG2011");
    expect(d!.message).toBe("`a` must be multiple of 2");
  });
});
