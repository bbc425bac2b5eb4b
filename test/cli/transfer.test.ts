/**
 * Transfer learning from the command line: both spec forms mean the same `transfer` and `classes`;
 * `mfgc summary` shows frozen layers as non-trainable (Keras's counts); `mfgc train` reads the source
 * before training and reports each problem at its place in the spec.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateSpec } from "../../src/codegen/generate.js";
import { compileText } from "../../src/pipeline.js";
import { mfgc } from "./run-cli.js";

const ROOT = join(import.meta.dirname, "..", "..");
mkdirSync(join(ROOT, ".tmp"), { recursive: true });
const DIR = mkdtempSync(join(ROOT, ".tmp", "transfer-cli-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

/** A spec over the `blobs` generator: 4 features → h1 → h2 → a 3-class head. */
function spec(name: string, h1: number, head: string, train: string): string {
  return `model ${name} {
  input x: f32[4]
  x -> dense(${h1}, activation: relu) as h1
    -> dense(6, activation: relu) as h2
    -> dense(3, activation: softmax) as ${head}
  output ${head}
}

train ${name} {
  data { train: synthetic(generator: blobs, samples: 120), validation: split(0.25) }
  optimizer adam(lr: 1e-2)
  loss categorical_crossentropy
  epochs 2   batch 16
${train}
}
`;
}

beforeAll(async () => {
  writeFileSync(join(DIR, "source.mfgnet"), spec("Source", 8, "probs", ""));
  const r = await mfgc("train", join(DIR, "source.mfgnet"), "--out", join(DIR, "source-run"), "--backend", "cpu");
  expect(r.code, r.stderr).toBe(0);
}, 300_000);

function write(file: string, text: string): string {
  writeFileSync(join(DIR, file), text);
  return relative(process.cwd(), join(DIR, file));
}

