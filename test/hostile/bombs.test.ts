/**
 * Issue 14: the six resource bombs of bench/fuzz/bombs.ts that still cost over 1 s of CPU or 256 MB
 * (bench/results/fuzz.md before this change: a 300,000-entry YAML flow list 4.1 s / 668 MiB, 50,000
 * written-out YAML layers 4.9 s / 507 MiB, 200,000 block parameters 2.6 s / 627 MiB, 130,000 unknown
 * names 1.3 s, `output y, …` × 130,000 0.8 s / 311 MiB, a 3.9 MB string 0.8 s / 357 MiB). Each is now
 * refused by the raw-text pre-scan (src/parser/prescan.ts) before any lexer runs: the expected code is
 * the budget each one passes first (token counts worked out in the comments). The CPU bound is the
 * issue's 1 s; a refusal by the scan takes tens of milliseconds, so the margin is wide even on a loaded
 * machine. Measured in a fresh child process (test/hostile/fixtures/measure-check.ts).
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { BOMBS } from "../../bench/fuzz/bombs.js";
import { scratch } from "./helpers.js";

const CHILD = join(import.meta.dirname, "fixtures", "measure-check.ts");

interface Measured {
  readonly cpuMs: number;
  readonly peakKB: number;
  readonly codes: readonly string[];
}

/** Bomb file → the one diagnostic it must get. */
const EXPECTED: Record<string, string> = {
  // 300,000 × `1, ` is 600,000 tokens; the YAML budget is 20,000.
  "flowlist.mfgnet.yaml": "MFG1021",
  // 8 tokens a line (`- dense : { units : 4 }`) × 60,000 lines; over 20,000 after about 2,500 lines.
  "layers.mfgnet.yaml": "MFG1021",
  // `p0, p1, …`: 2 tokens a parameter × 200,000; the DSL budget is 100,000.
  "params.mfgnet": "MFG1041",
  // `z0, z1, …` and `y, y, …`: 2 tokens a name × 130,000.
  "unknown.mfgnet": "MFG1041",
  "outputs.mfgnet": "MFG1041",
  // 3,900,000 characters in one string; the string cap is 65,536.
  "string.mfgnet": "MFG1019",
};

describe("resource bombs under the size cap", () => {
  test("the six that cost over 1 s or 256 MB are refused by the pre-scan, in < 1 s CPU and < 256 MB", () => {
    const dir = scratch();
    const bombs = BOMBS.filter((b) => b.file in EXPECTED);
    expect(bombs.map((b) => b.file).sort()).toEqual(Object.keys(EXPECTED).sort());
    const files = bombs.map((b) => {
      const file = join(dir, b.file);
      writeFileSync(file, b.text());
      return file;
    });
    const measured = JSON.parse(execFileSync(process.execPath, ["--import", "tsx", CHILD, ...files], { encoding: "utf8", maxBuffer: 1 << 20 })) as Measured[];
    bombs.forEach((b, i) => {
      const m = measured[i]!;
      expect(m.codes, b.name).toEqual([EXPECTED[b.file]]);
      expect(m.cpuMs, b.name).toBeLessThan(1000);
      expect(m.peakKB, b.name).toBeLessThan(256 * 1024);
    });
  });
});
