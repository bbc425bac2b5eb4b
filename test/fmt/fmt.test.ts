/**
 * `mfgc fmt`: canonical text with comments kept, DSL ⇄ YAML conversion that carries comments, the
 * `--write`/`--check` modes, and one test per kind of round-trip failure issue 14 (item 12) found.
 * Expected texts are written out by hand from the layout rules in src/parser/dsl/printer.ts and
 * src/parser/yaml/print.ts; "same graph" compares against the input spec's own compiled graph.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { formatSpecText } from "../../src/parser/format.js";
import { compileText } from "../../src/pipeline.js";
import { mfgc } from "../cli/run-cli.js";
import { checkRoundTrip, commentLines, graphShape } from "./round-trip.js";

function fmt(text: string, from: "dsl" | "yaml", to: "dsl" | "yaml" = from): string {
  const r = formatSpecText(text, from === "dsl" ? "t.mfgnet" : "t.mfgnet.yaml", from, to);
  if (r.text === undefined) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
  return r.text;
}

function codes(text: string, form: "dsl" | "yaml"): string[] {
  return compileText(text, form === "dsl" ? "t.mfgnet" : "t.mfgnet.yaml", form).diagnostics.map((d) => d.code);
}

const COMMENTED = `# A header comment, kept at the top.

// Blocks first.
block res(f) {  /* the residual unit */
  input x
  y = add(x, x) // doubles it
  output y
}

model M {
  input img: f32[8]   # eight features

  # the trunk
  img -> dense(4) -> res(4) as out


  output out  # one output
}

train M {
  data { train: synthetic(blobs) }
  loss mse  # regression
  epochs 3
}
`;

describe("comments", () => {
  test("DSL → DSL keeps every comment next to its node, and one blank line where there were more", () => {
    expect(fmt(COMMENTED, "dsl")).toBe(`# A header comment, kept at the top.

// Blocks first.
block res(f) { /* the residual unit */
  input x
  y = add(x, x) // doubles it
  output y
}

model M {
  input img: f32[8] # eight features

  # the trunk
  img -> dense(4) -> res(4) as out

  output out # one output
}

train M {
  data { train: synthetic(blobs) }
  loss mse # regression
  epochs 3
}
`);
  });

  test("DSL → YAML turns every comment into `#` comments at the matching node", () => {
    const yaml = fmt(COMMENTED, "dsl", "yaml");
    expect(yaml).toContain("# A header comment, kept at the top.\n\nmfgnet: 1\n");
    expect(yaml).toContain("# Blocks first.\n  res:");
    expect(yaml).toContain("    outputs: [y]");
    expect(yaml).toContain("x: { shape: [8], dtype: f32 }".replace("x:", "img:") + "  # eight features");
    expect(yaml).toContain("    # the trunk\n    - dense: 4");
    expect(yaml).toContain("  loss: mse  # regression");
    expect(commentLines(yaml, "yaml").sort()).toEqual(commentLines(COMMENTED, "dsl").sort());
  });

  test("YAML → DSL → YAML keeps the comments and the spec", () => {
    const yaml = fmt(COMMENTED, "dsl", "yaml");
    expect(checkRoundTrip(yaml, "yaml")).toBeUndefined();
    expect(checkRoundTrip(COMMENTED, "dsl")).toBeUndefined();
  });

  test("formatting is idempotent on every example spec and in both directions", () => {
    for (const name of ["fashion_cnn.mfgnet", "process_events_transformer.mfgnet", "surface_defects_resnet.mfgnet", "turbofan_rul.mfgnet", "fashion_cnn_yaml.mfgnet.yaml"]) {
      const text = readFileSync(join(import.meta.dirname, "..", "..", "specs", name), "utf8");
      const form = name.endsWith(".yaml") ? "yaml" : "dsl";
      expect(checkRoundTrip(text, form), name).toBeUndefined();
    }
  });
});

