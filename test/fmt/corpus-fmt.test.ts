/**
 * `mfgc fmt` over the whole bad-spec corpus (issue 13, item 4): every fixture that parses formats to
 * a text that is already formatted (`fmt --check` passes on it), keeps every comment, and means the
 * same — it gives the same diagnostic codes as the fixture. Fixtures with syntax errors are refused,
 * with their syntax diagnostics.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, expect, test } from "vitest";
import { formatSpecText } from "../../src/parser/format.js";
import { compileText, specFormatOf } from "../../src/pipeline.js";
import { CASES_DIR, corpusSpecFiles } from "../errors/corpus-files.js";
import { commentLines } from "./round-trip.js";



describe("fmt on the bad-spec corpus", () => {
  let formatted = 0;
  for (const file of corpusSpecFiles().sort()) {
    test(relative(CASES_DIR, file), () => {
      const form = specFormatOf(file)!;
      const text = readFileSync(file, "utf8");
      const r = formatSpecText(text, file, form);
      if (r.text === undefined) {
        expect(r.diagnostics.some((d) => d.severity === "error" && /^MFG[12]/.test(d.code))).toBe(true);
        return;
      }
      formatted++;
      expect(formatSpecText(r.text, file, form).text, "formatting the formatted text changes nothing").toBe(r.text);
      expect(commentLines(r.text, form).sort(), "every comment is kept").toEqual(commentLines(text, form).sort());
      const codes = (t: string) => compileText(t, file, form).diagnostics.map((d) => d.code).sort();
      expect(codes(r.text), "the same mistakes").toEqual(codes(text));
    });
  }
  test("most of the corpus formats", () => expect(formatted).toBeGreaterThan(150));
});
