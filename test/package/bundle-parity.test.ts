/**
 * The published CLI (dist/, bundled) answers exactly as the sources do. The bundle differs from the
 * sources in two deliberate ways — the YAML schema validator is ajv's precompiled standalone code, and
 * chevrotain skips its grammar validations — so every spec of the bad-spec corpus and the examples is
 * checked both ways and the JSON diagnostics compared.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "vitest";
import { expandSpecPaths } from "../../src/cli/spec-files.js";
import { mfgc } from "../cli/run-cli.js";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

test("dist/ and the sources give the same diagnostics for every corpus and example spec", async () => {
  const files = expandSpecPaths(["test/errors/cases", "specs"].map((p) => path.join(ROOT, p))).files.map((f) => path.relative(ROOT, f));
  expect(files.length).toBeGreaterThan(100);
  const args = ["check", "--format", "json", ...files];
  let published: string;
  try {
    published = execFileSync(process.execPath, [path.join(ROOT, "bin", "mfgc.js"), ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    // Exit 1: the corpus has errors, which is the point.
    published = (e as { stdout: string }).stdout;
  }
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const sources = await mfgc(...args);
    expect(sources.code).toBe(1);
    expect(JSON.parse(published)).toEqual(JSON.parse(sources.stdout));
  } finally {
    process.chdir(cwd);
  }
});
