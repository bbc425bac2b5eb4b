/**
 * Generated code passes `prettier --check` (issue 13): Prettier itself (its own async API, with the
 * settings it resolves from the file's location, i.e. the pinned `generated/.prettierrc.json`) finds
 * every committed generated file formatted, and the pinned settings are the ones codegen uses.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, test } from "vitest";
import { listFiles } from "../../src/cli/write-files.js";
import { PRETTIER_OPTIONS, prettierConfigText } from "../../src/codegen/format-code.js";

const GENERATED = join(import.meta.dirname, "..", "..", "generated");

describe("generated code is Prettier-formatted", () => {
  test("the output folder pins the settings codegen formats with", () => {
    expect(readFileSync(join(GENERATED, ".prettierrc.json"), "utf8")).toBe(prettierConfigText());
    expect(JSON.parse(prettierConfigText())).toEqual(PRETTIER_OPTIONS);
  });

  test("the version in package.json is pinned exactly (formatting must not change with a minor release)", () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(pkg.dependencies["prettier"]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.dependencies["prettier"]).toBe(prettier.version);
  });

  for (const f of listFiles(GENERATED).filter((x) => /\.(ts|json)$/.test(x))) {
    test(`prettier --check ${f}`, async () => {
      const file = join(GENERATED, f);
      const options = await prettier.resolveConfig(file);
      expect(options).not.toBeNull();
      expect(await prettier.check(readFileSync(file, "utf8"), { ...options, filepath: file })).toBe(true);
    });
  }
});
