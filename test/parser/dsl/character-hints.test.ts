/**
 * The hint of an unreadable character (MFG1001) names the ASCII character meant. Expected values: the
 * Cyrillic and Greek letters are mapped as Unicode's confusables list (UTS #39, confusables.txt) maps
 * them; accented and full-width forms as Unicode's NFKD decomposition does; code points from the
 * Unicode character database.
 */
import { describe, expect, test } from "vitest";
import { unexpectedCharacterHint } from "../../../src/parser/dsl/character-hints.js";
import { compileText } from "../../../src/pipeline.js";

describe("unexpected-character hints", () => {
  test.each([
    ["а", "U+0430", "a"], // CYRILLIC SMALL LETTER A → LATIN SMALL LETTER A (confusables.txt)
    ["о", "U+043E", "o"], // CYRILLIC SMALL LETTER O
    ["Р", "U+0420", "P"], // CYRILLIC CAPITAL LETTER ER
    ["ο", "U+03BF", "o"], // GREEK SMALL LETTER OMICRON
    ["é", "U+00E9", "e"], // NFKD: e + COMBINING ACUTE ACCENT
    ["Ａ", "U+FF21", "A"], // NFKD: FULLWIDTH LATIN CAPITAL LETTER A → A
    ["（", "U+FF08", "("], // NFKD: FULLWIDTH LEFT PARENTHESIS → (
    ["→", "U+2192", "->"], // RIGHTWARDS ARROW, the DSL's `->` as typography
  ])("%s (%s) is retyped as %s", (ch, code, ascii) => {
    expect(unexpectedCharacterHint(ch, `\`${ch}\``)).toBe(`\`${ch}\` is ${code}, not ASCII; retype it as \`${ascii}\``);
  });

  test("typographic quotes point at the plain double quote", () => {
    expect(unexpectedCharacterHint("“", "`“`")).toContain('plain double quotes: `"…"`');
  });

  test("invisible characters are to be deleted", () => {
    expect(unexpectedCharacterHint("\u0000", "U+0000")).toBe("delete the invisible character U+0000 (or replace it with a plain space)");
    expect(unexpectedCharacterHint("\u200B", "U+200B")).toMatch(/^delete the invisible character/);
  });

  test("a non-ASCII symbol without an ASCII counterpart is to be removed or commented", () => {
    expect(unexpectedCharacterHint("★", "`★`")).toContain("remove it or move it into a comment");
  });

  test("an ASCII character the DSL does not use is to be removed", () => {
    expect(unexpectedCharacterHint("!", "`!`")).toMatch(/^remove `!`;/);
  });

  test("the lexer gives the hint for a pasted lookalike", () => {
    const r = compileText("model M {\n  input x: f32[4]\n  x -> dense(2, activation: relа) as y\n  output y\n}\n", "m.mfgnet", "dsl");
    const d = r.diagnostics.find((x) => x.code === "MFG1001");
    expect(d?.hints).toEqual(["`а` is U+0430, not ASCII; retype it as `a`"]);
  });
});
