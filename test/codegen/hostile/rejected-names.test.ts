/**
 * Names that cannot be identifiers never reach code generation: in every YAML name position (model name,
 * input keys, `as`, `from`, `outputs`, block names, block parameters and inputs) and in the DSL, the
 * compiler answers with a diagnostic that quotes the offending name — never an exception, never a graph.
 */
import { describe, expect, test } from "vitest";
import { compileText, type SpecFormat } from "../../../src/pipeline.js";
import { HOSTILE_STRINGS, yamlString } from "./hostile-text.js";
import { escapeControls } from "../../../src/diagnostics/escape.js";

/** Hostile names that are not identifiers (the identifier-like ones are exercised in hostile-codegen). */
const BAD_NAMES = HOSTILE_STRINGS.filter((s) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(s) && s.length < 200);

type Position = (name: string) => string;

const model = (o: { name?: string; input?: string; as?: string; from?: string; output?: string }) => {
  const input = o.input ?? "x";
  return [
    "mfgnet: 1",
    "model:",
    `  name: ${o.name ?? "M"}`,
    `  inputs: { ${input}: { shape: [3], dtype: f32 } }`,
    "  layers:",
    `    - dense: { units: 2, as: ${o.as ?? "h"} }`,
    `    - dense: { units: 2, from: ${o.from ?? "h"}, as: out }`,
    `  outputs: [${o.output ?? "out"}]`,
    "",
  ].join("\n");
};

const block = (o: { name?: string; param?: string; input?: string }) =>
  [
    "mfgnet: 1",
    "blocks:",
    `  ${o.name ?? "b"}:`,
    `    params: { ${o.param ?? "units"}: 2 }`,
    `    inputs: [${o.input ?? "x"}]`,
    "    layers: [ { dense: 2 } ]",
    `    outputs: [${o.input ?? "x"}]`,
    "model:",
    "  name: M",
    "  inputs: { x: { shape: [3], dtype: f32 } }",
    "  layers:",
    "    - dense: { units: 2, as: out }",
    "  outputs: [out]",
    "",
  ].join("\n");

const YAML_POSITIONS: Readonly<Record<string, Position>> = {
  "model name": (n) => model({ name: yamlString(n) }),
  "input name": (n) => model({ input: yamlString(n) }),
  "`as` name": (n) => model({ as: yamlString(n) }),
  "`from` name": (n) => model({ from: yamlString(n) }),
  "output name": (n) => model({ output: yamlString(n) }),
  "block name": (n) => block({ name: yamlString(n) }),
  "block parameter": (n) => block({ param: yamlString(n) }),
  "block input": (n) => block({ input: yamlString(n) }),
};

function compileNoThrow(text: string, format: SpecFormat) {
  let compiled: ReturnType<typeof compileText> | undefined;
  expect(() => {
    compiled = compileText(text, format === "dsl" ? "h.mfgnet" : "h.mfgnet.yaml", format);
  }).not.toThrow();
  return compiled!;
}

describe.each(Object.entries(YAML_POSITIONS))("YAML %s", (_where, position) => {
  test.each(BAD_NAMES.map((n) => [JSON.stringify(n).slice(0, 40), n] as const))("%s is rejected with a diagnostic naming it", (_shown, name) => {
    const compiled = compileNoThrow(position(name), "yaml");
    expect(compiled.graph).toBeUndefined();
    const errors = compiled.diagnostics.filter((d) => d.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    // The message quotes the name — its control and bidi characters escaped (issue 14, item 4) — and
    // says what a name may contain.
    expect(errors.some((d) => d.message.includes(escapeControls(name)) && /not a valid name/.test(d.message)), errors.map((d) => d.message).join("\n")).toBe(true);
  });
});

describe("DSL", () => {
  test.each(["ünïcödé", "名前", "a$b", "a-b", "𝑥"])("non-ASCII or punctuated name `%s` is a syntax diagnostic, not an exception", (name) => {
    for (const text of [`model ${name} {\n input x: f32[3]\n x -> dense(2) as out\n output out\n}\n`, `model M {\n input x: f32[3]\n x -> dense(2) as ${name}\n output ${name}\n}\n`]) {
      const compiled = compileNoThrow(text, "dsl");
      expect(compiled.graph).toBeUndefined();
      expect(compiled.diagnostics.some((d) => d.severity === "error")).toBe(true);
    }
  });
});
