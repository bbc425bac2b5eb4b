import { describe, expect, it } from "vitest";
import { parseDsl, parseExpression } from "../../../src/parser/dsl/index.js";
import { DSL_CODES } from "../../../src/diagnostics/codes/dsl.js";
import { MAX_SPEC_BYTES } from "../../../src/parser/parse-result.js";
import { diagnose } from "./helpers.js";

function messages(text: string): string[] {
  return parseDsl(text, "t.mfgnet").diagnostics.map((d) => d.message);
}

/** Each code, with a spec that triggers it and exactly the diagnostics it must produce (code line:col). */
const CASES: Record<keyof typeof DSL_CODES, { text: string; expect: string[] }> = {
  MFG1001: { text: "model A {\n  x -> relu @ dense(2)\n}", expect: ["MFG1001 2:13"] },
  MFG1002: { text: 'train A {\n  data idx(images: "abc)\n}', expect: ["MFG1002 2:20"] },
  MFG1003: { text: 'train A {\n  data "a\\qb\\u{110000}"\n}', expect: ["MFG1003 2:10", "MFG1003 2:13"] },
  MFG1004: { text: "model A {}\n/* never closed\nmodel B {}", expect: ["MFG1004 2:1"] },
  MFG1005: { text: "train A {\n  lr 1e\n  x 1.2.3\n}", expect: ["MFG1005 2:6", "MFG1005 3:5"] },
  MFG1006: { text: "train A { lr 1e999 }", expect: ["MFG1006 1:14"] },
  MFG1007: { text: "model A {\n  x -> -> relu\n}", expect: ["MFG1007 2:8"] },
  MFG1008: { text: "model A {\n  x -> conv2d(32, kernel: 3\n    -> relu\n}", expect: ["MFG1008 2:28"] },
  MFG1009: { text: "model {\n  x -> relu\n}", expect: ["MFG1009 1:7"] },
  MFG1010: { text: "model A {\n  x -> relu\n}\n}", expect: ["MFG1010 4:1"] },
  MFG1011: { text: "model A {\n  x -> relu 5\n}", expect: ["MFG1011 2:13"] },
  MFG1012: { text: "model A {\n  input output: f32[2]\n}", expect: ["MFG1012 2:9"] },
  MFG1013: { text: "train A {\n  data { a: 1, b: 2, a: 3 }\n}", expect: ["MFG1013 2:22"] },
  MFG1014: { text: "train A {\n  early_stopping(val_loss, patience: 3)\n}", expect: ["MFG1014 2:18"] },
  MFG1015: { text: `train A { x ${"[".repeat(65)}${"]".repeat(65)} }`, expect: ["MFG1015 1:76"] }, // the train section's `{` is level 1
  MFG1016: { text: "", expect: [] }, // tested separately (needs a big input)
  // 60 opening brackets add 1 + 2 + … + 60 = 1,830 to the nesting work; then each `[]` opens at depth 61
  // and adds 61. After k of them the work is 1,830 + 61k, first over 1,000,000 at k = 16,364
  // (1,830 + 61 × 16,363 = 999,973). That `[` is at column 60 + 2 × 16,363 + 1 = 32,787.
  MFG1040: { text: `${"[".repeat(60)}${"[]".repeat(20_000)}${"]".repeat(60)}\n`, expect: ["MFG1040 1:32787"] },
  // `a,` is two tokens: token 100,001 is the 50,001st `a`, token 100,002 the comma after it, at offset
  // 100,001 (column 100,002), where the count first exceeds MAX_DSL_TOKENS = 100,000 at a checked character.
  MFG1041: { text: "a,".repeat(60_000), expect: ["MFG1041 1:100002"] },
  // The string opens at column 8 of line 2 (`  data ` is 7 characters); it is 70,000 > 65,536 long.
  MFG1019: { text: `train A {\n  data "${"s".repeat(70_000)}"\n}`, expect: ["MFG1019 2:8"] },
  // 20,001 parameters `p0, …`: the 20,001st (`p20000`) is the first left out. Line 1 is `block b(` then
  // `p0, ` … each `pK, ` is len(String(K)) + 3 characters; summed below (independently of the parser).
  MFG1020: { text: `block b(${Array.from({ length: 20_001 }, (_, i) => `p${i}`).join(", ")}) {\n  input x\n  output x\n}`, expect: [`MFG1020 1:${9 + Array.from({ length: 20_000 }, (_, i) => String(i).length + 3).reduce((a, b) => a + b, 0)}`] },
  MFG1021: { text: "", expect: [] }, // YAML only: test/parser/yaml/limits.test.ts
  MFG1017: {
    text: `train A {\n${"  a: 1\n".repeat(150)}}`,
    expect: [...Array.from({ length: 100 }, (_, i) => `MFG1007 ${i + 2}:4`), "MFG1017 102:4"],
  },
  // YAML reads plain `Null` and `True` as null and a boolean, so neither can name a tensor in the DSL.
  MFG1018: { text: "model A {\n  input Null: f32[2]\n  Null -> dense(1) as True\n}", expect: ["MFG1018 2:9", "MFG1018 3:23"] },
};

