/**
 * The optimization report of every example spec, as `mfgc build --print-passes` prints it, against the
 * committed golden `test/goldens/pass-reports.txt`. Refresh deliberately with
 * `UPDATE_GOLDENS=1 npx vitest run test/codegen/pass-report.test.ts`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { mfgc } from "../cli/run-cli.js";

const GOLDEN = join(import.meta.dirname, "..", "goldens", "pass-reports.txt");

test("pass reports of the example specs match the golden", async () => {
  const run = await mfgc("build", "--check", "--print-passes", "specs", "-o", "generated");
  expect(run.code).toBe(0);
  const report = run.stdout.split("\n").filter((l) => !l.startsWith("generated/ is up to date")).join("\n");
  if (process.env.UPDATE_GOLDENS === "1") writeFileSync(GOLDEN, report);
  expect(report).toBe(readFileSync(GOLDEN, "utf8"));
  // The report names the pass, what it did, and the spec line.
  // specs/turbofan_rul.mfgnet line 16 is the `-> activation(relu)` after `dense(16)`.
  expect(report).toContain("fold-activation: fused activation relu into dense `dense_1` (line 16)");
});
