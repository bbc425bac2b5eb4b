import { describe, expect, it } from "vitest";
import { parseDsl, parseExpression } from "../../../src/parser/dsl/index.js";
import { printDsl } from "../../../src/parser/dsl/printer.js";
import { isDiagnosticCode } from "../../../src/diagnostics/catalogue.js";
import type { ParseResult } from "../../../src/parser/parse-result.js";
import { ENCODER, FASHION_CNN, stripSpans } from "./helpers.js";
import { rng } from "../../helpers/rng.js";

/**
 * Milliseconds of CPU this process spent in `fn` (user + system). Time bounds use CPU time, not wall
 * time, so a busy machine (other test runs) does not make them flaky.
 */
function cpuMs(fn: () => void): number {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}


const VOCAB = [
  "model", "block", "train", "input", "output", "as", "repeat", "true", "false", "x", "dense", "conv2d",
  "{", "}", "(", ")", "[", "]", ",", ":", ";", "=", "->", "?", "+", "-", "*", "/", "1", "0.5", ".5",
  "1e-3", "1e", "1.2.3", '"s"', '"unterminated', '"\\q"', "# c\n", "// c\n", "/* c */", "/*", "\n", " ",
  "@", "'", "\u2028", "\u0000", "f32", "-1", "1/255", "_a1", "input_scale",
];

function soup(r: () => number, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += VOCAB[Math.floor(r() * VOCAB.length)]! + (r() < 0.6 ? " " : "");
  return s;
}

function mutate(r: () => number, text: string): string {
  const chars = [...text];
  const edits = 1 + Math.floor(r() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(r() * (chars.length + 1));
    const what = r();
    if (what < 0.33) chars.splice(at, 1);
    else if (what < 0.66) chars.splice(at, 0, VOCAB[Math.floor(r() * VOCAB.length)]!);
    else chars[at] = "(){}[],:->\"/*#"[Math.floor(r() * 15)] ?? "";
  }
  return chars.join("");
}