describe("DSL diagnostics: one case per code, exact positions", () => {
  for (const [code, c] of Object.entries(CASES)) {
    if (code === "MFG1016" || code === "MFG1021") continue;
    it(code, () => {
      expect(diagnose(c.text)).toEqual(c.expect);
    });
  }

  it("MFG1016: input over the size limit is refused before lexing", () => {
    const text = "#" + "x".repeat(MAX_SPEC_BYTES);
    const r = parseDsl(text, "big.mfgnet");
    expect(r.spec).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["MFG1016"]);
  });

  it("every code in the catalogue range has a case", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(DSL_CODES).sort());
  });

  it("never shows chevrotain's own messages", () => {
    const all = Object.values(CASES).flatMap((c) => messages(c.text));
    for (const m of all) {
      expect(m).not.toMatch(/Expecting|but found|--> |<\w+>|{"kind"/);
    }
  });
});

describe("DSL diagnostics: messages", () => {
  it("unclosed bracket says where it was opened", () => {
    expect(messages("model A {\n  x -> conv2d(32, kernel: 3\n    -> relu\n}")).toEqual(["expected `)` to close `(` opened at 2:14, found `->`"]);
    const d = parseDsl("model A {\n  x -> conv2d(32, kernel: 3\n    -> relu\n}", "t").diagnostics[0]!;
    expect(d.related[0]!.message).toBe("the `(` is here");
    expect(d.related[0]!.span).toMatchObject({ start: 23, end: 24 });
  });

  it("a missing model body brace at the end of the file", () => {
    const text = "model A {\n  x -> relu\n";
    expect(diagnose(text)).toEqual(["MFG1008 2:12"]);
    expect(messages(text)).toEqual(["expected `}` to close `{` opened at 1:9, found the end of the file"]);
  });

  it("names the missing thing", () => {
    expect(messages("model A { x -> ) }")[0]).toBe("expected a layer name after `->`, found `)`");
    expect(messages("model { }")[0]).toMatch(/^`model` needs a name/);
    expect(messages("block (a) { }")[0]).toMatch(/^`block` needs a name/);
    expect(messages("train { }")[0]).toMatch(/^`train` needs the name of the model/);
    expect(messages("model A { x -> relu as }")[0]).toMatch(/^`as` needs a name/);
    expect(messages("train A { shuffle }")[0]).toBe("the setting `shuffle` needs a value, found `}`");
    expect(messages("model A { input x: [3] }")[0]).toMatch(/^expected a dtype/);
    expect(messages("train A { x f(a: ) }")[0]).toBe("expected a value after `:`, found `)`");
  });

  it("keyword used as a layer name gets a hint", () => {
    const d = parseDsl("model A { x -> input }", "t").diagnostics;
    expect(d.map((x) => x.code)).toEqual(["MFG1007"]);
    expect(d[0]!.hints.join(" ")).toMatch(/keyword/);
  });

  it("a typo at the top level suggests the keyword", () => {
    const d = parseDsl("mode A { x -> relu }", "t").diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]!.code).toBe("MFG1011");
    expect(d[0]!.hints).toEqual(["did you mean `model`?"]);
  });

  it("unterminated strings point at the opening quote", () => {
    const d = parseDsl('train A { x "abc\n}', "t").diagnostics;
    expect(d.map((x) => [x.code, x.span.start, x.span.end])).toEqual([["MFG1002", 12, 13]]);
  });
});

