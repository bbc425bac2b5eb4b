/**
 * Backend requests on the command line are honoured or refused, never silently swapped: an unknown name
 * (in `--backend` or `MFGC_BACKEND`) is a usage error (exit 2) before anything runs; a known backend that
 * cannot start here is MFG9020 with the reason and the fix (exit 1) before any training step. Here
 * tfjs-node is not installed (it downloads libtensorflow at install time), so `tensorflow` cannot start.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { mfgc } from "./run-cli.js";

const ROOT = join(import.meta.dirname, "..", "..");
mkdirSync(join(ROOT, ".tmp"), { recursive: true });
const RUNS = mkdtempSync(join(ROOT, ".tmp", "backend-requests-"));
afterAll(() => rmSync(RUNS, { recursive: true, force: true }));

const SPEC = "specs/turbofan_rul.mfgnet";
const saved = process.env["MFGC_BACKEND"];
afterEach(() => {
  if (saved === undefined) delete process.env["MFGC_BACKEND"];
  else process.env["MFGC_BACKEND"] = saved;
});

describe("mfgc train --backend / MFGC_BACKEND", () => {
  test("an unknown --backend is a usage error (exit 2), listing the known names", async () => {
    const r = await mfgc("train", SPEC, "--backend", "nonsense", "--out", join(RUNS, "a"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown backend `nonsense` in --backend (known: auto, gpu, tensorflow-gpu, webgpu, tensorflow, wasm, cpu)");
    expect(existsSync(join(RUNS, "a"))).toBe(false);
  });

  test("an unknown MFGC_BACKEND is a usage error too (exit 2)", async () => {
    process.env["MFGC_BACKEND"] = "cuda";
    const r = await mfgc("train", SPEC, "--out", join(RUNS, "b"));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("mfgc: unknown backend `cuda` in MFGC_BACKEND (known: auto, gpu, tensorflow-gpu, webgpu, tensorflow, wasm, cpu)\n");
  });

  test("--backend tensorflow without tfjs-node: MFG9020 naming the package and the fix, exit 1, nothing trained", async () => {
    const out = join(RUNS, "c");
    const r = await mfgc("train", SPEC, "--backend", "tensorflow", "--epochs", "1", "--limit", "16", "--out", out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--backend tensorflow - error MFG9020: backend `tensorflow` was requested, but @tensorflow/tfjs-node not installed");
    expect(r.stderr).toContain("hint: install it where libtensorflow can be downloaded: `npm install @tensorflow/tfjs-node@4.22.0`");
    expect(existsSync(join(out, "metrics.jsonl"))).toBe(false);
  });

  test("MFGC_BACKEND=tensorflow is refused the same way, naming the variable", async () => {
    process.env["MFGC_BACKEND"] = "tensorflow";
    const r = await mfgc("train", SPEC, "--epochs", "1", "--limit", "16", "--out", join(RUNS, "d"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("MFGC_BACKEND=tensorflow - error MFG9020: backend `tensorflow` was requested by MFGC_BACKEND");
  });

  test("mfgc export --backend takes the same names", async () => {
    const r = await mfgc("export", SPEC, "--weights", join(RUNS, "none"), "-o", join(RUNS, "e"), "--backend", "gpus");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown backend `gpus` in --backend");
  });

  test("mfgc export refuses a backend that cannot start here (MFG9020, exit 1) instead of crashing", async () => {
    const r = await mfgc("export", SPEC, "--weights", join(RUNS, "none"), "-o", join(RUNS, "e2"), "--backend", "tensorflow");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--backend tensorflow - error MFG9020: backend `tensorflow` was requested, but @tensorflow/tfjs-node not installed");
    expect(existsSync(join(RUNS, "e2"))).toBe(false);
  });

  test("mfgc explain --backend takes the same names, and refuses the same way", async () => {
    const unknown = await mfgc("explain", join(RUNS, "none"), "--input", "x.png", "--backend", "gpus");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown backend `gpus` in --backend");
    process.env["MFGC_BACKEND"] = "cuda";
    const env = await mfgc("explain", join(RUNS, "none"), "--input", "x.png");
    expect(env.code).toBe(2);
    expect(env.stderr).toBe("mfgc: unknown backend `cuda` in MFGC_BACKEND (known: auto, gpu, tensorflow-gpu, webgpu, tensorflow, wasm, cpu)\n");
    delete process.env["MFGC_BACKEND"];
    const refused = await mfgc("explain", join(RUNS, "none"), "--input", "x.png", "--backend", "tensorflow");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--backend tensorflow - error MFG9020");
  });
});

describe("generated train.ts on its own", () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "generated", "turbofan_rul", "train.ts"), ...args], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, ...env },
      timeout: 120_000,
    });

  test("--backend nonsense exits 2; MFGC_BACKEND=tensorflow exits 1 with MFG9020", () => {
    const bad = run(["--backend", "nonsense", "--out", join(RUNS, "f")]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("unknown backend `nonsense` in --backend");
    const refused = run(["--epochs", "1", "--limit", "16", "--out", join(RUNS, "g")], { MFGC_BACKEND: "tensorflow" });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("MFGC_BACKEND=tensorflow - error MFG9020");
  });
});