function checkWellFormed(text: string, r: ParseResult): void {
  for (const d of r.diagnostics) {
    expect(isDiagnosticCode(d.code), d.code).toBe(true);
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
    expect(d.span.start).toBeLessThanOrEqual(d.span.end);
    expect(d.message).not.toMatch(/Expecting|{"kind"/);
  }
  if (r.diagnostics.length === 0 && r.spec) {
    // Valid input: the printer must give text that parses back to the same tree.
    const printed = printDsl(r.spec);
    const again = parseDsl(printed, "f.mfgnet");
    expect(again.diagnostics).toEqual([]);
    expect(stripSpans(again.spec)).toEqual(stripSpans(r.spec));
  }
}

function pathological(): string[] {
  return [
    "x".repeat(100_000),
    `model ${"a".repeat(100_000)} { ${"b".repeat(100_000)} -> relu }`,
    "(".repeat(10_000),
    `model A { x -> f${"(".repeat(10_000)}${")".repeat(10_000)} }`,
    `train A { v ${"[".repeat(10_000)} }`,
    "{".repeat(10_000) + "}".repeat(10_000),
    "1e".repeat(500_000),
    `train A { v ${"1e".repeat(500_000)} }`,
    "/*".repeat(100_000),
    "/*/".repeat(50_000),
    '"'.repeat(100_000),
    `train A { v "${"\\".repeat(100_000)}" }`,
    `train A { v ${"- ".repeat(10_000)}1 }`,
    `train A { v ${"1 + ".repeat(10_000)}1 }`,
    `model A { x ${"-> relu ".repeat(10_000)} }`,
    "}".repeat(50_000),
    "->".repeat(50_000),
    "@".repeat(100_000),
    `model A {\n${"  x -> dense(\n".repeat(2_000)}}`,
    `train A { ${"a: ".repeat(20_000)} }`,
  ];
}

describe("DSL fuzz", () => {
  it("2,000 random and near-miss inputs never throw, and finish fast", () => {
    const r = rng(20240611);
    const inputs: string[] = [...pathological()];
    const valid = [FASHION_CNN, ENCODER];
    while (inputs.length < 2_000) {
      const kind = r();
      const base = valid[Math.floor(r() * valid.length)]!;
      if (kind < 0.35) inputs.push(soup(r, 1 + Math.floor(r() * 60)));
      else if (kind < 0.6) inputs.push(base.slice(0, Math.floor(r() * base.length)));
      else inputs.push(mutate(r, base));
    }
    let total = 0;
    let slowest = 0;
    for (const text of inputs) {
      let result: ParseResult | undefined;
      const elapsed = cpuMs(() => {
        try {
          result = parseDsl(text, "f.mfgnet");
        } catch (e) {
          throw new Error(`parseDsl threw on ${JSON.stringify(text.slice(0, 200))}: ${String(e)}`);
        }
      });
      total += elapsed;
      slowest = Math.max(slowest, elapsed);
      checkWellFormed(text, result!);
    }
    expect(total).toBeLessThan(10_000);
    expect(slowest).toBeLessThan(2_000);
    // The budget is the CPU time asserted above; the wall-clock limit only catches a hang, and is generous
    // because a shared machine stretches wall time (this test timed out at 60 s under load 17).
  }, 300_000);

  it("pathological inputs are refused or reported, not crashed on", () => {
    const deep = parseDsl("(".repeat(10_000), "f");
    expect(deep.diagnostics.map((d) => d.code)).toContain("MFG1015");
    const numbers = parseDsl("1e".repeat(500_000), "f");
    // The malformed number is also a stray token at the top level; that follow-on error is not shown.
    expect(numbers.diagnostics.map((d) => d.code)).toEqual(["MFG1005"]);
    expect(numbers.diagnostics.find((d) => d.code === "MFG1005")!.message.length).toBeLessThan(100);
    const comments = parseDsl("/* ".repeat(100_000), "f");
    expect(comments.diagnostics.map((d) => d.code)).toEqual(["MFG1004"]);
    const minus = parseDsl(`train A { v ${"- ".repeat(10_000)}1 }`, "f");
    expect(minus.diagnostics.map((d) => d.code)).toEqual(["MFG1015"]);
    const chain = parseDsl(`train A { v ${"1 + ".repeat(10_000)}1 }`, "f");
    expect(chain.diagnostics.map((d) => d.code)).toEqual(["MFG1015"]);
    const junk = parseDsl(`train A { ${"a: ".repeat(20_000)} }`, "f");
    expect(junk.diagnostics.map((d) => d.code)).toEqual(["MFG1007", "MFG1017"]);
  });

  it("parseExpression survives the same junk", () => {
    const r = rng(7);
    for (let i = 0; i < 300; i++) {
      const text = soup(r, 1 + Math.floor(r() * 20));
      expect(() => parseExpression(text, "f.yaml", 5)).not.toThrow();
    }
    expect(parseExpression("(".repeat(10_000), "f.yaml", 0).diagnostics.map((d) => d.code)).toEqual(["MFG1015"]);
  });
});

describe("DSL performance", () => {
  it("parses a 5,000-layer chain well under a second (bound: 2 s)", () => {
    const steps = Array.from({ length: 5_000 }, (_, i) => `    -> dense(${i + 1}, activation: relu, name: "layer_${i}")`).join("\n");
    const text = `model Big {\n  input x: f32[16]\n  x\n${steps} as y\n  output y\n}\n`;
    parseDsl("model Warm { x -> y }", "w"); // building the parser is a one-off cost
    let r: ParseResult | undefined;
    const elapsed = cpuMs(() => {
      r = parseDsl(text, "big.mfgnet");
    });
    if (!r) throw new Error("no result");
    expect(r.diagnostics).toEqual([]);
    expect(r.spec!.models[0]!.body[1]!.kind === "flow" && r.spec!.models[0]!.body[1]!.steps).toHaveLength(5_000);
    expect(elapsed).toBeLessThan(2_000);
  });
});
