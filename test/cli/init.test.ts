/** `mfgc init`: what it writes, that it never overwrites, and that its two example specs agree. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { EXAMPLE_DSL, exampleYaml } from "../../src/cli/init/templates.js";
import { compileText } from "../../src/pipeline.js";
import { mfgc } from "./run-cli.js";

const scratch = mkdtempSync(path.join(tmpdir(), "mfgc-init-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function fresh(name: string): string {
  const dir = path.join(scratch, name);
  mkdirSync(dir);
  return dir;
}

const read = (dir: string, f: string) => readFileSync(path.join(dir, f), "utf8");

describe("mfgc init", () => {
  test("an empty folder gets the spec, package scripts, a tsconfig, .gitignore and a CI workflow", async () => {
    const dir = fresh("empty");
    const run = await mfgc("init", dir);
    expect(run.code).toBe(0);
    for (const f of ["specs/defect_classifier.mfgnet", "package.json", "tsconfig.json", ".gitignore", ".github/workflows/mfgc.yml"]) expect(existsSync(path.join(dir, f)), f).toBe(true);
    expect(JSON.parse(read(dir, "package.json"))).toEqual({
      name: "empty",
      private: true,
      scripts: { "mfgc:check": "mfgc check specs", "mfgc:build": "mfgc build specs", "mfgc:train": "mfgc train specs/defect_classifier.mfgnet" },
    });
    expect(read(dir, ".gitignore")).toContain("runs/\n");
    // The workflow writes mfgc.sarif into the checkout; a local run of the same step must not commit it.
    expect(read(dir, ".gitignore")).toContain("mfgc.sarif\n");
    const workflow = read(dir, ".github/workflows/mfgc.yml");
    expect(workflow).toContain("npx mfgc check specs --format sarif > mfgc.sarif");
    expect(workflow).toContain("npx mfgc build specs --check");
    expect(JSON.parse(read(dir, "tsconfig.json")).include).toEqual(["generated/**/*.ts"]);
    expect((await mfgc("check", path.join(dir, "specs"))).code).toBe(0);
  });

  test("a second run changes nothing and says so", async () => {
    const dir = fresh("twice");
    await mfgc("init", dir);
    const before = ["package.json", "tsconfig.json", ".gitignore"].map((f) => read(dir, f));
    const run = await mfgc("init", dir);
    expect(run.stdout).not.toMatch(/\b(created|updated)\b/);
    expect(["package.json", "tsconfig.json", ".gitignore"].map((f) => read(dir, f))).toEqual(before);
    expect(existsSync(path.join(dir, "tsconfig.mfgc.json"))).toBe(false);
  });

  test("an existing project keeps its files: scripts are added beside the user's, never replacing one", async () => {
    const dir = fresh("existing");
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "plant", scripts: { "mfgc:build": "my-own-build" }, type: "module" }, null, "\t") + "\n");
    writeFileSync(path.join(dir, "tsconfig.json"), '{ "compilerOptions": { "strict": false } }\n');
    writeFileSync(path.join(dir, ".gitignore"), "node_modules");
    mkdirSync(path.join(dir, "specs"));
    writeFileSync(path.join(dir, "specs", "defect_classifier.mfgnet"), "# mine\n");
    const run = await mfgc("init", dir);
    expect(run.code).toBe(0);
    const pkg = JSON.parse(read(dir, "package.json")) as { scripts: Record<string, string>; type: string };
    expect(pkg.scripts).toEqual({ "mfgc:build": "my-own-build", "mfgc:check": "mfgc check specs", "mfgc:train": "mfgc train specs/defect_classifier.mfgnet" });
    expect(pkg.type).toBe("module");
    expect(read(dir, "package.json")).toContain('\n\t"name"');
    expect(read(dir, "tsconfig.json")).toBe('{ "compilerOptions": { "strict": false } }\n');
    expect(existsSync(path.join(dir, "tsconfig.mfgc.json"))).toBe(true);
    expect(read(dir, ".gitignore")).toBe(
      "node_modules\n# mfgc training runs (checkpoints, metrics, models)\nruns/\n# diagnostics the CI workflow uploads (mfgc check --format sarif)\nmfgc.sarif\n",
    );
    expect(read(dir, "specs/defect_classifier.mfgnet")).toBe("# mine\n");
    expect(run.stdout).toContain("kept    specs/defect_classifier.mfgnet (exists, left as it is)");
  });

  test("mfgc installed from a tarball outside the project: init says how to keep it in the repository for CI", async () => {
    const cases = [
      { name: "tarball-outside", dep: "file:../tarballs/mfgc-0.1.0.tgz", note: true },
      { name: "tarball-vendored", dep: "file:vendor/mfgc-0.1.0.tgz", note: false },
      { name: "registry", dep: "^0.1.0", note: false },
    ];
    for (const c of cases) {
      const dir = fresh(c.name);
      writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: c.name, devDependencies: { mfgc: c.dep } }) + "\n");
      const run = await mfgc("init", dir);
      expect(run.code, c.name).toBe(0);
      if (!c.note) {
        expect(run.stdout, c.name).not.toContain("note:");
        continue;
      }
      expect(run.stdout).toContain("note: package.json installs mfgc from `file:../tarballs/mfgc-0.1.0.tgz`, outside the project");
      const tarball = path.join(scratch, "tarballs", "mfgc-0.1.0.tgz");
      expect(run.stdout).toContain(`mkdir -p vendor && cp ${tarball} vendor/ && npm install -D ./vendor/mfgc-0.1.0.tgz`);
    }
  });

  test("--yaml writes the YAML form; a path that is a file is refused", async () => {
    const dir = fresh("yaml");
    expect((await mfgc("init", dir, "--yaml")).code).toBe(0);
    expect(read(dir, "specs/defect_classifier.mfgnet.yaml")).toMatch(/^# yaml-language-server: \$schema=\.\.\/node_modules\/mfgc\/schema\/mfgnet\.schema\.json\n/);
    expect(JSON.parse(read(dir, "package.json")).scripts["mfgc:train"]).toBe("mfgc train specs/defect_classifier.mfgnet.yaml");
    const file = path.join(scratch, "a-file");
    writeFileSync(file, "");
    const refused = await mfgc("init", file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("is not a directory");
  });
});

