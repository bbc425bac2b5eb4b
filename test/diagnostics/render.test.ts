import { describe, expect, test } from "vitest";
import { createDiagnostic } from "../../src/diagnostics/diagnostic.js";
import { renderJson, renderSarif } from "../../src/diagnostics/render-machine.js";
import { renderText, sanitizeForTerminal } from "../../src/diagnostics/render-text.js";
import { SourceFile, createSpan } from "../../src/diagnostics/span.js";
import { closestMatch, didYouMean } from "../../src/diagnostics/suggest.js";

const text = "model M {\r\n  input x: f32[4]\n  x -> maxpol2d(2)\n}\n";
const src = new SourceFile("specs/m.mfgnet", text);
const start = text.indexOf("maxpol2d");
const d = createDiagnostic("MFG9002", "unknown op `maxpol2d`", createSpan(src.path, start, start + 8), {
  hints: ["did you mean `maxpool2d`?"],
  related: [{ message: "the input came from `x` here", span: createSpan(src.path, text.indexOf("x ->"), text.indexOf("x ->") + 1) }],
});
const lookup = (f: string) => (f === src.path ? src : undefined);

describe("SourceFile positions", () => {
  test("CRLF, LF and lone CR each end one line", () => {
    expect(src.position(0)).toEqual({ line: 1, column: 1 });
    expect(src.position(text.indexOf("input"))).toEqual({ line: 2, column: 3 });
    expect(src.position(start)).toEqual({ line: 3, column: 8 });
    const cr = new SourceFile("a", "a\rb");
    expect(cr.position(2)).toEqual({ line: 2, column: 1 });
    expect(src.lineText(1)).toBe("model M {");
  });
});

describe("text rendering", () => {
  test("location, code, frame with caret under the span, hint and note", () => {
    const out = renderText([d], lookup, { color: false });
    expect(out).toContain("specs/m.mfgnet:3:8 - error MFG9002: unknown op `maxpol2d`");
    const lines = out.split("\n");
    const frame = lines.findIndex((l) => l.includes("x -> maxpol2d(2)"));
    expect(lines[frame]).toBe("3   x -> maxpol2d(2)");
    expect(lines[frame + 1]).toBe("         ~~~~~~~~");
    expect(out).toContain("  hint: did you mean `maxpool2d`?");
    expect(out).toContain("  specs/m.mfgnet:3:3 - note: the input came from `x` here");
  });

  test("terminal control characters in source never reach the terminal", () => {
    expect(sanitizeForTerminal("a\u001b[31mb\u2028c\td")).toBe("a\uFFFD[31mb\uFFFDc d");
  });

  test("a long line is cut to 160 characters around the span, controls in the cut still sanitized, caret aligned", () => {
    // The span `zz` at offset 300 of a 804-character line; a tab and an ESC right after it.
    const long = new SourceFile("l.mfgnet", `${"a".repeat(300)}zz\t\u001b${"d".repeat(500)}\n`);
    const out = renderText([createDiagnostic("MFG9002", "m", createSpan(long.path, 300, 302))], (f) => (f === long.path ? long : undefined), { color: false });
    const lines = out.split("\n");
    const at = lines.findIndex((l) => l.startsWith("1 "));
    // The cut starts 20 characters before the span (offset 280), marked by `…`, and keeps 160 characters.
    expect(lines[at]).toBe(`1 …${"a".repeat(20)}zz \uFFFD${"d".repeat(136)}`);
    expect(lines[at + 1]).toBe(`  ${" ".repeat(21)}~~`);
  });
});

describe("machine formats", () => {
  test("json carries line/column and hints", () => {
    const json = JSON.parse(renderJson([d], lookup)) as { diagnostics: { line: number; column: number; code: string; hints: string[] }[] };
    expect(json.diagnostics[0]).toMatchObject({ code: "MFG9002", line: 3, column: 8, hints: ["did you mean `maxpool2d`?"] });
  });

  test("sarif 2.1.0 with a rule per code and a region", () => {
    const sarif = JSON.parse(renderSarif([d], lookup, "0.0.0")) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[] }[] }[];
    };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(["MFG9002"]);
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.region).toMatchObject({ startLine: 3, startColumn: 8 });
  });
});

describe("did you mean", () => {
  test("finds close names, ignores far ones", () => {
    expect(closestMatch("maxpol2d", ["maxpool2d", "avgpool2d", "dense"])).toBe("maxpool2d");
    expect(closestMatch("Dense", ["dense"])).toBe("dense");
    expect(closestMatch("xyz", ["maxpool2d"])).toBeUndefined();
    expect(didYouMean("kernal", ["kernel", "strides"])).toEqual(["did you mean `kernel`?"]);
    // Swapped neighbours are one typo, not two.
    expect(closestMatch("rleu", ["relu", "elu", "selu"])).toBe("relu");
    expect(closestMatch("modle", ["model", "mode"])).toBe("model");
  });
});
