/**
 * Issue 14, item 4: text from a spec or a data file never reaches the terminal raw. A name like
 * `"\e]0;TITLE\a\e[2J"` would set the window title and clear the screen; U+202E would reverse what a
 * message appears to say. Every message, hint and note escapes C0/C1 controls and bidi characters.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { createDiagnostic } from "../../src/diagnostics/diagnostic.js";
import { escapeControls, excerpt, excerptList } from "../../src/diagnostics/escape.js";
import { createSpan } from "../../src/diagnostics/span.js";
import { DataError } from "../../src/runtime/data/data-error.js";
import { loadData } from "../../src/runtime/data/load.js";
import { mfgc } from "../cli/run-cli.js";
import { compile, scratch } from "./helpers.js";

/** ESC, BEL, a C1 CSI (U+009B), RLO (U+202E), LRI (U+2066), LINE SEPARATOR (U+2028), DEL. */
const RAW = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** The same, for multi-line output: line feeds separate lines there. */
const RAW_IN_OUTPUT = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const TITLE_AND_CLEAR = "\u001b]0;TITLE\u0007\u001b[2J";

describe("escaping untrusted text in messages", () => {
  test("escapeControls writes each unsafe character as a visible escape and leaves other text alone", () => {
    // Expected strings written by hand from the rule: code points ≤ 0xFF as \xHH, others as \uHHHH.
    expect(escapeControls(TITLE_AND_CLEAR)).toBe("\\x1b]0;TITLE\\x07\\x1b[2J");
    expect(escapeControls("a\u202Eb\u2066c\u009bd\u007f")).toBe("a\\u202eb\\u2066c\\x9bd\\x7f");
    expect(escapeControls("dense_1 × größe → 日本")).toBe("dense_1 × größe → 日本");
    expect(escapeControls("line\nbreak\ttab")).toBe("line\\x0abreak\\x09tab");
  });

  test("excerpts are short: at most 40 characters of the text, then an ellipsis", () => {
    expect(excerpt("x".repeat(100))).toBe(`${"x".repeat(40)}…`);
    expect(excerptList(Array.from({ length: 20 }, (_, i) => `c${i}`), 3)).toBe("`c0`, `c1`, `c2` and 17 more");
  });

  test("createDiagnostic escapes message, hints and notes, so every renderer gets escaped text", () => {
    const d = createDiagnostic("MFG3005", `unknown name \`${TITLE_AND_CLEAR}\``, createSpan("f", 0, 1), {
      hints: [`did you mean \`a\u202Eb\`?`],
      related: [{ message: `defined \u2028here`, span: createSpan("f", 0, 1) }],
    });
    expect(d.message).not.toMatch(RAW);
    expect(d.hints[0]).not.toMatch(RAW);
    expect(d.related[0]!.message).not.toMatch(RAW);
    expect(d.message).toContain("\\x1b]0;TITLE");
  });

  test("a YAML `as:` name with a terminal escape is printed escaped in text, JSON and SARIF", async () => {
    const dir = scratch();
    const file = join(dir, "evil.mfgnet.yaml");
    // The name is unknown as an output, so a message quotes it (MFG3005 or an `as` name check).
    const yaml = `mfgnet: 1\nmodel:\n  name: M\n  inputs: { x: { shape: [2], dtype: f32 } }\n  layers:\n    - dense: { units: 1, as: y }\n  outputs: [y, "${TITLE_AND_CLEAR.replace(/\u001b/g, "\\e").replace(/\u0007/g, "\\a")}"]\n`;
    writeFileSync(file, yaml);
    const text = await mfgc("check", file);
    expect(text.code).toBe(1);
    expect(text.stderr).not.toMatch(RAW_IN_OUTPUT);
    expect(text.stderr).toContain("\\x1b]0;TITLE\\x07\\x1b[2J");
    for (const format of ["json", "sarif"]) {
      const r = await mfgc("check", "--format", format, file);
      // JSON escapes C0 itself; what matters is that no raw control or bidi character is in any string.
      const strings: string[] = [];
      JSON.parse(r.stdout, (_k, v: unknown) => (typeof v === "string" && strings.push(v), v));
      expect(strings.filter((s) => RAW_IN_OUTPUT.test(s))).toEqual([]);
    }
  });

  test("a DSL string with a bidi override in a message is escaped", () => {
    const c = compile(`model M {\n  input x: f32[2]\n  x -> dense(1, activation: "re\\u{202E}lu") as y\n  output y\n}\n`);
    const msgs = c.diagnostics.flatMap((d) => [d.message, ...d.hints]);
    expect(msgs.length).toBeGreaterThan(0);
    expect(msgs.filter((m) => RAW.test(m))).toEqual([]);
    expect(msgs.join(" ")).toContain("\\u202e");
  });

  test("a CSV header cell with escapes is quoted escaped and short (MFG4202)", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "d.csv"), `a,${TITLE_AND_CLEAR}${"S".repeat(500)},c\n1,2,3\n`);
    const err = await loadData(
      { train: { kind: "csv", path: "d.csv", features: ["zz"], labels: { y: "c" }, groupBy: null, normalize: "none", window: null, limit: null }, validation: null, test: null },
      { specDir: dir, signature: { inputs: [{ name: "x", shape: [null, 1], dtype: "float32" }], outputs: [{ name: "y", shape: [null, 1], loss: "mse" }] } },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    const d = (err as DataError).diagnostic;
    expect(d.code).toBe("MFG4202");
    expect(d.message).not.toMatch(RAW);
    // The 500 `S`s of the cell are cut to an excerpt: the whole message stays short.
    expect(d.message.length).toBeLessThan(200);
  });

  test("an unknown command-line option with escapes is echoed escaped", async () => {
    const r = await mfgc("check", `--x${TITLE_AND_CLEAR}`, "specs");
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(RAW_IN_OUTPUT);
  });

  test("a missing path with escapes is echoed escaped", async () => {
    const r = await mfgc("check", `nope${TITLE_AND_CLEAR}.mfgnet`);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(RAW_IN_OUTPUT);
    expect(r.stderr).toContain("\\x1b");
  });
});