describe("round-trip kinds from issue 14", () => {
  test("a step named twice (`c = x -> dense(2) as d`) keeps both names in YAML, as `as: [d, c]`", () => {
    for (const out of ["c", "d"]) {
      const dsl = `model M {\n  input x: f32[4]\n  c = x -> dense(2) as d\n  output ${out}\n}\n`;
      const yaml = fmt(dsl, "dsl", "yaml");
      expect(yaml).toContain("- dense: { args: [2], as: [d, c] }");
      expect(codes(yaml, "yaml")).toEqual([]);
      // The output's node id is the listed name in both forms (IR builder: nameOutputsAfterThemselves).
      expect(graphShape(compileText(yaml, "t.mfgnet.yaml", "yaml").graph)).toEqual(graphShape(compileText(dsl, "t.mfgnet", "dsl").graph));
      expect(fmt(yaml, "yaml", "dsl")).toContain("c = x -> dense(2) as d");
    }
  });

  test("a two-input op with one tensor argument is never written as a scalar (`add: skip` is a parameter)", () => {
    const dsl = "model M {\n  input x: f32[4]\n  skip = x -> dense(4)\n  y = x -> add(skip)\n  output y\n}\n";
    const yaml = fmt(dsl, "dsl", "yaml");
    expect(yaml).toContain("- add: { from: x, args: [skip], as: y }");
    expect(fmt(yaml, "yaml")).toBe(yaml);
    expect(checkRoundTrip(dsl, "dsl")).toBeUndefined();
    // A one-input op with a positional parameter still takes the scalar shorthand.
    expect(fmt("model M {\n  input x: f32[4]\n  x -> dropout(0.5) as y\n  output y\n}\n", "dsl", "yaml")).toContain("- dropout: { args: [0.5], as: y }");
  });

  test("positional arguments of train calls survive as the value or as `args`", () => {
    const dsl = [
      "model M {\n  input x: f32[4]\n  x -> dense(1) as y\n  output y\n}\n",
      "train M {\n  data { train: synthetic(defects), validation: split(0.1) }\n  optimizer adam(0.01)\n  schedule exponential_decay(1000, 0.9)\n  loss mse\n}\n",
    ].join("\n");
    const yaml = fmt(dsl, "dsl", "yaml");
    expect(yaml).toContain("optimizer: { adam: 0.01 }");
    expect(yaml).toContain("schedule: { exponential_decay: { args: [1000, 0.9] } }");
    expect(yaml).toContain("train: { synthetic: defects }");
    const a = compileText(dsl, "t.mfgnet", "dsl");
    const b = compileText(yaml, "t.mfgnet.yaml", "yaml");
    expect(b.diagnostics).toEqual([]);
    expect(b.train).toEqual(a.train);
    // Keras's ExponentialDecay(initial_learning_rate, decay_steps=1000, decay_rate=0.9): the two
    // positional values bind in the checker's table order.
    expect(b.train?.schedule).toMatchObject({ kind: "exponential_decay", decaySteps: 1000, decayRate: 0.9 });
    expect(b.train?.optimizer.learningRate).toBe(0.01);
  });

  test("YAML names that are DSL keywords (or that YAML reads as null/booleans) are refused, as in the DSL", () => {
    const yaml = (name: string) => `mfgnet: 1\nmodel:\n  name: M\n  inputs:\n    x: { shape: [4], dtype: f32 }\n  layers:\n    - dense: { units: 2, as: ${name} }\n  outputs: [${name}]\n`;
    expect(codes(yaml("input"), "yaml")).toEqual(["MFG1012", "MFG1012"]);
    expect(codes(yaml('"Null"'), "yaml")).toEqual(["MFG1018", "MFG1018"]);
    expect(codes("model M {\n  input x: f32[4]\n  x -> dense(2) as input\n  output input\n}\n", "dsl")).toContain("MFG1012");
  });
});

describe("mfgc fmt --write / --check", () => {
  const dir = mkdtempSync(join(tmpdir(), "mfgc-fmt-"));

  test("--check passes on the example specs", async () => {
    const r = await mfgc("fmt", "--check", "specs");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  test("--check lists unformatted specs and exits 1; --write fixes them; the comments stay", async () => {
    const path = join(dir, "a.mfgnet");
    writeFileSync(path, "model M { input x: f32[4] # in\n x -> dense(2) as y ; output y }\n");
    const check = await mfgc("fmt", "--check", dir);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`not formatted: ${path}`);
    expect((await mfgc("fmt", "--write", dir)).code).toBe(0);
    expect(readFileSync(path, "utf8")).toBe("model M {\n  input x: f32[4] # in\n  x -> dense(2) as y\n  output y\n}\n");
    expect((await mfgc("fmt", "--check", dir)).code).toBe(0);
  });

  test("a spec with syntax errors is not formatted (its diagnostics are printed); one with semantic errors is", async () => {
    const broken = join(dir, "broken.mfgnet");
    writeFileSync(broken, "model M {\n  x -> dense(2\n}\n");
    const r = await mfgc("fmt", "--check", broken);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("MFG1008");
    const semantic = join(dir, "semantic.mfgnet");
    writeFileSync(semantic, "model M {\n  input x: f32[4]\n  x -> densse(2) as y\n  output y\n}\n");
    expect((await mfgc("fmt", "--check", semantic)).code).toBe(0);
  });

  test("usage errors: --to with --write, -o onto an existing file, several specs without --write/--check", async () => {
    expect((await mfgc("fmt", "--write", "--to", "yaml", "specs")).code).toBe(2);
    expect((await mfgc("fmt", "specs/fashion_cnn.mfgnet", "-o", "specs/fashion_cnn.mfgnet")).code).toBe(2);
    expect((await mfgc("fmt", "specs")).code).toBe(2);
  });
});
