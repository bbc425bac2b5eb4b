/**
 * The paired corpus (issue 13): 50 realistic mistakes, each made in a DSL spec and in the same YAML
 * spec (test/errors/cases/pairs, written by pairs-src/make-pairs.ts from pairs-src/cases.ts). Both
 * forms must give exactly the codes the case names — the same mistake, the same code — every
 * diagnostic must have a position and a hint, and every fixture that parses must already be in the
 * canonical form `mfgc fmt` writes (so `fmt --check` passes on the corpus).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { formatSpecText } from "../../src/parser/format.js";
import { compileText } from "../../src/pipeline.js";
import { CASES } from "./pairs-src/cases.js";

const DIR = join(import.meta.dirname, "cases", "pairs");

describe("the same mistake in both forms", () => {
  test("at least 48 mistakes", () => expect(CASES.length).toBeGreaterThanOrEqual(48));

  for (const c of CASES) {
    test(c.name, () => {
      for (const form of ["dsl", "yaml"] as const) {
        const file = join(DIR, `${c.name}.mfgnet${form === "yaml" ? ".yaml" : ""}`);
        const text = readFileSync(file, "utf8");
        const compiled = compileText(text, file, form);
        expect(compiled.diagnostics.map((d) => d.code).sort(), `${form}: codes`).toEqual([...c.codes].sort());
        for (const d of compiled.diagnostics) {
          expect(d.span.start, `${form} ${d.code}: a position in the file`).toBeLessThan(text.length);
          // A missing token is pointed at by an empty span where it belongs (as tsc does).
          expect(d.span.end, `${form} ${d.code}: a span`).toBeGreaterThanOrEqual(d.span.start);
          expect(d.hints.length, `${form} ${d.code} "${d.message}" has a hint`).toBeGreaterThan(0);
        }
        const formatted = formatSpecText(text, file, form).text;
        if (formatted !== undefined) expect(formatted, `${form}: canonical form`).toBe(text);
      }
    });
  }
});
