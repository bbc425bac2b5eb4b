/**
 * Issue 14, items 2 and 14, and issue 13, item 5: what `mfgc build` may delete, and what it leaves.
 *
 * - It removes what it generated earlier that no spec produces any more: files of a spec's folder it no
 *   longer writes, and the folder of a spec deleted from the paths it was given.
 * - It never deletes a file it did not write for that spec: `mfgc build spec.mfgnet -o .` next to a
 *   `src/` holding mfgc's marker text used to delete those files. Foreign files are reported (MFG5004).
 * - It never writes through a symbolic link in the output folder (MFG5002), never overwrites a foreign
 *   file (MFG5003), and `-o` naming a file is a usage error (exit 2).
 * - A temp file left by a build killed between open and write no longer makes `--check` fail forever.
 * - The output root's `.prettierrc.json` (issue 13) is mfgc's when it holds mfgc's settings; a project's
 *   own settings file there is never overwritten.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { listFiles } from "../../src/cli/write-files.js";
import { mfgc } from "../cli/run-cli.js";
import { scratch } from "./helpers.js";

const SPEC = "model A {\n  input x: f32[2]\n  x -> dense(1) as y\n  output y\n}\n";
const GRU_SPEC = "model A {\n  input x: f32[3, 2]\n  x -> gru(2) as y\n  output y\n}\n";
const MARKER = "// DO NOT EDIT: change the spec and run `mfgc build`; CI runs `mfgc build --check`.\n";

let dir = "";
let cwd = "";
beforeEach(() => {
  dir = scratch("mfgc-build-");
  cwd = process.cwd();
  process.chdir(dir);
  mkdirSync("specs");
});
afterEach(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

/** Every file under `root`, `/`-separated and sorted (links listed, not followed). */
const tree = (root: string): string[] => listFiles(root);

