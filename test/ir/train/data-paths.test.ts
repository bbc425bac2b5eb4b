/**
 * `check` warns (MFG4800) about data paths that do not exist, at the path as written, relative to the
 * spec's folder, with a "did you mean" for a file of a close name. Uses a real temporary folder.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { compileFile } from "../../../src/pipeline.js";
import { mfgc } from "../../cli/run-cli.js";

const MODEL = "model M {\n  input x: f32[4]\n  x -> dense(1) as y\n  output y\n}\n\n";

function project(spec: string, name = "s.mfgnet"): string {
  const dir = mkdtempSync(join(tmpdir(), "mfgc-paths-"));
  mkdirSync(join(dir, "data"));
  writeFileSync(join(dir, "data", "train-images.gz"), "");
  writeFileSync(join(dir, "data", "train-labels.gz"), "");
  const path = join(dir, name);
  writeFileSync(path, spec);
  return path;
}

describe("data paths that do not exist", () => {
  test("a warning at the misspelt path, with the file that is there as the fix", () => {
    const spec = `${MODEL}train M {\n  data { train: idx(images: "data/train-imgs.gz", labels: "data/train-labels.gz") }\n  loss mse\n}\n`;
    const r = compileFile(project(spec));
    expect(r.diagnostics.map((d) => [d.code, d.severity, spec.slice(d.span.start, d.span.end), d.hints])).toEqual([
      ["MFG4800", "warning", '"data/train-imgs.gz"', ['did you mean `"data/train-images.gz"`?']],
    ]);
    // A warning: the spec still builds.
    expect(r.graph).toBeDefined();
  });

  test("YAML: the same warning; a folder that is not there is said so (data may be mounted later)", () => {
    const spec = `mfgnet: 1\nmodel:\n  name: M\n  inputs: { x: { shape: [4], dtype: f32 } }\n  layers: [dense: { units: 1, as: y }]\n  outputs: [y]\ntrain:\n  data: { train: { csv: { path: "mnt/rows.csv", features: [a], labels: b } } }\n  loss: mse\n`;
    const r = compileFile(project(spec, "s.mfgnet.yaml"));
    expect(r.diagnostics.map((d) => [d.code, spec.slice(d.span.start, d.span.end)])).toEqual([["MFG4800", '"mnt/rows.csv"']]);
    expect(r.diagnostics[0]!.hints[0]).toContain("does not exist either");
  });

  test("existing paths and positional forms are fine; `check` exits 0 with warnings", async () => {
    const spec = `${MODEL}train M {\n  data { train: idx("data/train-images.gz", "data/train-labels.gz"), test: idx("data/t.gz", "data/train-labels.gz") }\n  loss mse\n}\n`;
    const path = project(spec);
    expect(compileFile(path).diagnostics.map((d) => spec.slice(d.span.start, d.span.end))).toEqual(['"data/t.gz"']);
    const r = await mfgc("check", path);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("warning MFG4800");
  });
});
