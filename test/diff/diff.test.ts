/**
 * `mfgc diff` on pairs of example specs, as goldens (refresh: `UPDATE_GOLDENS=1 npx vitest run
 * test/diff`), plus checks whose values are worked out by hand from Keras's parameter formulas:
 * Conv2D (kh·kw·cin + 1)·filters, LSTM 4·(units·(in + units) + units), GRU (reset_after) 3·(units·(in +
 * units) + 2·units); and the weight shapes Keras gives those layers (kernel [kh, kw, cin, filters],
 * LSTM kernel [in, 4·units]).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { mfgc } from "../cli/run-cli.js";

const GOLDENS = join(import.meta.dirname, "..", "goldens", "diff");
const PAIRS: readonly [string, string, string, "text" | "markdown"][] = [
  ["fashion-forms", "specs/fashion_cnn.mfgnet", "specs/fashion_cnn_yaml.mfgnet.yaml", "text"],
  ["fashion-wider", "specs/fashion_cnn.mfgnet", "test/diff/fixtures/fashion_cnn_wider.mfgnet", "text"],
  ["fashion-wider", "specs/fashion_cnn.mfgnet", "test/diff/fixtures/fashion_cnn_wider.mfgnet", "markdown"],
  ["turbofan-v2", "specs/turbofan_rul.mfgnet", "test/diff/fixtures/turbofan_rul_v2.mfgnet", "markdown"],
  ["resnet-same", "specs/surface_defects_resnet.mfgnet", "specs/surface_defects_resnet.mfgnet", "text"],
];

describe("mfgc diff goldens", () => {
  for (const [name, a, b, format] of PAIRS) {
    test(`${name} (${format})`, async () => {
      const r = await mfgc("diff", a, b, "--format", format);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const golden = join(GOLDENS, `${name}.${format === "markdown" ? "md" : "txt"}`);
      if (process.env.UPDATE_GOLDENS === "1") writeFileSync(golden, r.stdout);
      expect(r.stdout).toBe(readFileSync(golden, "utf8"));
    });
  }
});

describe("mfgc diff: values from Keras's formulas", () => {
  test("a wider convolution: its parameters and the weight shapes that stop old weights from loading", async () => {
    const r = await mfgc("diff", "specs/fashion_cnn.mfgnet", "test/diff/fixtures/fashion_cnn_wider.mfgnet");
    // conv2d_1: (3·3·1 + 1)·32 = 320 → (3·3·1 + 1)·64 = 640; conv2d_2 reads 64 channels instead of 32:
    // (3·3·32 + 1)·64 = 18,496 → (3·3·64 + 1)·64 = 36,928.
    expect(r.stdout).toMatch(/~ conv2d_1 .*filters: 32 → 64 .*320 → 640 params/);
    expect(r.stdout).toMatch(/~ conv2d_2 .*18,496 → 36,928 params/);
    expect(r.stdout).toContain("`conv2d_1/kernel` changes shape [3,3,1,32] → [3,3,1,64]");
    expect(r.stdout).toContain("`conv2d_2/kernel` changes shape [3,3,32,64] → [3,3,64,64]");
    // Dropout has no weights: adding it breaks nothing by itself.
    expect(r.stdout).not.toContain("dropout_1/");
    expect((await mfgc("diff", "specs/fashion_cnn.mfgnet", "test/diff/fixtures/fashion_cnn_wider.mfgnet", "--fail-on-breaking")).code).toBe(1);
  });

  test("a larger LSTM: 4·(64·(14 + 64) + 64) = 20,224 → 4·(128·(14 + 128) + 128) = 73,216", async () => {
    const r = await mfgc("diff", "specs/turbofan_rul.mfgnet", "test/diff/fixtures/turbofan_rul_v2.mfgnet");
    expect(r.stdout).toMatch(/lstm_1 .*20,224 → 73,216 params/);
    // The GRU after it reads 128 features: 3·(32·(64 + 32) + 2·32) = 9,408 → 3·(32·(128 + 32) + 2·32) = 15,552.
    expect(r.stdout).toMatch(/seq .*9,408 → 15,552 params/);
    expect(r.stdout).toContain("`lstm_1/kernel` changes shape [14,256] → [14,512]");
  });

  test("the same spec: no changes, checkpoints resume", async () => {
    const r = await mfgc("diff", "specs/surface_defects_resnet.mfgnet", "specs/surface_defects_resnet.mfgnet");
    expect(r.stdout).toContain("layers: 0 added, 0 removed, 0 changed");
    expect(r.stdout).toContain("train --resume: unchanged spec: checkpoints resume");
  });

  test("--rev compares with the committed version", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mfgc-diff-"));
    const spec = join(dir, "cnn.mfgnet");
    copyFileSync("specs/fashion_cnn.mfgnet", spec);
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.invalid", "-c", "user.name=t", ...args], { cwd: dir, stdio: "pipe" });
    git("init", "-q");
    git("add", "cnn.mfgnet");
    git("commit", "-qm", "first");
    writeFileSync(spec, readFileSync("test/diff/fixtures/fashion_cnn_wider.mfgnet", "utf8"));
    const r = await mfgc("diff", spec, "--rev", "HEAD", "--no-weights");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`mfgc diff: ${spec} (HEAD) → ${spec}`);
    expect(r.stdout).toContain("~ optimizer.learningRate: 0.001 → 0.0005");
    const missing = await mfgc("diff", spec, "--rev", "no-such-rev", "--no-weights");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("MFG9060");
  });

  test("usage: two specs, or one with --rev", async () => {
    expect((await mfgc("diff", "specs/fashion_cnn.mfgnet")).code).toBe(2);
  });
});