describe("transfer in the spec", () => {
  test("the DSL and the YAML form mean the same transfer and classes", () => {
    const dsl = compileText(spec("T", 8, "probs", `  transfer { from: run("source-run"), layers: [h1, h2], freeze: [h1], lr_scale: 0.1, unfreeze_at: 2 }\n  classes [a, "b c", d]`), "t.mfgnet", "dsl");
    const yaml = compileText(
      `mfgnet: 1
model:
  name: T
  inputs: { x: { shape: [4], dtype: f32 } }
  layers:
    - dense: { units: 8, activation: relu, as: h1 }
    - dense: { units: 6, activation: relu, as: h2 }
    - dense: { units: 3, activation: softmax, as: probs }
  outputs: [probs]
train:
  data: { train: { synthetic: { generator: blobs, samples: 120 } }, validation: { split: 0.25 } }
  optimizer: { adam: { lr: 0.01 } }
  loss: categorical_crossentropy
  epochs: 2
  batch: 16
  transfer: { from: { run: "source-run" }, layers: [h1, h2], freeze: [h1], lr_scale: 0.1, unfreeze_at: 2 }
  classes: [a, "b c", d]
`,
      "t.mfgnet.yaml",
      "yaml",
    );
    expect(dsl.diagnostics).toEqual([]);
    expect(yaml.diagnostics).toEqual([]);
    expect(dsl.train!.transfer).toEqual({ source: { kind: "run", path: "source-run" }, layers: ["h1", "h2"], freeze: ["h1"], lrScale: 0.1, unfreezeAt: 2 });
    expect(yaml.train!.transfer).toEqual(dsl.train!.transfer);
    expect(dsl.train!.classes).toEqual({ probs: ["a", "b c", "d"] });
    expect(yaml.train!.classes).toEqual(dsl.train!.classes);
  });

  test("names follow the optimization passes: a dense that absorbs the activation after it is that activation's layer", () => {
    const text = `model R {
  input x: f32[4]
  x -> dense(8) as h1 -> activation(relu) as a1 -> dense(3, activation: softmax) as probs
  output probs
}
train R {
  data { train: synthetic(generator: blobs, samples: 120) }
  loss categorical_crossentropy
  transfer { from: run("source-run"), layers: [h1], freeze: [h1] }
}
`;
    const compiled = compileText(text, "r.mfgnet", "dsl");
    const generated = generateSpec({ graph: compiled.graph!, train: compiled.train!, source: compiled.source!, specPath: "r.mfgnet", specHash: compiled.hash, mfgcVersion: "0", folder: "r", outRoot: "out", optimizeLevel: 1 });
    // fold-activation renames `h1` to `a1` (the result it now computes); the generated config follows.
    expect(generated.passes.renamed).toEqual({ h1: "a1" });
    const train = generated.files.find((f) => f.path === "r/train.ts")!.content;
    expect(train).toMatch(/layers: \["a1"\],\s*freeze: \["a1"\]/);
  });

  test("mfgc summary counts frozen layers as non-trainable", async () => {
    const file = write("frozen.mfgnet", spec("Frozen", 8, "probs", `  transfer { from: run("source-run"), freeze: true }`));
    const r = await mfgc("summary", file, "--json");
    const s = JSON.parse(r.stdout) as { rows: { id: string; trainable: number; nonTrainable: number; frozen?: boolean }[]; trainableParams: number; nonTrainableParams: number };
    // `freeze: true` without `layers`: every layer the source has (h1, h2, probs; read from its model.json).
    // Keras: h1 4·8+8 = 40, h2 8·6+6 = 54, probs 6·3+3 = 21 — all non-trainable.
    expect(s.rows.filter((row) => row.frozen === true).map((row) => row.id)).toEqual(["h1", "h2", "probs"]);
    expect([s.trainableParams, s.nonTrainableParams]).toEqual([0, 40 + 54 + 21]);
    const text = await mfgc("summary", write("frozen2.mfgnet", spec("Frozen2", 8, "items", `  transfer { from: run("source-run"), layers: [h1, h2], freeze: [h1] }`)));
    expect(text.stdout).toContain("h1 (dense, frozen)");
    expect(text.stdout).toContain(`Trainable params: ${54 + 21}`);
    expect(text.stdout).toContain("Non-trainable params: 40");
  });

  test("mfgc train reports every problem with the source at its place in the spec, before training", async () => {
    // h1 has 16 units here (the source's has 8): its kernel and bias, and h2's kernel, no longer fit.
    // `probs` is named like the source's head and fits, so it would load: a new head needs a new name.
    const shapes = write("shapes.mfgnet", spec("Shapes", 16, "probs", `  transfer { from: run("source-run") }`));
    const a = await mfgc("train", shapes, "--out", join(DIR, "shapes-run"), "--backend", "cpu");
    expect(a.code).toBe(1);
    // Not listed in `layers`: the position is where the model defines the layer (line 3: h1, line 4: h2).
    expect(a.stderr.match(/shapes\.mfgnet:\d+:\d+ - error MFG\d+/g)).toEqual(["shapes.mfgnet:3:8 - error MFG4702", "shapes.mfgnet:3:8 - error MFG4702", "shapes.mfgnet:4:8 - error MFG4702"]);
    expect(a.stderr).toContain("weight `h1/kernel` is [4, 16] in this model but [4, 8] in the transfer source");
    expect(a.stdout).not.toContain("data:");

    const missing = write("missing.mfgnet", spec("Missing", 8, "items", `  transfer { from: run("source-run"), layers: [h1, items] }`));
    const b = await mfgc("train", missing, "--out", join(DIR, "missing-run"), "--backend", "cpu");
    // Listed: the position is the name in `layers` (line 14, column 52).
    expect(b.stderr.match(/missing\.mfgnet:\d+:\d+ - error MFG\d+/g)).toEqual(["missing.mfgnet:14:52 - error MFG4701"]);

    const nowhere = write("nowhere.mfgnet", spec("Nowhere", 8, "items", `  transfer { from: run("no-such-run") }`));
    const c = await mfgc("train", nowhere, "--out", join(DIR, "nowhere-run"), "--backend", "cpu");
    expect(c.stderr.match(/nowhere\.mfgnet:\d+:\d+ - error MFG\d+/g)).toEqual(["nowhere.mfgnet:14:20 - error MFG4700"]);
  });

  test("a transfer that fits trains, with the frozen layers reported", async () => {
    const ok = write("ok.mfgnet", spec("Ok", 8, "items", `  transfer { from: run("source-run"), layers: [h1, h2], freeze: [h1] }`));
    const r = await mfgc("train", ok, "--out", join(DIR, "ok-run"), "--backend", "cpu");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/transfer: 2 layers from .*source-run\/model, frozen: h1/);
  });
});
