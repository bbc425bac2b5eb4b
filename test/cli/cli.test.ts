import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { expandSpecPaths, nearbyPath, unreadableFolderDiagnostics, type ListFolder } from "../../src/cli/spec-files.js";
import { mfgc } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "mfgc-cli-"));
const bad = join(dir, "bad.mfgnet");
writeFileSync(bad, "model M {\n  input x: f32[8]\n  x -> dense(4) -> maxpol2d(2) as y\n  output y\n}\n");

describe("mfgc check", () => {
  test("exit 0 and a one-line confirmation on clean specs", async () => {
    // The example specs read Debian's Fashion-MNIST outside the project: allowed, so no warnings.
    const r = await mfgc("check", "specs", "--data-root", "/usr/share/datasets");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^checked \d+ specs: no errors\n$/);
  });

  test("with warnings, the confirmation counts them as the diagnostics' summary line does", async () => {
    const r = await mfgc("check", "specs");
    expect(r.code).toBe(0);
    // Without --data-root every data path under /usr/share/datasets is an MFG4933 warning.
    const warnings = r.stderr.match(/warning MFG4933/g)?.length ?? 0;
    expect(warnings).toBeGreaterThan(0);
    expect(r.stdout).toBe(`checked ${/checked (\d+)/.exec(r.stdout)?.[1]} specs: no errors, ${warnings} warnings\n`);
    expect(r.stderr).toContain(`0 errors, ${warnings} warnings`);
  });

  test("exit 1 with file:line:col, code frame and did-you-mean on errors", async () => {
    const r = await mfgc("check", bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:3:20 - error`);
    expect(r.stderr).toContain("maxpol2d");
    expect(r.stderr).toContain("did you mean `maxpool2d`?");
    expect(r.stderr).toContain("1 error, 0 warnings");
  });

  test("exit 2 on usage errors: unknown option, missing path, bad format", async () => {
    expect((await mfgc("check", "--bogus", "specs")).code).toBe(2);
    expect((await mfgc("check", join(dir, "nope.mfgnet"))).code).toBe(2);
    expect((await mfgc("check", "--format", "xml", "specs")).code).toBe(2);
    expect((await mfgc("frobnicate")).code).toBe(2);
  });

  test("--format json lists diagnostics with positions", async () => {
    const r = await mfgc("check", "--format", "json", bad);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { diagnostics: { code: string; line: number; column: number }[] };
    expect(json.diagnostics).toHaveLength(1);
    expect(json.diagnostics[0]).toMatchObject({ line: 3, column: 20 });
  });

  test("--format sarif is SARIF 2.1.0", async () => {
    const r = await mfgc("check", "--format", "sarif", bad);
    const sarif = JSON.parse(r.stdout) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]!.results).toHaveLength(1);
  });

  test("MFG9004: a directory without specs", async () => {
    const empty = mkdtempSync(join(tmpdir(), "mfgc-empty-"));
    const r = await mfgc("check", empty);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("MFG9004");
  });

  test("MFG9003: a spec over the size limit is refused before parsing", async () => {
    const huge = join(dir, "huge.mfgnet");
    writeFileSync(huge, `# ${"x".repeat(4 * 1024 * 1024)}\nmodel M {}\n`);
    const r = await mfgc("check", huge);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("MFG9003");
  });

  test("a file that is not a spec is a diagnostic, not a crash", async () => {
    const other = join(dir, "notes.txt");
    writeFileSync(other, "hello");
    const r = await mfgc("check", other);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("MFG9002");
  });
});