test("the DSL and YAML examples are the same model and training run", () => {
  const dsl = compileText(EXAMPLE_DSL, "defect_classifier.mfgnet", "dsl");
  const yaml = compileText(exampleYaml("schema.json"), "defect_classifier.mfgnet.yaml", "yaml");
  expect(dsl.diagnostics).toEqual([]);
  expect(yaml.diagnostics).toEqual([]);
  const shape = (g: typeof dsl.graph) => g!.nodes.map((n) => ({ op: n.op, attrs: n.attrs, shape: n.shape, inputs: n.inputs }));
  expect(shape(yaml.graph)).toEqual(shape(dsl.graph));
  expect(yaml.train).toEqual(dsl.train);
});

test("the example learns: after 6 of its 15 epochs, validation accuracy is well above chance", async () => {
  // A user's first run. Four balanced classes: a model that learns nothing stays at 0.25 (the example
  // once rescaled the generator's [0, 1] pixels by 1/255 and ended 10 epochs at exactly that).
  const dir = fresh("learns");
  writeFileSync(path.join(dir, "package.json"), "{}");
  writeFileSync(path.join(dir, "defect_classifier.mfgnet"), EXAMPLE_DSL);
  const run = await mfgc("train", path.join(dir, "defect_classifier.mfgnet"), "--epochs", "6", "--out", path.join(dir, "run"));
  expect(run.code, run.stderr).toBe(0);
  const epochs = read(dir, "run/metrics.jsonl").trim().split("\n").map((l) => JSON.parse(l) as { logs: { val_accuracy: number } });
  expect(epochs).toHaveLength(6);
  expect(epochs.at(-1)!.logs.val_accuracy).toBeGreaterThan(0.6);
}, 300_000);