describe("DSL diagnostics: recovery", () => {
  it("reports every independent error in one run", () => {
    const text = [
      "model A {", //
      "  input x: f32[4]",
      "  a = x -> dense(10 -> relu", // 3: missing )
      "  b = a -> -> relu", // 4: missing layer name
      "  c = b -> dense(2, units: )", // 5: missing value
      "  output c",
      "}",
      "train {", // 8: missing name
      "  epochs 10",
      "}",
    ].join("\n");
    expect(diagnose(text)).toEqual(["MFG1008 3:21", "MFG1007 4:12", "MFG1007 5:28", "MFG1009 8:7"]);
    const spec = parseDsl(text, "t").spec!;
    expect(spec.models[0]!.body.map((s) => s.kind)).toEqual(["input", "flow", "flow", "flow", "output"]);
    expect(spec.trains).toHaveLength(0);
  });

  it("does not cascade within a statement", () => {
    expect(diagnose("model A {\n  x -> conv2d(32 kernel: 3, activation: relu) -> dense(10) ) ] ->\n  output y\n}")).toEqual(["MFG1008 2:18"]);
    expect(diagnose("model A { x -> f(1 2 3 4 5 6) -> ) ( ] [ }")).toHaveLength(1);
  });

  it("lexical errors are all reported, and the parser errors they cause are not", () => {
    expect(diagnose('model A {\n  x -> f("\\q\\w") @ -> g\n}')).toEqual(["MFG1003 2:11", "MFG1003 2:13", "MFG1001 2:18"]);
  });

  it("a partial spec is still returned", () => {
    const r = parseDsl("model A {\n  input x: f32[2]\n  x -> dense(\n}\nmodel B { input y: f32[1] }", "t");
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.spec?.models.map((m) => m.name.name)).toEqual(["A", "B"]);
  });
});

describe("parseExpression", () => {
  it("parses arithmetic with spans shifted by the base offset", () => {
    const r = parseExpression("1/255", "s.yaml", 100);
    expect(r.diagnostics).toEqual([]);
    expect(r.expr).toMatchObject({ kind: "binary", op: "/", span: { file: "s.yaml", start: 100, end: 105 }, left: { span: { start: 100, end: 101 } }, right: { value: 255, span: { start: 102, end: 105 } } });
    expect(parseExpression("d * 4", "s.yaml", 0).expr).toMatchObject({ kind: "binary", op: "*", left: { kind: "ident", name: "d" } });
    expect(parseExpression("-3", "s.yaml", 0).expr).toMatchObject({ kind: "unary", operand: { value: 3 } });
    expect(parseExpression("relu", "s.yaml", 0).expr).toMatchObject({ kind: "ident", name: "relu" });
    expect(parseExpression("adam(lr: 0.1)", "s.yaml", 0).expr).toMatchObject({ kind: "call" });
  });

  it("reports leftovers and errors with shifted spans", () => {
    const r = parseExpression("1 2", "s.yaml", 10);
    expect(r.diagnostics.map((d) => [d.code, d.span.start])).toEqual([["MFG1011", 12]]);
    const r2 = parseExpression("(1 + ", "s.yaml", 10);
    expect(r2.diagnostics.map((d) => d.code)).toEqual(["MFG1007"]);
    expect(r2.diagnostics[0]!.span.file).toBe("s.yaml");
    const r3 = parseExpression("f(1", "s.yaml", 10);
    expect(r3.diagnostics.map((d) => d.message)).toEqual(["expected `)` to close `(`, found the end of the file"]);
  });
});
