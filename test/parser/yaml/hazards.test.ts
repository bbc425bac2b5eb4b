/** Every YAML hazard from SAFETY-NOTES gives its diagnostic — never an exception or a stack trace. */
import { describe, expect, test } from "vitest";
import { YAMLWarning } from "yaml";
import { diagnosticFromYamlError } from "../../../src/parser/yaml/load.js";
import { MAX_SPEC_BYTES } from "../../../src/parser/parse-result.js";
import { located, parse, spanText } from "./helpers.js";

function expectOnly(text: string, expected: string[]) {
  const r = parse(text);
  expect(located(text, r.diagnostics)).toEqual(expected);
  for (const d of r.diagnostics) {
    expect(d.message).not.toMatch(/\n\s+at /); // no stack traces in messages
    expect(d.severity).toBe("error");
  }
  return r;
}

describe("YAML hazards", () => {
  test("billion laughs: the 21st alias is refused", () => {
    const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    const names = "abcdefghi";
    for (let i = 1; i < names.length; i++) {
      const prev = names[i - 1];
      lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    const text = lines.join("\n");
    const r = expectOnly(text, ["MFG1105 4:16"]);
    expect(r.spec).toBeUndefined();
    expect(spanText(text, r.diagnostics[0]!)).toBe("*c");
  });

  test("few aliases that expand to a huge tree are refused too", () => {
    const big = Array.from({ length: 2000 }, (_, i) => i).join(", ");
    const text = `base: &b [${big}]\ncopies: [${Array(10).fill("*b").join(", ")}]\n`;
    // Each copy adds 2001 nodes: the fifth crosses the 10,000 budget.
    const r = expectOnly(text, ["MFG1105 2:26"]);
    expect(r.diagnostics[0]!.message).toContain("expand");
    expect(spanText(text, r.diagnostics[0]!)).toBe("*b");
  });

  test("a few aliases within budget are fine", () => {
    const text = `mfgnet: 1
model:
  name: M
  inputs: { x: { shape: &s [4], dtype: f32 } , z: { shape: *s, dtype: f32 } }
  layers: [dense: { units: 3, as: y }]
  outputs: [y]
`;
    expect(parse(text).diagnostics).toEqual([]);
  });

  test("%YAML 1.1 directive (which would switch on merge keys) is refused, and the merge key is still reported", () => {
    const text = "%YAML 1.1\n---\nbase: &b { filters: 32 }\nconv:\n  <<: *b\n";
    const r = expectOnly(text, ["MFG1102 1:1", "MFG1104 5:3"]);
    expect(spanText(text, r.diagnostics[0]!)).toBe("%YAML 1.1");
  });

  test("%TAG directive is refused; the document is still read (as YAML 1.2 core) and checked", () => {
    const r = parse("%TAG ! tag:example.com,2000:\n---\na: 1\n");
    const at = located("%TAG ! tag:example.com,2000:\n---\na: 1\n", r.diagnostics);
    expect(at[0]).toBe("MFG1102 1:1");
    // What follows are schema errors about `a` (not a spec key), so the directive was skipped, not obeyed.
    expect(at.slice(1).length).toBeGreaterThan(0);
    expect(at.slice(1).every((d) => d.startsWith("MFG20"))).toBe(true);
  });

  test("merge keys are refused even without a directive", () => {
    const text = "base: &b { filters: 32 }\nconv:\n  <<: *b\n  kernel: 3\n";
    const r = expectOnly(text, ["MFG1104 3:3"]);
    expect(spanText(text, r.diagnostics[0]!)).toBe("<<");
  });

  test("!!js/function and custom tags are refused where they are written", () => {
    const text = "a: !!js/function 'function () {}'\nb: !custom 3\nc: !!str 4\n";
    const r = expectOnly(text, ["MFG1103 1:4", "MFG1103 2:4", "MFG1103 3:4"]);
    expect(r.diagnostics.map((d) => spanText(text, d))).toEqual(["!!js/function", "!custom", "!!str"]);
  });

  test("duplicate keys point at the second key", () => {
    const text = "mfgnet: 1\nmodel:\n  name: A\n  name: B\n";
    const r = expectOnly(text, ["MFG1013 4:3"]);
    expect(spanText(text, r.diagnostics[0]!)).toBe("name");
  });

  test("10k-deep flow nesting is refused before the composer can overflow", () => {
    const text = "a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
    const r = expectOnly(text, ["MFG1106 1:67"]);
    expect(r.diagnostics[0]!.message).toContain("64");
  });

  test("deep block nesting is refused", () => {
    let text = "";
    for (let i = 0; i < 100; i++) text += `${" ".repeat(i)}k${i}:\n`;
    expectOnly(text, ["MFG1106 65:65"]);
  });

  test("input over the size limit is refused before parsing", () => {
    const text = "a: " + "x".repeat(5 * 1024 * 1024) + "\n";
    expect(text.length).toBeGreaterThan(MAX_SPEC_BYTES);
    const r = expectOnly(text, ["MFG1107 1:1"]);
    expect(r.diagnostics[0]!.message).toContain("5.0 MiB");
  });

  test("size is measured in UTF-8 bytes, not characters", () => {
    const text = "a: " + "é".repeat(MAX_SPEC_BYTES / 2 + 10) + "\n";
    expect(text.length).toBeLessThan(MAX_SPEC_BYTES);
    expectOnly(text, ["MFG1107 1:1"]);
  });

  test("multiple documents", () => {
    expectOnly("mfgnet: 1\n---\nmfgnet: 1\n", ["MFG1108 2:1"]);
  });

  test("empty file, whitespace only, comments only", () => {
    expectOnly("", ["MFG1109 1:1"]);
    expectOnly("\n  \n", ["MFG1109 1:1"]);
    expectOnly("# nothing here\n", ["MFG1109 1:1"]);
  });

  test("tab indentation", () => {
    const text = "mfgnet: 1\nmodel:\n\tname: M\n";
    const r = parse(text);
    expect(located(text, r.diagnostics)).toContain("MFG1110 3:1");
    expect(r.spec).toBeUndefined();
  });

  test("syntax errors are mfgc's own words at mfgc's own position: an unclosed `[` is MFG1008 at the bracket", () => {
    const text = "mfgnet: 1\nmodel: [a, b\n";
    const r = parse(text);
    expect(located(text, r.diagnostics)).toEqual(["MFG1008 2:8"]);
    expect(r.diagnostics[0]!.message).toBe("this `[` is never closed");
    expect(r.diagnostics[0]!.hints[0]).toContain("close it with `]`");
  });

  test("a value starting with a reserved character is MFG1001 (as `@` in the DSL), with the quoted fix", () => {
    const text = "mfgnet: 1\nmodel: @home\n";
    const r = parse(text);
    expect(located(text, r.diagnostics)).toEqual(["MFG1001 2:8"]);
    expect(r.diagnostics[0]!.hints).toEqual(['a value cannot start with `@` unquoted: write `"@home"`']);
  });

  test("a syntax error without a more precise explanation keeps MFG1100, the library's words and a hint", () => {
    const text = "mfgnet: 1\nmodel: { a: 1 } x\n";
    const r = parse(text);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["MFG1100"]);
    expect(r.diagnostics[0]!.message).toBe("unexpected scalar at node end");
    expect(r.diagnostics[0]!.hints.length).toBe(1);
  });

  test(".inf and .nan are refused", () => {
    const text = "a: .inf\nb: -.Inf\nc: .nan\n";
    expectOnly(text, ["MFG1114 1:4", "MFG1114 2:4", "MFG1114 3:4"]);
  });

  test("collection and null keys are refused", () => {
    expectOnly("? [a, b]\n: 1\n", ["MFG1113 1:3"]);
  });

  test("a `__proto__` key stays an ordinary key (reported as unknown, prototype untouched)", () => {
    const text = "mfgnet: 1\n__proto__: { polluted: true }\n";
    const r = parse(text);
    expect(located(text, r.diagnostics)).toEqual(["MFG2002 1:1", "MFG2000 2:1"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  test("warnings are errors (a path the CST scan normally preempts)", () => {
    const d = diagnosticFromYamlError(new YAMLWarning([5, 9], "BAD_DIRECTIVE", "Unsupported YAML version 1.3"), "t.yaml", true);
    expect(d.code).toBe("MFG1111");
    expect(d.severity).toBe("error");
    expect(d.span).toEqual({ file: "t.yaml", start: 5, end: 9 });
  });
});