describe("build removes what it generated and nothing else", () => {
  test("a spec deleted from the folder it was built from: its output folder goes", async () => {
    writeFileSync("specs/a.mfgnet", SPEC);
    writeFileSync("specs/b.mfgnet", SPEC);
    expect((await mfgc("build", "specs", "-o", "gen")).code).toBe(0);
    rmSync("specs/b.mfgnet");
    const check = await mfgc("build", "--check", "specs", "-o", "gen");
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("not generated any more: gen/b/model.ts");
    const build = await mfgc("build", "specs", "-o", "gen");
    expect(build.code).toBe(0);
    expect(tree("gen")).toEqual([".prettierrc.json", "a/index.ts", "a/model.ts"]);
    expect((await mfgc("build", "--check", "specs", "-o", "gen")).code).toBe(0);
  });

  test("a file a spec no longer needs (a custom layer) is removed from its folder", async () => {
    writeFileSync("specs/a.mfgnet", GRU_SPEC);
    expect((await mfgc("build", "specs", "-o", "gen")).code).toBe(0);
    expect(tree("gen")).toContain("a/layers/gru.ts");
    writeFileSync("specs/a.mfgnet", SPEC);
    expect((await mfgc("build", "specs", "-o", "gen")).code).toBe(0);
    expect(tree("gen")).toEqual([".prettierrc.json", "a/index.ts", "a/model.ts"]);
  });

  test("building one spec leaves the folders of other specs alone", async () => {
    writeFileSync("specs/a.mfgnet", SPEC);
    writeFileSync("specs/b.mfgnet", SPEC);
    expect((await mfgc("build", "specs", "-o", "gen")).code).toBe(0);
    expect((await mfgc("build", "specs/a.mfgnet", "-o", "gen")).code).toBe(0);
    expect(tree("gen")).toEqual([".prettierrc.json", "a/index.ts", "a/model.ts", "b/index.ts", "b/model.ts"]);
  });

  test("a foreign file in a generated folder is reported (MFG5004) and kept; --check does not fail for it", async () => {
    writeFileSync("specs/a.mfgnet", SPEC);
    expect((await mfgc("build", "specs", "-o", "gen")).code).toBe(0);
    // Holds mfgc's marker text, but not a banner at its start naming this spec.
    writeFileSync("gen/a/notes.ts", `// my notes\n${MARKER}`);
    const check = await mfgc("build", "--check", "specs", "-o", "gen");
    expect(check.code).toBe(0);
    expect(check.stderr).toContain("gen/a/notes.ts - warning MFG5004");
    const build = await mfgc("build", "specs", "-o", "gen");
    expect(build.code).toBe(0);
    expect(build.stderr).toContain("MFG5004");
    expect(readFileSync("gen/a/notes.ts", "utf8")).toBe(`// my notes\n${MARKER}`);
  });

  test("`-o .` next to src/: files holding the marker text are not deleted; one in the way is not overwritten (MFG5003)", async () => {
    mkdirSync("src");
    writeFileSync("src/util.ts", MARKER);
    writeFileSync("src/model.ts", "export const mine = 1;\n");
    writeFileSync("src.mfgnet", SPEC);
    const r = await mfgc("build", "src.mfgnet", "-o", ".");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("MFG5003");
    expect(readFileSync("src/model.ts", "utf8")).toBe("export const mine = 1;\n");
    expect(readFileSync("src/util.ts", "utf8")).toBe(MARKER);
    rmSync("src/model.ts");
    expect((await mfgc("build", "src.mfgnet", "-o", ".")).code).toBe(0);
    expect(readFileSync("src/util.ts", "utf8")).toBe(MARKER);
  });

  test("a symlinked folder in the output is refused (MFG5002); nothing is written through it", async () => {
    writeFileSync("specs/a.mfgnet", SPEC);
    mkdirSync("gen");
    mkdirSync("elsewhere");
    symlinkSync(join(dir, "elsewhere"), "gen/a");
    const r = await mfgc("build", "specs", "-o", "gen");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("MFG5002");
    expect(tree("elsewhere")).toEqual([]);
  });

  test("-o naming a file, or a path under one, is a usage error (exit 2)", async () => {
    writeFileSync("specs/a.mfgnet", SPEC);
    writeFileSync("out.txt", "x");
    for (const out of ["out.txt", "out.txt/sub"]) {
      const r = await mfgc("build", "specs", "-o", out);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("is a file");
    }
    expect(readFileSync("out.txt", "utf8")).toBe("x");
  });

  test("an empty temp file left by a killed build: --check passes (noting it), build removes it", async () => {
    writeFileSync("specs/a.mfgnet", SPEC);
    expect((await mfgc("build", "specs", "-o", "gen")).code).toBe(0);
    // pid 2^22 + 1 is above Linux's pid_max ceiling (2^22): no such process can exist.
    writeFileSync("gen/a/.mfgc-4194305-0a1b2c.tmp", "");
    const check = await mfgc("build", "--check", "specs", "-o", "gen");
    expect(check.code).toBe(0);
    expect(check.stderr).toContain("MFG5005");
    expect((await mfgc("build", "specs", "-o", "gen")).code).toBe(0);
    expect(tree("gen")).toEqual([".prettierrc.json", "a/index.ts", "a/model.ts"]);
  });

  test("a temp file of a killed build at the output root (beside .prettierrc.json) is removed too", async () => {
    writeFileSync("specs/a.mfgnet", SPEC);
    expect((await mfgc("build", "specs", "-o", "gen")).code).toBe(0);
    writeFileSync("gen/.mfgc-4194305-0a1b2c.tmp", "");
    // Not mfgc's temp name: someone else's file at the root, left alone.
    writeFileSync("gen/.4194305.1.tmp", "x");
    const check = await mfgc("build", "--check", "specs", "-o", "gen");
    expect(check.code).toBe(0);
    expect(check.stderr).toContain("gen/.mfgc-4194305-0a1b2c.tmp - info MFG5005");
    expect((await mfgc("build", "specs", "-o", "gen")).code).toBe(0);
    expect(tree("gen")).toEqual([".4194305.1.tmp", ".prettierrc.json", "a/index.ts", "a/model.ts"]);
  });
});

describe("the output root's .prettierrc.json (the formatter settings of generated code)", () => {
  const settings = () => JSON.parse(readFileSync("gen/.prettierrc.json", "utf8")) as Record<string, unknown>;

  test("is mfgc's: written by build, checked by --check, and an earlier mfgc's settings are replaced", async () => {
    writeFileSync("specs/a.mfgnet", SPEC);
    expect((await mfgc("build", "specs", "-o", "gen")).code).toBe(0);
    const current = readFileSync("gen/.prettierrc.json", "utf8");
    // The same option names with other values, laid out as mfgc lays them out: an earlier mfgc's file.
    writeFileSync("gen/.prettierrc.json", `${JSON.stringify({ ...settings(), printWidth: 100 }, null, 2)}\n`);
    const check = await mfgc("build", "--check", "specs", "-o", "gen");
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("changed: gen/.prettierrc.json");
    const build = await mfgc("build", "specs", "-o", "gen");
    expect(build.stderr).toBe("");
    expect(build.code).toBe(0);
    expect(readFileSync("gen/.prettierrc.json", "utf8")).toBe(current);
  });

  test("a project's own .prettierrc.json where it must go is refused (MFG5003) and left as it is", async () => {
    writeFileSync("specs/a.mfgnet", SPEC);
    mkdirSync("gen");
    const mine = '{ "semi": false }\n';
    writeFileSync("gen/.prettierrc.json", mine);
    for (const args of [["build", "specs", "-o", "gen"], ["build", "--check", "specs", "-o", "gen"]]) {
      const r = await mfgc(...args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("gen/.prettierrc.json - error MFG5003");
    }
    expect(readFileSync("gen/.prettierrc.json", "utf8")).toBe(mine);
    expect(tree("gen")).toEqual([".prettierrc.json"]);
  });
});
