/**
 * Issue 14, item 11: pathological nesting under the size cap is refused cheaply. A 3.9 MB DSL file of
 * 60-deep parenthesised lines took 42 CPU-seconds and 4 GiB to check; a 3.9 MB YAML file of 3,000-deep
 * bracket lines took 24 s to be called too deep. The raw-text pre-scan (src/parser/prescan.ts) refuses
 * both before any lexer runs. Measured in a child process: CPU time of the compile and the process's
 * peak memory, against the bounds (< 1 s, < 256 MB).
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { MAX_SPEC_BYTES } from "../../src/parser/parse-result.js";
import { scratch } from "./helpers.js";

const CHILD = join(import.meta.dirname, "fixtures", "measure-check.ts");
const MB = 1024;

interface Measured {
  readonly cpuMs: number;
  readonly baseKB: number;
  readonly peakKB: number;
  readonly codes: readonly string[];
}

/** Runs the compiler on every file in one child process (one start-up), in order. */
function measure(files: readonly string[]): Measured[] {
  return JSON.parse(execFileSync(process.execPath, ["--import", "tsx", CHILD, ...files], { encoding: "utf8", maxBuffer: 1 << 20 })) as Measured[];
}

/** Lines of `line(i)` until the text is just under 3.9 MB (under the 4 MiB cap). */
function fill(head: string[], line: (i: number) => string, tail: string[]): string {
  const lines = [...head];
  let size = head.join("\n").length;
  for (let i = 0; size < 3_900_000; i++) {
    const l = line(i);
    lines.push(l);
    size += l.length + 1;
  }
  const text = [...lines, ...tail].join("\n") + "\n";
  expect(Buffer.byteLength(text)).toBeLessThan(MAX_SPEC_BYTES);
  return text;
}

describe("pathological nesting is refused cheaply", () => {
  test("five files up to 3.9 MB, each refused by the pre-scan in < 1 s CPU, the process staying under 256 MB", () => {
    const dir = scratch();
    const cases: { file: string; text: string; code: string }[] = [
      {
        // 60-deep parentheses on every line (the DSL case): nesting work over budget.
        file: join(dir, "parens.mfgnet"),
        text: fill(["model M {", "  input x: f32[4]"], (i) => `  a${i} = x -> dense(${"(".repeat(60)}4${")".repeat(60)})`, ["  output a0", "}"]),
        code: "MFG1040",
      },
      {
        // 3,000-deep brackets on every line (the YAML case): too deep at the first line.
        file: join(dir, "brackets.mfgnet.yaml"),
        text: fill(["mfgnet: 1", "model:", "  name: M", "  layers:"], () => `  - x: ${"[".repeat(3000)}1${"]".repeat(3000)}`, []),
        code: "MFG1106",
      },
      {
        // 20-deep brackets, each line within the depth limit: 44 tokens and 210 of nesting work a line,
        // so the YAML token budget (20,000, line ~455) runs out before its work budget (500,000, line ~2,380).
        file: join(dir, "work.mfgnet.yaml"),
        text: fill(["mfgnet: 1", "model:", "  name: M", "  layers:"], () => `  - x: ${"[".repeat(20)}1${"]".repeat(20)}`, []),
        code: "MFG1021",
      },
      {
        // 60-deep, then `[]` pairs at depth 62 (62 of work per 2 tokens): the YAML work budget (500,000)
        // runs out after about 8,030 pairs (16,100 tokens), before the token budget.
        file: join(dir, "dense-work.mfgnet.yaml"),
        text: `mfgnet: 1\nmodel:\n  name: M\n  layers: [${"[".repeat(60)}${"[]".repeat(20_000)}${"]".repeat(61)}\n`,
        code: "MFG1140",
      },
      {
        // Short tokens only: the DSL token budget.
        file: join(dir, "tokens.mfgnet"),
        text: fill(["model M {"], () => "  x -> a -> a -> a -> a -> a -> a -> a -> a -> a -> a", ["}"]),
        code: "MFG1041",
      },
    ];
    for (const c of cases) writeFileSync(c.file, c.text);
    const measured = measure(cases.map((c) => c.file));
    cases.forEach((c, i) => {
      const m = measured[i]!;
      expect(m.codes, c.file).toEqual([c.code]);
      expect(m.cpuMs, c.file).toBeLessThan(1000);
      expect(m.peakKB, c.file).toBeLessThan(256 * MB);
    });
  });
});
