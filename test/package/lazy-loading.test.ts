/**
 * Commands load what they need and nothing more: `mfgc check` (and `summary`, `--version`) never load
 * TensorFlow.js, ts-morph or the TypeScript compiler, and the YAML schema's precompiled validator is
 * read only for YAML specs. Every module the published CLI process resolves is recorded through a Node
 * resolve hook (module.register; ES modules), a wrapped Module._load (require calls) and a wrapped
 * fs.readFileSync (the CLI's code cache loader reads its bundles itself), and the list inspected.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(path.join(tmpdir(), "mfgc-loads-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const HOOKS = `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.MFGC_TEST_LOADS, r.url + "\\n");
  return r;
}
`;
const hooks = path.join(scratch, "hooks.mjs");
writeFileSync(hooks, HOOKS);
const register = path.join(scratch, "register.mjs");
writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
// require() does not pass through the resolve hook on Node 20: record its requests too, and the
// JavaScript files read directly (the code cache loader compiles them with vm.Script).
const requireHook = path.join(scratch, "require-hook.cjs");
writeFileSync(
  requireHook,
  `const Module = require("node:module");
const fs = require("node:fs");
const { appendFileSync } = fs;
const load = Module._load;
Module._load = function (request, ...rest) {
  appendFileSync(process.env.MFGC_TEST_LOADS, request + "\\n");
  return load.call(this, request, ...rest);
};
const readFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (typeof file === "string" && /\\.c?js$/.test(file)) appendFileSync(process.env.MFGC_TEST_LOADS, file + "\\n");
  return readFileSync.call(this, file, ...rest);
};
`,
);

/** The module URLs a `mfgc …` process resolved. */
function loadedBy(...args: string[]): string[] {
  const log = path.join(scratch, `loads-${args.join("-").replace(/[^\w-]/g, "_")}.txt`);
  writeFileSync(log, "");
  execFileSync(process.execPath, ["--require", requireHook, "--import", pathToFileURL(register).href, path.join(ROOT, "bin", "mfgc.js"), ...args], {
    cwd: ROOT,
    env: { ...process.env, MFGC_TEST_LOADS: log },
    stdio: "pipe",
  });
  return readFileSync(log, "utf8").split("\n").filter(Boolean);
}

const HEAVY = /@tensorflow|ts-morph|\/typescript\//;

describe("what a command loads", () => {
  test.each([
    ["check", "specs/fashion_cnn.mfgnet"],
    ["check", "specs/fashion_cnn_yaml.mfgnet.yaml"],
    ["summary", "specs/fashion_cnn.mfgnet"],
    ["--version"],
  ])("mfgc %s: no TensorFlow.js, ts-morph or TypeScript", (...args) => {
    const loaded = loadedBy(...args);
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((u) => HEAVY.test(u))).toEqual([]);
  });

  test("the precompiled YAML validator is read for a YAML spec only, and ajv's schema compiler never", () => {
    const validator = (u: string) => u.endsWith("yaml-validator.cjs");
    const ajvCompiler = (u: string) => /(^|\/)ajv(\/dist\/(ajv|core)(\.js)?)?$/.test(u);
    const dsl = loadedBy("check", "specs/fashion_cnn.mfgnet");
    expect(dsl.filter(validator)).toEqual([]);
    const yaml = loadedBy("check", "specs/fashion_cnn_yaml.mfgnet.yaml");
    expect(yaml.filter(validator)).toHaveLength(1);
    expect(yaml.filter(ajvCompiler)).toEqual([]);
  });

  test("the record is real: mfgc build does load ts-morph", () => {
    const out = path.join(scratch, "gen");
    expect(loadedBy("build", "specs/fashion_cnn.mfgnet", "-o", out).some((u) => u.includes("ts-morph"))).toBe(true);
  });
});