describe("mfgc build", () => {
  test("MFG5001: two specs that would write the same folder", async () => {
    const a = mkdtempSync(join(tmpdir(), "mfgc-clash-"));
    const spec = "model M {\n  input x: f32[2]\n  x -> dense(1) as y\n  output y\n}\n";
    writeFileSync(join(a, "line.mfgnet"), spec);
    writeFileSync(join(a, "line.mfgnet.yaml"), "mfgnet: 1\nmodel:\n  name: M\n  inputs: { x: { shape: [2], dtype: f32 } }\n  layers: [dense: { units: 1, as: y }]\n  outputs: [y]\n");
    const r = await mfgc("build", a, "-o", join(a, "out"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("MFG5001");
    expect(r.stderr).toContain("would both generate");
  });

  test("--check lists stale files and writes nothing", async () => {
    const out = mkdtempSync(join(tmpdir(), "mfgc-stale-"));
    const r = await mfgc("build", "--check", "specs/fashion_cnn.mfgnet", "-o", out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("missing: ");
    expect(r.stderr).toContain("fashion_cnn/model.ts");
    const written = await mfgc("build", "specs/fashion_cnn.mfgnet", "-o", out);
    expect(written.code).toBe(0);
    expect((await mfgc("build", "--check", "specs/fashion_cnn.mfgnet", "-o", out)).code).toBe(0);
    // A second build rewrites nothing.
    expect((await mfgc("build", "specs/fashion_cnn.mfgnet", "-o", out)).stdout).toMatch(/^wrote 0 of \d+ files/);
  });
});

describe("mfgc summary", () => {
  test("the tutorial CNN: Keras shapes and 93,322 parameters, in both forms", async () => {
    for (const spec of ["specs/fashion_cnn.mfgnet", "specs/fashion_cnn_yaml.mfgnet.yaml"]) {
      const r = await mfgc("summary", spec);
      expect(r.code).toBe(0);
      for (const shape of ["(None, 26, 26, 32)", "(None, 13, 13, 32)", "(None, 11, 11, 64)", "(None, 5, 5, 64)", "(None, 3, 3, 64)", "(None, 576)", "(None, 64)", "(None, 10)"]) {
        expect(r.stdout).toContain(shape);
      }
      expect(r.stdout).toContain("Total params: 93,322");
      expect(r.stdout).toContain("Trainable params: 93,322");
      expect(r.stdout).toContain("Non-trainable params: 0");
      expect(r.stdout).toMatch(/FLOPs per sample \(forward\): [\d,]+/);
      expect(r.stdout).toMatch(/Activation memory per sample: [\d.]+ KB/);
    }
  });

  test("--json gives the same numbers to machines", async () => {
    const r = await mfgc("summary", "--json", "specs/surface_defects_resnet.mfgnet");
    const s = JSON.parse(r.stdout) as { totalParams: number; trainableParams: number; nonTrainableParams: number; rows: { op: string }[] };
    expect(s.totalParams).toBe(s.trainableParams + s.nonTrainableParams);
    // Four batchnorms over 16 channels and … each keep 2×C moving statistics as non-trainable weights.
    expect(s.nonTrainableParams).toBeGreaterThan(0);
    expect(s.rows.filter((r) => r.op === "batchnorm").length).toBeGreaterThan(0);
  });

  test("errors stop the summary with exit 1", async () => {
    expect((await mfgc("summary", bad)).code).toBe(1);
  });
});

describe("mfgc fmt", () => {
  test("DSL → YAML → DSL keeps the meaning (same summary)", async () => {
    const yamlPath = join(dir, "fashion.mfgnet.yaml");
    const toYaml = await mfgc("fmt", "specs/fashion_cnn.mfgnet", "--to", "yaml", "-o", yamlPath);
    expect(toYaml.code).toBe(0);
    const a = JSON.parse((await mfgc("summary", "--json", "specs/fashion_cnn.mfgnet")).stdout) as { rows: unknown[]; totalParams: number };
    const b = JSON.parse((await mfgc("summary", "--json", yamlPath)).stdout) as { rows: unknown[]; totalParams: number };
    // Same layers, shapes, parameters and FLOPs; only the source lines differ between the forms.
    const strip = (rows: unknown[]) => rows.map((r) => ({ ...(r as Record<string, unknown>), line: undefined }));
    expect(strip(b.rows)).toEqual(strip(a.rows));
  });

  test("refuses to overwrite its input", async () => {
    expect((await mfgc("fmt", "specs/fashion_cnn.mfgnet", "-o", "specs/fashion_cnn.mfgnet")).code).toBe(2);
  });
});

describe("spec folders that cannot be listed", () => {
  // A folder the user may not read (or a kernel folder like /proc/1/task/*/fdinfo, which refuses even
  // root) once ended `mfgc check .` with an internal error and a stack trace. Root reads every mode-000
  // folder, so the refusal is simulated: the lister throws what readdir throws.
  const root = mkdtempSync(join(tmpdir(), "mfgc-unlistable-"));
  writeFileSync(join(root, "a.mfgnet"), "model A {\n  input x: f32[2]\n  x -> dense(1) as y\n  output y\n}\n");
  mkdirSync(join(root, "secret"));
  writeFileSync(join(root, "secret", "b.mfgnet"), "model B {}\n");
  const list: ListFolder = (dir) => {
    if (dir.endsWith("secret")) throw Object.assign(new Error(`EACCES: permission denied, scandir '${dir}'`), { code: "EACCES" });
    return readdirSync(dir, { withFileTypes: true });
  };

  test("are reported with the system's error code, and the readable specs are still found", () => {
    const expanded = expandSpecPaths([root], list);
    expect(expanded.files).toEqual([join(root, "a.mfgnet")]);
    expect(expanded.unreadable).toEqual([{ path: join(root, "secret"), code: "EACCES" }]);
  });

  test("are a warning (MFG9005) where skipping only narrows the check, an error for build", () => {
    const { unreadable } = expandSpecPaths([root], list);
    const [warning] = unreadableFolderDiagnostics(unreadable, "warning");
    expect(warning).toMatchObject({ code: "MFG9005", severity: "warning" });
    expect(warning!.message).toContain("EACCES");
    expect(warning!.hints.length).toBe(1);
    // build would otherwise take b.mfgnet for deleted and remove its generated code as an orphan.
    expect(unreadableFolderDiagnostics(unreadable, "error")[0]).toMatchObject({ code: "MFG9005", severity: "error" });
  });
});

describe("paths that do not exist", () => {
  test("every command that takes specs gives the same one-line usage error (exit 2), control characters escaped", async () => {
    // A name can hold a line break (any byte but `/` and NUL on Linux); the message stays one line.
    const missing = join(tmpdir(), "no-such\nspec.mfgnet");
    const shown = missing.replace("\n", "\\x0a");
    const commands = [
      ["check", missing],
      ["build", missing, "-o", join(tmpdir(), "mfgc-missing-out")],
      ["fmt", missing],
      ["train", missing, "--out", join(tmpdir(), "mfgc-missing-run")],
      ["summary", missing],
      ["graph", missing],
      ["export", missing, "--weights", tmpdir(), "-o", join(tmpdir(), "mfgc-missing-export")],
    ];
    for (const args of commands) {
      const r = await mfgc(...args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr, args[0]).toBe(`mfgc: no such file or directory: ${shown}\n`);
    }
  });
});

describe("mfgc train on a spec without a train section", () => {
  test("is refused with MFG9022 at the model, a hint, exit 1, and writes no run folder", async () => {
    const spec = join(dir, "model-only.mfgnet");
    writeFileSync(spec, "model OnlyModel {\n  input x: f32[4]\n  x -> dense(2) as y\n  output y\n}\n");
    const out = join(dir, "model-only-run");
    const r = await mfgc("train", spec, "--out", out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${spec}:1:1 - error MFG9022: \`OnlyModel\` has no \`train\` section: there is nothing to train`);
    expect(r.stderr).toContain("hint: add `train OnlyModel {");
    expect(readdirSync(dir)).not.toContain("model-only-run");
  });
});

describe("a missing spec path that is a typo of one beside it", () => {
  test("the usage error suggests it; --format sarif still writes a valid log with MFG9001 and the suggestion", async () => {
    const project = mkdtempSync(join(tmpdir(), "mfgc-typo-"));
    mkdirSync(join(project, "specs"));
    writeFileSync(join(project, "specs", "defect_classifier.mfgnet"), "model M {\n  input x: f32[4]\n  x -> dense(2) as y\n  output y\n}\n");
    const typo = join(project, "specs", "defect_clasifier.mfgnet");
    const text = await mfgc("check", typo);
    expect(text.code).toBe(2);
    expect(text.stderr).toBe(`mfgc: no such file or directory: ${typo} (did you mean ${join(project, "specs", "defect_classifier.mfgnet")}?)\n`);
    const sarif = await mfgc("check", typo, "--format", "sarif");
    expect(sarif.code).toBe(2);
    const log = JSON.parse(sarif.stdout) as { version: string; runs: { results: { ruleId: string; message: { text: string } }[] }[] };
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0]!.results.map((r) => r.ruleId)).toEqual(["MFG9001"]);
    expect(log.runs[0]!.results[0]!.message.text).toContain("did you mean");
    // Nothing close: no guess, and the machine-readable form says where paths are looked for.
    expect((await mfgc("summary", join(project, "specs", "pump_forecaster.mfgnet"))).stderr).not.toContain("did you mean");
    const far = JSON.parse((await mfgc("check", join(project, "specs", "pump_forecaster.mfgnet"), "--format", "json")).stdout) as { diagnostics: { code: string; hints: string[] }[] };
    expect(far.diagnostics).toMatchObject([{ code: "MFG9001", hints: ["check the path: it is relative to the folder you run mfgc in"] }]);
  });

  test("nearbyPath looks in the named folder only, and keeps the folder as the user spelt it", () => {
    const list: ListFolder = () => [{ name: "defect_classifier.mfgnet" }, { name: "README.md" }] as ReturnType<ListFolder>;
    expect(nearbyPath("specs/defect_clasifier.mfgnet", list)).toBe("specs/defect_classifier.mfgnet");
    expect(nearbyPath("defect_classifer.mfgnet", list)).toBe("defect_classifier.mfgnet");
    expect(nearbyPath("specs/pump.mfgnet", list)).toBeUndefined();
    expect(nearbyPath("specs/x.mfgnet", () => { throw new Error("EACCES"); })).toBeUndefined();
  });
});

describe("paths that hold no spec", () => {
  test("MFG9004 says what counts as a spec", async () => {
    const empty = mkdtempSync(join(tmpdir(), "mfgc-empty-"));
    const r = await mfgc("check", empty);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error MFG9004: no spec files found under");
    expect(r.stderr).toContain("hint: name spec files (.mfgnet, .mfgnet.yaml, .mfgnet.yml)");
  });
});
