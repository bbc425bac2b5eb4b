/**
 * Issue 14, item 14 (spans): a diagnostic at the end of a file ("expected `}`, found the end of the
 * file") pointed one past the text, so SARIF consumers saw a column past the last line. It now points at
 * the last visible character. Expected positions are counted off the spec text.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { mfgc } from "../cli/run-cli.js";
import { compile, scratch } from "./helpers.js";

interface SarifRegion {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

describe("spans at the end of a file", () => {
  test.each([
    // The last line is `  input x: f32[2]` (17 characters): the `]` is column 17.
    ["a trailing newline", "model M {\n  input x: f32[2]\n", 2, 17],
    ["no trailing newline", "model M {\n  input x: f32[2]", 2, 17],
    ["blank lines after", "model M {\n  input x: f32[2]\n\n   \n", 2, 17],
  ])("%s: SARIF region lies on the text", async (_name, text, line, column) => {
    const dir = scratch();
    const file = join(dir, "eof.mfgnet");
    writeFileSync(file, text);
    const r = await mfgc("check", "--format", "sarif", file);
    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { region: SarifRegion } }[] }[] }[] };
    const regions = sarif.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.region);
    const lines = text.split("\n");
    for (const reg of regions) {
      // Every start lies on a character of its line; every end at most one past it.
      expect(reg.startColumn).toBeLessThanOrEqual(lines[reg.startLine - 1]!.length);
      expect(reg.endColumn).toBeLessThanOrEqual(lines[reg.endLine - 1]!.length + 1);
    }
    const eof = sarif.runs[0]!.results.find((x) => x.ruleId === "MFG1008")!.locations[0]!.physicalLocation.region;
    expect([eof.startLine, eof.startColumn]).toEqual([line, column]);
  });

  test("an empty file's diagnostic stays at 1:1", () => {
    const c = compile("", "yaml");
    expect(c.diagnostics.map((d) => [d.span.start, d.span.end])).toEqual([[0, 0]]);
  });
});
