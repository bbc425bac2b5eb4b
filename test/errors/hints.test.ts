/**
 * The README promises "every error with a code, a position and a hint": every error diagnostic that a
 * fixture of the bad-spec corpus (test/errors/cases) produces carries at least one hint, and no hint
 * merely repeats the message. Fixtures are compiled as `mfgc check` compiles them (compileFile, data
 * paths included), so the test sees what a user sees. Warnings may stay without hints.
 */
import { relative } from "node:path";
import { describe, expect, test } from "vitest";
import { compileFile } from "../../src/pipeline.js";
import { CASES_DIR, corpusSpecFiles } from "./corpus-files.js";

/**
 * Codes whose errors may come without a hint, each with the reason. Empty: every error site has one.
 * Add an entry only when no hint could be true for every way the site is reached, and say why here.
 */
const EXEMPT: ReadonlyMap<string, string> = new Map();

describe("every error in the corpus has a hint", () => {
  const files = corpusSpecFiles();
  let errors = 0;

  for (const file of files) {
    test(relative(CASES_DIR, file), () => {
      const compiled = compileFile(file);
      const bare: string[] = [];
      for (const d of compiled.diagnostics) {
        if (d.severity !== "error") continue;
        errors++;
        const at = compiled.source?.position(d.span.start);
        const where = `${d.code} ${at === undefined ? "" : `${at.line}:${at.column}`} "${d.message}"`;
        if (d.hints.length === 0 && !EXEMPT.has(d.code)) bare.push(`${where} has no hint`);
        for (const h of d.hints) if (h.trim() === "" || h === d.message) bare.push(`${where} has a hint that says nothing new: "${h}"`);
      }
      expect(bare, `errors without a hint in ${relative(CASES_DIR, file)}`).toEqual([]);
    });
  }

  // Guards the loop above: a corpus that compiled to no errors at all would make every test pass.
  test("the corpus produces errors to check", () => expect(errors).toBeGreaterThan(100));
});
