/**
 * The YAML front-end's text budgets (src/parser/prescan.ts), checked before the `yaml` package lexes
 * anything: at most MAX_YAML_TOKENS tokens (MFG1021) and quoted scalars of at most MAX_STRING_CHARS
 * characters (MFG1019). Positions are worked out by hand from the token rule in the comment of each case.
 */
import { describe, expect, test } from "vitest";
import { MAX_STRING_CHARS, MAX_YAML_TOKENS } from "../../../src/parser/prescan.js";
import { located, parse } from "./helpers.js";

describe("YAML text budgets", () => {
  test("MFG1021: the token that passes MAX_YAML_TOKENS is where the file is refused", () => {
    expect(MAX_YAML_TOKENS).toBe(20_000);
    // Tokens before the list: mfgnet : 1 model : name : M layers : [ = 11. Entry j (1-based) of `1, `
    // adds `1` (token 11 + 2j − 1, a word, counted but only checked at the next mark) and `,` (token
    // 11 + 2j). The first checked token over 20,000 is the comma of entry j = 9,995 (token 20,001).
    // Line 4 is `  layers: [` (11 characters), entry j starts at column 12 + 3(j − 1), its comma one later.
    const text = `mfgnet: 1\nmodel:\n  name: M\n  layers: [${"1, ".repeat(60_000)}1]\n`;
    const r = parse(text);
    expect(located(text, r.diagnostics)).toEqual([`MFG1021 4:${12 + 3 * (9_995 - 1) + 1}`]);
    expect(r.spec).toBeUndefined();
    expect(r.diagnostics[0]!.hints.join(" ")).toContain("repeat");
  });

  test("MFG1019: a double- or single-quoted scalar longer than MAX_STRING_CHARS", () => {
    const long = "s".repeat(MAX_STRING_CHARS + 1);
    // `  name: ` is 8 characters: the quote opens at column 9 of line 3.
    for (const q of ['"', "'"]) {
      const text = `mfgnet: 1\nmodel:\n  name: ${q}${long}${q}\n`;
      expect(located(text, parse(text).diagnostics)).toEqual(["MFG1019 3:9"]);
    }
    // One character shorter is read (and reported for what it is: a name that is not an identifier).
    const fits = `mfgnet: 1\nmodel:\n  name: "${"s".repeat(MAX_STRING_CHARS - 1)}"\n`;
    expect(parse(fits).diagnostics.map((d) => d.code)).not.toContain("MFG1019");
  });
});

describe("quotes inside plain scalars", () => {
  test("an apostrophe in a plain scalar does not open a string that runs on to the next quote", () => {
    // `Bob's` would otherwise start a single-quoted string reaching past MAX_STRING_CHARS (the comment
    // line below is longer than that), and the file would be refused with MFG1019.
    const text = `mfgnet: 1\nmodel:\n  name: M\n  description: Bob's net\n# ${"x".repeat(MAX_STRING_CHARS + 10)}\n  inputs: { x: { shape: [4], dtype: f32 } }\n  layers: [dense: { units: 1, as: y }]\n  outputs: [y]\n`;
    expect(parse(text).diagnostics.map((d) => d.code)).not.toContain("MFG1019");
  });
});
