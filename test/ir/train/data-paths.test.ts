/**
 * `check` warns (MFG4800) about data paths that do not exist, at the path as written, relative to the
 * spec's folder, with a "did you mean" for a file of a close name. Uses a real temporary folder.
 */
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
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
    const spec = `mfgnet: 1\nmodel:\n  name: M\n  inputs: { x: { shape: [4], dtype: f32 } }\n  layers: [dense: { units: 1, as: y }]\n  outputs: [y]\ntrain:\n  data: { train: { csv: { path: "mnt/rows.csv", features: [a, c, d, e], labels: b } } }\n  loss: mse\n`;
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

/**
 * `check` warns (MFG4933) about data and transfer paths that lead — links followed — outside the spec's
 * project, which `mfgc train` refuses at run time (MFG4905, MFG4930) unless `--data-root` allows them;
 * `check --data-root` with the same folder is silent, as `train --data-root` then reads them.
 */
describe("data and transfer paths outside the project", () => {
  /** A project (package.json) with the spec in `specs/`, and a folder outside it holding `rows.csv`. */
  function layout(spec: (outside: string) => string, name = "s.mfgnet"): { path: string; outside: string; text: string } {
    const root = mkdtempSync(join(tmpdir(), "mfgc-project-"));
    writeFileSync(join(root, "package.json"), "{}");
    mkdirSync(join(root, "specs"));
    mkdirSync(join(root, "data"));
    writeFileSync(join(root, "data", "rows.csv"), "a,b\n1,2\n");
    const outside = mkdtempSync(join(tmpdir(), "mfgc-outside-"));
    writeFileSync(join(outside, "rows.csv"), "a,b\n1,2\n");
    const text = spec(outside);
    const path = join(root, "specs", name);
    writeFileSync(path, text);
    return { path, outside, text };
  }
  const csvSpec = (p: string) => `${MODEL}train M {\n  data { train: csv("${p}", features: [a, c, d, e], labels: b) }\n  loss mse\n}\n`;

  test("an absolute path outside: a warning at the path naming `--data-root <its folder>`; with that root, none", () => {
    const { path, outside, text } = layout((o) => csvSpec(`${o}/rows.csv`));
    const r = compileFile(path);
    expect(r.diagnostics.map((d) => [d.code, d.severity, text.slice(d.span.start, d.span.end)])).toEqual([["MFG4933", "warning", `"${outside}/rows.csv"`]]);
    expect(r.diagnostics[0]!.message).toContain("outside the spec's project");
    expect(r.diagnostics[0]!.hints[0]).toContain(`--data-root ${outside}`);
    expect(r.graph).toBeDefined();
    expect(compileFile(path, { dataRoots: [outside] }).diagnostics).toEqual([]);
  });

  test("a path inside the project is fine; `../..` out of it and a link out of it are not", () => {
    expect(compileFile(layout(() => csvSpec("../data/rows.csv")).path).diagnostics).toEqual([]);
    const up = layout((o) => csvSpec(`../../${o.split("/").pop()}/rows.csv`));
    expect(compileFile(up.path).diagnostics.map((d) => d.code)).toEqual(["MFG4933"]);
    // data/link.csv → the file outside: the warning says where it leads.
    const linked = layout(() => csvSpec("../data/link.csv"));
    symlinkSync(join(linked.outside, "rows.csv"), join(dirname(linked.path), "..", "data", "link.csv"));
    const d = compileFile(linked.path).diagnostics;
    expect(d.map((x) => x.code)).toEqual(["MFG4933"]);
    expect(d[0]!.message).toContain(`it leads to \`${join(linked.outside, "rows.csv")}\``);
  });

  test("a transfer source outside: MFG4933 at `from`, naming MFG4930; YAML the same", () => {
    const dsl = layout((o) => `${MODEL}train M {\n  data { train: csv("../data/rows.csv", features: [a, c, d, e], labels: b) }\n  loss mse\n  transfer { from: export("${o}") }\n}\n`);
    const r = compileFile(dsl.path);
    expect(r.diagnostics.map((d) => [d.code, d.message.includes("transfer source") && d.message.includes("MFG4930")])).toEqual([["MFG4933", true]]);
    expect(dsl.text.slice(r.diagnostics[0]!.span.start, r.diagnostics[0]!.span.end)).toContain(dsl.outside);
    expect(compileFile(dsl.path, { dataRoots: [dsl.outside] }).diagnostics).toEqual([]);
    const yaml = layout(
      (o) =>
        `mfgnet: 1\nmodel:\n  name: M\n  inputs: { x: { shape: [4], dtype: f32 } }\n  layers: [dense: { units: 1, as: y }]\n  outputs: [y]\ntrain:\n  data: { train: { csv: { path: "${o}/rows.csv", features: [a, c, d, e], labels: b } } }\n  loss: mse\n`,
      "s.mfgnet.yaml",
    );
    expect(compileFile(yaml.path).diagnostics.map((d) => d.code)).toEqual(["MFG4933"]);
  });

  test("`mfgc check` exits 0 with the warning; `--data-root` on check silences it", async () => {
    const { path, outside } = layout((o) => csvSpec(`${o}/rows.csv`));
    const warned = await mfgc("check", path);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain("warning MFG4933");
    const allowed = await mfgc("check", "--data-root", outside, path);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).not.toContain("MFG4933");
  });

  test("commands that read no data (summary, graph, fmt --check) say nothing about data paths", async () => {
    const { path } = layout((o) => csvSpec(`${o}/rows.csv`));
    for (const args of [["summary", path], ["graph", path, "--json"], ["fmt", "--check", path]]) {
      const r = await mfgc(...args);
      expect(r.stderr, args.join(" ")).not.toContain("MFG4933");
    }
    // The compiler API's default stays the check's: the warning is there unless asked not to look.
    expect(compileFile(path).diagnostics.map((d) => d.code)).toEqual(["MFG4933"]);
    expect(compileFile(path, { dataPaths: false }).diagnostics).toEqual([]);
  });
});
