/**
 * `--workers N` on the command line: a count that is not a positive integer is a usage error (exit 2)
 * with a hint, before anything runs; a valid count trains data-parallel and is recorded in the run folder.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { mfgc } from "./run-cli.js";

const ROOT = join(import.meta.dirname, "..", "..");
mkdirSync(join(ROOT, ".tmp"), { recursive: true });
const RUNS = mkdtempSync(join(ROOT, ".tmp", "workers-"));
afterAll(() => rmSync(RUNS, { recursive: true, force: true }));

const SPEC = "specs/turbofan_rul.mfgnet";
const HINT = "--workers must be a positive integer (hint: `--workers 1` trains on one thread; `--workers 2` splits each batch over two)";

describe("--workers", () => {
  test.each(["0", "abc", "1.5", "-2"])("mfgc train --workers %s is a usage error (exit 2) with a hint; nothing is written", async (n) => {
    const out = join(RUNS, `bad-${n}`);
    const r = await mfgc("train", SPEC, "--workers", n, "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(HINT);
    expect(existsSync(out)).toBe(false);
  });

  test("generated train.ts --workers 0 exits 2 with the same hint", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "generated", "turbofan_rul", "train.ts"), "--workers", "0", "--out", join(RUNS, "gen")], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(HINT);
  });

  test("mfgc train --workers 2 trains on 2 threads and records it in run.json and run-info.json", { timeout: 180_000 }, async () => {
    const out = join(RUNS, "two");
    const r = await mfgc("train", SPEC, "--epochs", "1", "--limit", "32", "--workers", "2", "--out", out);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("workers: 2 (data-parallel: each batch is split across 2 threads)");
    expect((JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as { workers: number; overrides: { workers: number } }).workers).toBe(2);
    expect((JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as { overrides: { workers: number } }).overrides.workers).toBe(2);
    expect((JSON.parse(readFileSync(join(out, "run-info.json"), "utf8")) as { workers: number }).workers).toBe(2);
  });
});
