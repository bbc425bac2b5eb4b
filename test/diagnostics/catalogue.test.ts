import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { CATALOGUE } from "../../src/diagnostics/catalogue.js";
import { DSL_CODES } from "../../src/diagnostics/codes/dsl.js";
import { YAML_CODES } from "../../src/diagnostics/codes/yaml.js";
import { SCHEMA_CODES } from "../../src/diagnostics/codes/schema.js";
import { SEMANTIC_CODES } from "../../src/diagnostics/codes/semantic.js";
import { OPS_CODES } from "../../src/diagnostics/codes/ops.js";
import { DATA_CODES } from "../../src/diagnostics/codes/data.js";
import { CODEGEN_CODES } from "../../src/diagnostics/codes/codegen.js";
import { CLI_CODES } from "../../src/diagnostics/codes/cli.js";

const TEST_DIR = join(import.meta.dirname, "..");

function allTestText(dir: string): string {
  let text = "";
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) text += allTestText(p);
    else text += readFileSync(p, "utf8");
  }
  return text;
}

describe("diagnostic catalogue", () => {
  const parts = [DSL_CODES, YAML_CODES, SCHEMA_CODES, SEMANTIC_CODES, OPS_CODES, DATA_CODES, CODEGEN_CODES, CLI_CODES];

  test("codes are unique across phase files", () => {
    const all = parts.flatMap((p) => Object.keys(p));
    expect(new Set(all).size).toBe(all.length);
    expect(Object.keys(CATALOGUE).length).toBe(all.length);
  });

  test("codes are MFG + 4 digits, with a title and severity", () => {
    for (const [code, info] of Object.entries(CATALOGUE)) {
      expect(code).toMatch(/^MFG\d{4}$/);
      expect(info.title.length).toBeGreaterThan(5);
      expect(["error", "warning", "info"]).toContain(info.severity);
    }
  });

  test("every code is exercised by at least one test or fixture", () => {
    // Excluding this file itself, which names no codes literally.
    const text = allTestText(TEST_DIR);
    const missing = Object.keys(CATALOGUE).filter((code) => !text.includes(code));
    expect(missing).toEqual([]);
  });
});
