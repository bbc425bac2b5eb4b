/** printYaml: deterministic canonical YAML; parse → print → parse gives the same AST (ignoring spans). */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Spec } from "../../../src/parser/ast.js";
import { parseDsl } from "../../../src/parser/dsl/index.js";
import { printYaml } from "../../../src/parser/yaml/print.js";
import { parse, specWithLayers, stripSpans } from "./helpers.js";

const SPECS = join(import.meta.dirname, "..", "..", "..", "specs");

function roundTrip(text: string): { first: Spec; printed: string; second: Spec } {
  const a = parse(text);
  expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const printed = printYaml(a.spec!);
  const b = parse(printed);
  expect(b.diagnostics, printed).toEqual([]);
  return { first: a.spec!, printed, second: b.spec! };
}

const BLOCKS_AND_BRANCHES = `mfgnet: 1
blocks:
  encoder:
    params: { d: null, heads: null, ff: 128, act: gelu }
    inputs: [x]
    layers:
      - multi_head_attention: { args: [heads], key_dim: d / heads, as: att }
      - add: { from: [x, att] }
      - layernorm: { as: h }
      - dense: { units: ff * 2, activation: act }
      - dense: { units: d }
      - add: { from: [h, h] }
      - layernorm: { as: y }
    outputs: [y]
model:
  name: Events
  inputs:
    tokens: { shape: ["?"], dtype: i32 }
  layers:
    - embedding: { input_dim: 1000, output_dim: 64 }
    - positional_encoding: { max_length: 512 }
    - encoder: { d: 64, heads: 4, repeat: 2 }
    - global_avgpool1d
    - dropout: 0.1
    - dense: { units: 3, activation: softmax, as: probs }
    - dense: { from: probs, units: 1, as: score }
  outputs: [probs, score]
train:
  optimizer: { adamw: { lr: 3e-4, weight_decay: 0.01 } }
  schedule: { cosine: { decay_steps: 1000 } }
  loss: { probs: categorical_crossentropy, score: mse }
  loss_weights: { probs: 1, score: 0.5 }
  metrics: { probs: [accuracy], score: [] }
  clip: { global_norm: 1 }
  shuffle: false
`;

describe("printYaml", () => {
  test("round trip of the blocks/branches/multi-output spec", () => {
    const { first, second } = roundTrip(BLOCKS_AND_BRANCHES);
    expect(stripSpans(second)).toEqual(stripSpans(first));
  });

  test("printing is deterministic and a fixed point after one round", () => {
    const { printed, second } = roundTrip(BLOCKS_AND_BRANCHES);
    expect(printYaml(second)).toBe(printed);
  });

  test("canonical layout", () => {
    const { printed } = roundTrip(specWithLayers("    - conv2d: { filters: 8, kernel: [3, 3] }\n    - maxpool2d: 2\n    - flatten\n    - dense: { units: 2, as: y }"));
    expect(printed).toBe(`mfgnet: 1
model:
  name: M
  inputs:
    x: { shape: [28, 28, 1], dtype: f32 }
  layers:
    - conv2d: { filters: 8, kernel: [3, 3] }
    - maxpool2d: 2
    - flatten
    - dense: { units: 2, as: y }
  outputs: [y]
`);
  });

  test("strings stay strings, whatever they look like", () => {
    const hostile = ["relu", "1/255", "d * 4", "42", "-1", "true", "null", "~", "?", "", " ", "a: b", "# no", "*x", "&y", "!t", "'", '"', "\\", "line\nbreak", "tab\there", "\u2028", "\u0085", "\u007f", "émoji 🎉", "${x}", "*/", "%YAML"];
    const entries = hostile.map((s, i) => `    s${i}: ${JSON.stringify(s)}`).join("\n");
    const text = specWithLayers("    - dense: { units: 2, as: y }", `train:\n  data:\n${entries}\n`);
    const { first, second, printed } = roundTrip(text);
    expect(stripSpans(second)).toEqual(stripSpans(first));
    const values = (second.trains[0]!.settings[0]!.value as unknown as { entries: { value: { kind: string; value: string } }[] }).entries.map((e) => e.value);
    expect(values.map((v) => v.kind)).toEqual(hostile.map(() => "string"));
    expect(values.map((v) => v.value)).toEqual(hostile);
    expect(printed).not.toContain("\u2028");
  });

  test("every committed YAML spec round-trips", () => {
    const files = readdirSync(SPECS).filter((f) => /\.mfgnet\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const { first, second } = roundTrip(readFileSync(join(SPECS, f), "utf8"));
      expect(stripSpans(second), f).toEqual(stripSpans(first));
    }
  });

  test("DSL specs print to YAML that parses cleanly and then round-trips", () => {
    const files = readdirSync(SPECS).filter((f) => /\.mfgnet$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const dsl = parseDsl(readFileSync(join(SPECS, f), "utf8"), f);
      if (dsl.diagnostics.some((d) => d.severity === "error")) continue; // the DSL front-end's tests own those
      const yaml = printYaml(dsl.spec!);
      const { printed } = roundTrip(yaml);
      expect(printed, f).toBe(yaml);
    }
  });

  test("DSL-only forms are normalized: `y = …` targets, call sources, train calls", () => {
    const dsl = parseDsl(
      `model M {
  input a: f32[4]
  input b: f32[4]
  s = concat(a, b, axis: -1) -> dense(8)
  y = s -> dense(2)
  output y
}
train M {
  optimizer adam(lr: 1e-3)
  data { validation: split(0.1) }
  loss mse
}
`,
      "m.mfgnet",
    );
    expect(dsl.diagnostics).toEqual([]);
    const printed = printYaml(dsl.spec!);
    expect(printed).toContain("    - concat: { from: [a, b], axis: -1 }\n    - dense: { args: [8], as: s }\n    - dense: { from: s, args: [2], as: y }\n");
    expect(printed).toContain("  optimizer: { adam: { lr: 0.001 } }\n");
    expect(printed).toContain("  data: { validation: { split: 0.1 } }\n");
    expect(parse(printed).diagnostics).toEqual([]);
  });
});
