/** Schema errors: one clear diagnostic per problem, at the offending key or value (exact line:column). */
import type { ErrorObject } from "ajv";
import { describe, expect, test } from "vitest";
import { explainSchemaErrors, MAX_SCHEMA_DIAGNOSTICS } from "../../../src/parser/yaml/schema-errors.js";
import { located, parse, spanText, specWithLayers } from "./helpers.js";

function check(text: string) {
  const r = parse(text);
  return r.diagnostics.map((d) => ({ at: located(text, [d])[0]!, text: spanText(text, d), message: d.message, hints: d.hints }));
}

describe("schema errors", () => {
  test("unknown op parameter points at the key, with a did-you-mean (and no 'missing kernel' noise)", () => {
    const text = specWithLayers("    - conv2d: { filters: 32, kernal: 3, as: y }");
    expect(check(text)).toEqual([
      { at: "MFG2001 7:30", text: "kernal", message: "unknown parameter `kernal` for `conv2d`", hints: ["did you mean `kernel`?"] },
    ]);
  });

  test("enum value: the allowed values, the actual one, and a suggestion", () => {
    const text = specWithLayers("    - dense: { units: 10, activation: reluu, as: y }");
    const [d] = check(text);
    expect(d!.at).toBe("MFG2004 7:39");
    expect(d!.text).toBe("reluu");
    expect(d!.message).toMatch(/^`activation` must be one of .*relu.* but is `reluu`$/);
    expect(d!.hints).toEqual(["did you mean `relu`?"]);
  });

  test("range: `filters` must be an integer ≥ 1 but is 0", () => {
    const text = specWithLayers("    - conv2d: { filters: 0, kernel: 3, as: y }");
    expect(check(text)).toEqual([{ at: "MFG2005 7:26", text: "0", message: "`filters` must be an integer ≥ 1 but is 0", hints: [] }]);
  });

  test("wrong type, also through the scalar shorthand", () => {
    const text = specWithLayers("    - conv2d: 3.5\n    - dense: { units: 4, use_bias: maybe, as: y }");
    expect(check(text).map((d) => [d.at, d.text, d.message])).toEqual([
      ["MFG2003 7:15", "3.5", "`filters` (the first parameter of `conv2d`) must be an integer ≥ 1 but is 3.5"],
      ["MFG2003 8:36", "maybe", "`use_bias` must be `true` or `false` but is `maybe`"],
    ]);
  });

  test("list lengths", () => {
    const text = specWithLayers("    - maxpool2d: [2, 2, 2]\n    - dense: { units: 3, as: y }");
    const [d] = check(text);
    expect(d!.at).toBe("MFG2006 7:18");
    expect(d!.message).toBe("`pool` (the first parameter of `maxpool2d`) must be an integer ≥ 1 or a list of 2 integers ≥ 1 but has 3 items");
  });

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

  test("unknown top-level, model and train keys", () => {
    const text = `mfgnet: 1
modle: {}
model:
  name: M
  inputs: { x: { shape: [4], dtype: f32 } }
  layers: [dense: { units: 3, as: y }]
  outputs: [y]
  output: [z]
train:
  epoch: 3
`;
    expect(check(text).map((d) => [d.at, d.text, d.message, d.hints])).toEqual([
      // A swap of two neighbouring letters is one edit, so a suggestion is made.
      ["MFG2000 2:1", "modle", "unknown key `modle` at the top level", ["did you mean `model`?"]],
      ["MFG2000 8:3", "output", "unknown key `output` in `model`", ["did you mean `outputs`?"]],
      ["MFG2000 10:3", "epoch", "unknown key `epoch` in `train`", ["did you mean `epochs`?"]],
    ]);
  });

  test("missing keys point at the key of the mapping that lacks them", () => {
    const text = "mfgnet: 1\nmodel:\n  name: M\n  inputs: { x: { shape: [4] } }\n  layers: [flatten]\n";
    expect(check(text).map((d) => [d.at, d.message])).toEqual([
      ["MFG2002 2:1", "`model` is missing the required key `outputs`"],
      ["MFG2002 4:13", "`x` is missing the required key `dtype`"],
    ]);
  });

  test("a required op parameter", () => {
    const text = specWithLayers("    - conv2d: { filters: 8, as: y }");
    expect(check(text).map((d) => [d.at, d.message])).toEqual([["MFG2002 7:7", "`conv2d` is missing its required parameter `kernel`"]]);
  });

  test("format version, invalid names, dtype, dynamic dimension", () => {
    const text = `mfgnet: 2
model:
  name: my-model
  inputs: { x: { shape: [0, "?"], dtype: f64 } }
  layers: [dense: { units: 3, as: y }]
  outputs: [y]
`;
    expect(check(text).map((d) => [d.at, d.message])).toEqual([
      ["MFG2008 1:9", "unsupported spec format version 2; this mfgc reads `mfgnet: 1`"],
      ["MFG2007 3:9", "`my-model` is not a valid name (letters, digits and `_`, not starting with a digit)"],
      ["MFG2005 4:26", "item 1 of `shape` must be an integer ≥ 1 but is 0"],
      ["MFG2004 4:42", "`dtype` must be one of f32, i32, bool but is `f64`"],
    ]);
  });

  test("layer items: exactly one key, the right type, and known names", () => {
    const text = specWithLayers("    - { dense: 3, dropout: 0.5 }\n    - 42\n    - maxpol2d\n    - dense: { units: 3, as: y }");
    expect(check(text).map((d) => [d.at, d.text, d.message, d.hints])).toEqual([
      ["MFG2009 7:7", "{ dense: 3, dropout: 0.5 }", "a layer item must name exactly one op or block, but this one names 2: `dense`, `dropout`", ["put each op in its own list item (`- conv2d: …`)"]],
      ["MFG2003 8:7", "42", "a layer item must be an op or block name, or a one-key mapping such as `conv2d: { filters: 32 }`, but is 42", []],
      ["MFG2010 9:7", "maxpol2d", "unknown op or block `maxpol2d`", ["did you mean `maxpool2d`?"]],
    ]);
  });

  test("unknown names get suggestions from blocks too", () => {
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
    expect(check(text).map((d) => [d.at, d.message, d.hints])).toEqual([["MFG2010 11:7", "unknown op or block `resunt`", ["did you mean `resunit`?"]]]);
  });

  test("a nested layer must be one of the allowed ops", () => {
    const text = specWithLayers("    - bidirectional: { layer: { lstn: 64 }, as: y }");
    expect(check(text).map((d) => [d.at, d.text, d.message, d.hints])).toEqual([
      ["MFG2004 7:33", "lstn", "`layer` must be one of gru, lstm, simple_rnn but is `lstn`", ["did you mean `lstm`?"]],
    ]);
  });

  test("inside a block, a block parameter may stand for a choice or a flag", () => {
    const text = `mfgnet: 1
blocks:
  unit:
    params: { act: relu, bias: null, n: 8 }
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
    // `atc` is not a parameter of the block: still an error.
    expect(check(text).map((d) => d.at)).toEqual(["MFG2004 8:40"]);
  });

  test("settings need a value; train values are otherwise left to the train checker", () => {
    const text = specWithLayers("    - dense: { units: 3, as: y }", "train:\n  shuffle:\n  optimizer: { sgd: { momentum: lots } }\n");
    expect(check(text).map((d) => [d.at, d.message])).toEqual([["MFG2003 10:11", "`shuffle` needs a value (a number or `true` or `false` or a list or a mapping)"]]);
  });

  test("unparsable arithmetic in an unquoted scalar", () => {
    const text = specWithLayers("    - dense: { units: d *, as: y }");
    expect(check(text).map((d) => [d.at, d.text])).toEqual([["MFG1115 7:23", "d *"]]);
  });

  test("the number of reported schema errors is capped", () => {
    const layers = Array.from({ length: MAX_SCHEMA_DIAGNOSTICS + 10 }, () => "    - dense: { units: 0 }").join("\n");
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
