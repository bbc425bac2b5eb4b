/**
 * Golden tests: the committed `generated/` is exactly what the example specs compile to today, it
 * type-checks under `tsc --strict`, and compiling is deterministic (same bytes twice, and from another
 * checkout location). Refresh the goldens with `npx mfgc build specs/` — nothing else writes them.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { listFiles } from "../../src/cli/write-files.js";
import { mfgc } from "../cli/run-cli.js";

const ROOT = join(import.meta.dirname, "..", "..");

function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of listFiles(dir)) out[f] = createHash("sha256").update(readFileSync(join(dir, f))).digest("hex");
  return out;
}

describe("generated/ goldens", () => {
  const scratch = mkdtempSync(join(tmpdir(), "mfgc-golden-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test("`mfgc build --check specs/` passes: generated/ is current, byte for byte", async () => {
    // The example specs read /usr/share/datasets, outside this project: the same `--data-root` that
    // `mfgc train` needs for them keeps the build quiet (without it, each path is an MFG4933 warning).
    const run = await mfgc("build", "--check", "specs", "-o", "generated", "--data-root", "/usr/share/datasets");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  test("every example spec has its folder, and no folder lacks a spec", () => {
    const specs = listFiles(join(ROOT, "specs")).map((f) => f.replace(/\.mfgnet(\.ya?ml)?$/, ""));
    const folders = new Set(listFiles(join(ROOT, "generated")).filter((f) => f.includes("/")).map((f) => f.split("/")[0]!));
    expect([...folders].sort()).toEqual([...specs].sort());
  });

  test("building twice gives identical bytes", async () => {
    const a = join(scratch, "a");
    const b = join(scratch, "b");
    expect((await mfgc("build", "specs", "-o", a)).code).toBe(0);
    expect((await mfgc("build", "specs", "-o", b)).code).toBe(0);
    expect(hashTree(a)).toEqual(hashTree(b));
  });

  test("a checkout elsewhere produces the same bytes as the committed goldens", () => {
    // Another machine = another absolute path and another working directory.
    const elsewhere = join(scratch, "checkout", "deep", "path");
    cpSync(join(ROOT, "specs"), join(elsewhere, "specs"), { recursive: true });
    cpSync(join(ROOT, "package.json"), join(elsewhere, "package.json"));
    cpSync(join(ROOT, "src"), join(elsewhere, "src"), { recursive: true });
    cpSync(join(ROOT, "bin"), join(elsewhere, "bin"), { recursive: true });
    // bin/mfgc.js runs the compiled CLI (test/global-setup.ts keeps dist/ current).
    cpSync(join(ROOT, "dist"), join(elsewhere, "dist"), { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(elsewhere, "node_modules"));
    execFileSync(process.execPath, ["bin/mfgc.js", "build", "specs", "-o", "out"], { cwd: elsewhere, stdio: "pipe" });
    const committed = hashTree(join(ROOT, "generated"));
    delete committed["tsconfig.json"];
    expect(hashTree(join(elsewhere, "out"))).toEqual(committed);
  });

  test("generated/ type-checks with tsc --strict --noEmit", () => {
    const tsc = join(ROOT, "node_modules", ".bin", "tsc");
    const result = (() => {
      try {
        execFileSync(tsc, ["-p", join(ROOT, "generated", "tsconfig.json")], { cwd: ROOT, stdio: "pipe" });
        return "";
      } catch (e) {
        return String((e as { stdout?: Buffer }).stdout ?? e);
      }
    })();
    expect(result).toBe("");
  });
});
