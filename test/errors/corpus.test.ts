/**
 * The bad-spec corpus: every file under test/errors/cases produces exactly the diagnostics its
 * `!expect` comments list (code, line, column) — no more, no fewer — and never an exception.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { compileText, specFormatOf } from "../../src/pipeline.js";
import { formatExpectation, readExpectations, sortExpectations } from "./expectations.js";

const CASES = join(import.meta.dirname, "cases");

export function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (specFormatOf(e.name)) out.push(p);
    }
  };
  walk(CASES);
  return out;
}

describe("bad-spec corpus", () => {
  const files = corpusFiles();

  test("has at least 60 cases in both forms", () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
    expect(files.some((f) => specFormatOf(f) === "yaml")).toBe(true);
    expect(files.some((f) => specFormatOf(f) === "dsl")).toBe(true);
  });

  for (const file of files) {
    const name = relative(CASES, file);
    test(name, () => {
      const text = readFileSync(file, "utf8");
      const expected = readExpectations(text).map(formatExpectation);
      expect(expected.length, "a fixture must expect at least one diagnostic").toBeGreaterThan(0);
      const result = compileText(text, name, specFormatOf(file)!);
      const actual = sortExpectations(
        result.diagnostics.map((d) => {
          const p = result.source!.position(d.span.start);
          return { code: d.code, line: p.line, column: p.column };
        }),
      ).map(formatExpectation);
      expect(actual).toEqual(expected);
    });
  }
});
