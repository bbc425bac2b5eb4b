/**
 * `exportInference` end to end: a model trained for a few steps (so BatchNorm statistics moved), saved
 * the way `mfgc train` saves it, exported; the written files reload with plain tfjs and compute what the
 * trained model computes. And every user mistake is a diagnostic.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { instantiate } from "../../src/codegen/lower/instantiate.js";
import { lowerGraph } from "../../src/codegen/lower/lower-graph.js";
import { compareModels, randomInputs } from "../../src/export/compare.js";
import { exportInference, type ExportOptions } from "../../src/export/export-inference.js";
import { optimize } from "../../src/ir/passes/pipeline.js";
import { compileText } from "../../src/pipeline.js";
import { fileHandler, saveModel } from "../../src/runtime/io/fs-handler.js";
import { registerCustomLayers } from "../../src/runtime/layers/index.js";
import { Prng, withSeededMathRandom } from "../../src/runtime/prng.js";
import { randomizeWeights } from "../ir/passes/helpers.js";

const SPEC = `model Inspect {
  input image: f32[10, 10, 1]
  image -> rescaling(scale: 1/255)
    -> conv2d(6, kernel: 3, padding: same, use_bias: false) -> batchnorm -> activation(relu)
    -> maxpool2d(2)
    -> depthwise_conv2d(kernel: 3) -> batchnorm -> activation(relu)
    -> flatten -> dropout(0.3) -> dense(8) -> batchnorm -> activation(relu)
    -> dense(3, activation: softmax) as probs
  output probs
}

train Inspect {
  data { train: synthetic(generator: defects, samples: 16, seed: 1) }
  optimizer sgd(lr: 0.01)
  loss categorical_crossentropy
  epochs 1 batch 4 seed 5
}
`;

let work: string;
const mfgcVersion = "0.0.0-test";

/** Builds the model `mfgc build` would generate for `text`, trains it briefly, saves it to `dir`. */
async function trainAndSave(text: string, dir: string, specFile: string): Promise<tf.LayersModel> {
  writeFileSync(specFile, text);
  const compiled = compileText(text, specFile, "dsl");
  expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const graph = optimize(compiled.graph!, 1).graph;
  const model = instantiate(lowerGraph(graph, { seed: compiled.train?.seed ?? 1337 }));
  randomizeWeights(model, 21);
  model.compile({ optimizer: tf.train.sgd(0.05), loss: "categoricalCrossentropy" });
  const x = tf.randomUniform([8, 10, 10, 1], 0, 255, "float32", 3);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], "int32"), 3);
  // The spec's dropout draws its masks through Math.random; seeding it makes the trained weights the
  // same on every run.
  await withSeededMathRandom(new Prng(8), () => model.fit(x, y, { epochs: 2, batchSize: 4, shuffle: false, verbose: 0 }));
  tf.dispose([x, y]);
  await saveModel(model, dir);
  return model;
}

let trained: tf.LayersModel;
let specPath: string;
let weightsDir: string;

beforeAll(async () => {
  await tf.setBackend("cpu");
  work = mkdtempSync(path.join(tmpdir(), "mfgc-export-"));
  specPath = path.join(work, "inspect.mfgnet");
  weightsDir = path.join(work, "run", "model");
  trained = await trainAndSave(SPEC, weightsDir, specPath);
});

afterAll(() => trained?.dispose());

function options(extra: Partial<ExportOptions> = {}): ExportOptions {
  return { specPath, weightsDir, outDir: path.join(work, "export"), mfgcVersion, ...extra };
}

describe("exportInference", () => {
  test("folds BN, rescaling and dropout; the written model reloads and matches the trained one", async () => {
    const result = await exportInference(options());
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const report = result.report!;
    expect(report.check.maxAbsDiff).toBeLessThan(1e-4);
    expect(report.check.reloadedMaxAbsDiff).toBeLessThan(1e-4);
    expect(report.plan.filter((s) => s.kind === "fold_batchnorm")).toHaveLength(3);
    expect(report.plan.filter((s) => s.kind === "fold_rescaling")).toHaveLength(1);
    const passes = new Set(report.changes.map((c) => c.pass));
    expect([...passes].sort()).toEqual(["fold-activation", "fold-batchnorm", "fold-rescaling", "remove-dropout"]);
    expect(report.changes.find((c) => c.pass === "fold-rescaling")?.line).toBe(3);
    // rescaling, 3 batchnorms, dropout and 3 relus are gone.
    expect(report.trained.nodes - report.exported.nodes).toBe(8);
    expect(report.exported.layers).toBeLessThan(report.trained.layers);
    expect(report.customLayers).toEqual([]);

    const out = path.join(work, "export");
    for (const f of ["model.json", "weights.bin", "model.ts", "report.json"]) expect(existsSync(path.join(out, f)), f).toBe(true);
    expect(JSON.parse(readFileSync(path.join(out, "report.json"), "utf8"))).toEqual(JSON.parse(JSON.stringify(report)));
    const modelJson = readFileSync(path.join(out, "model.json"), "utf8");
    expect(modelJson).not.toContain("BatchNormalization");
    expect(modelJson).not.toContain("Dropout");
    const modelTs = readFileSync(path.join(out, "model.ts"), "utf8");
    expect(modelTs).toContain("export function buildModel(): tf.LayersModel");
    expect(modelTs).not.toContain("batchNormalization");

    // Plain tfjs with a file handler loads it and computes the trained model's outputs on real-range inputs.
    const loaded = await tf.loadLayersModel(fileHandler(out));
    const xs = randomInputs(trained, { batch: 5, seed: 99, range: [0, 255] });
    expect(await compareModels(trained, loaded, xs)).toBeLessThan(1e-4);
    tf.dispose(xs);
    loaded.dispose();
  });

  test("a model with mfgc's own layers: export says to register them, and they reload", async () => {
    const text = `model Seq {
      input x: f32[6, 4]
      a = x -> dense(5) -> batchnorm
      b = x -> dense(5)
      d = subtract(a, b) -> flatten -> dense(2) as out
      output d
    }
    `;
    const dir = path.join(work, "seq-run");
    const spec = path.join(work, "seq.mfgnet");
    writeFileSync(spec, text);
    const compiled = compileText(text, spec, "dsl");
    const model = instantiate(lowerGraph(optimize(compiled.graph!, 1).graph, { seed: 1337 }));
    randomizeWeights(model, 4);
    await saveModel(model, dir);
    const result = await exportInference({ specPath: spec, weightsDir: dir, outDir: path.join(work, "seq-export"), mfgcVersion });
    expect(result.diagnostics).toEqual([]);
    expect(result.report!.customLayers).toEqual(["MfgSubtract"]);
    expect(result.report!.files).toContain("layers/subtract.ts");
    expect(result.report!.check.maxAbsDiff).toBeLessThan(1e-5);
    registerCustomLayers();
    const loaded = await tf.loadLayersModel(fileHandler(path.join(work, "seq-export")));
    const xs = randomInputs(model, { batch: 3 });
    expect(await compareModels(model, loaded, xs)).toBeLessThan(1e-5);
    tf.dispose(xs);
    model.dispose();
    loaded.dispose();
  });
});

describe("export diagnostics", () => {
  test("MFG5101: missing weights folder, or one without model.json", async () => {
    const missing = await exportInference(options({ weightsDir: path.join(work, "nope") }));
    expect(missing.diagnostics.map((d) => d.code)).toEqual(["MFG5101"]);
    expect(missing.diagnostics[0]!.message).toContain("does not exist");
    const empty = path.join(work, "empty");
    mkdirSync(empty, { recursive: true });
    const noJson = await exportInference(options({ weightsDir: empty }));
    expect(noJson.diagnostics.map((d) => d.code)).toEqual(["MFG5101"]);
    expect(noJson.diagnostics[0]!.message).toContain("has no `model.json`");
  });

  test("MFG5102: a model.json that does not load", async () => {
    const bad = path.join(work, "bad");
    mkdirSync(bad, { recursive: true });
    writeFileSync(path.join(bad, "model.json"), "{ not json");
    const r = await exportInference(options({ weightsDir: bad }));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["MFG5102"]);
  });

  test("MFG5103: weights trained for another spec (other sizes), pointing at the layer", async () => {
    const other = SPEC.replace("conv2d(6,", "conv2d(4,");
    const dir = path.join(work, "other-run");
    const m = await trainAndSave(other, dir, path.join(work, "other.mfgnet"));
    m.dispose();
    const r = await exportInference(options({ weightsDir: dir }));
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(new Set(r.diagnostics.map((d) => d.code))).toEqual(new Set(["MFG5103"]));
    const first = r.diagnostics[0]!;
    expect(first.message).toContain("conv2d_1");
    expect(first.message).toContain("[3, 3, 1, 4]");
    // The span is the conv's text in the spec.
    const text = readFileSync(specPath, "utf8");
    expect(text.slice(first.span.start, first.span.end)).toContain("conv2d(6");
    expect(existsSync(path.join(work, "never"))).toBe(false);
  });

  test("MFG5103: same layer names and shapes but another computation (edited activation)", async () => {
    const edited = SPEC.replace("dense(8) -> batchnorm -> activation(relu)", "dense(8) -> batchnorm -> activation(tanh)");
    const dir = path.join(work, "edited-run");
    const m = await trainAndSave(edited, dir, path.join(work, "edited.mfgnet"));
    m.dispose();
    const r = await exportInference(options({ weightsDir: dir, outDir: path.join(work, "never") }));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["MFG5103"]);
    expect(r.diagnostics[0]!.message).toContain("computes something other than this spec's model");
    expect(existsSync(path.join(work, "never"))).toBe(false);
  });

  test("MFG5104: a fold whose float32 rounding exceeds the tolerance writes nothing", async () => {
    // Chosen so the folding error is provably far above the default tolerance, not float noise:
    // the trained model computes z = x·w + 1e5 in float32, where the spacing of floats is 2^-7, so z
    // keeps x·w only to a multiple of 2^-7; BatchNorm (mean 1e5, scale 10) then subtracts 1e5 exactly
    // and multiplies by 10. The folded dense has w' = 10·w and b' = (1e5 − 1e5)·10 = 0, so it computes
    // 10·x·w without that rounding. Per unit the two differ by 10 × (x·w's distance to the nearest
    // multiple of 2^-7): up to 0.039, and above 1e-3 unless x·w lies within 1e-4 of such a multiple,
    // which the 8 random check inputs cannot all do. The bound is 1e-4 × max(1, |largest output|),
    // about 1.3e-3 here; this case measures a difference of about 0.05.
    const text = `model Big {
  input x: f32[4]
  x -> dense(3) -> batchnorm -> dense(2) as y
  output y
}
`;
    const spec = path.join(work, "big.mfgnet");
    writeFileSync(spec, text);
    const compiled = compileText(text, spec, "dsl");
    const model = instantiate(lowerGraph(optimize(compiled.graph!, 1).graph, { seed: 1337 }));
    const [dense1, bn, dense2] = model.layers.filter((l) => l.weights.length > 0);
    const w1 = tf.tensor2d([0.31, -0.77, 0.52, 0.13, 0.91, -0.45, -0.66, 0.28, 0.71, 0.47, -0.19, 0.83], [4, 3]);
    const b1 = tf.fill([3], 1e5);
    dense1!.setWeights([w1, b1]);
    // gamma, beta, moving_mean, moving_variance: scale γ/√(σ² + ε) = 10 with ε = 1e-3.
    bn!.setWeights([tf.ones([3]), tf.zeros([3]), tf.fill([3], 1e5), tf.fill([3], 0.01 - 1e-3)]);
    dense2!.setWeights([tf.tensor2d([1, 0, 0, 1, 1, 1], [3, 2]), tf.zeros([2])]);
    const dir = path.join(work, "big-run");
    await saveModel(model, dir);
    model.dispose();

    const r = await exportInference({ specPath: spec, weightsDir: dir, outDir: path.join(work, "never2"), mfgcVersion });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["MFG5104"]);
    const diff = Number(/differs from the trained model by up to ([0-9.e+-]+)/.exec(r.diagnostics[0]!.message)?.[1]);
    expect(diff).toBeGreaterThan(1e-3);
    expect(existsSync(path.join(work, "never2"))).toBe(false);
  });

  test("MFG5105: an output path that is a file", async () => {
    const file = path.join(work, "a-file");
    writeFileSync(file, "x");
    const r = await exportInference(options({ outDir: file }));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["MFG5105"]);
  });

  test("spec errors come back as the compiler's diagnostics", async () => {
    const broken = path.join(work, "broken.mfgnet");
    writeFileSync(broken, "model X { input x: f32[3]\n x -> dense(2) -> nosuchop as y\n output y }\n");
    const r = await exportInference(options({ specPath: broken }));
    expect(r.diagnostics.some((d) => d.severity === "error" && d.code.startsWith("MFG3"))).toBe(true);
    expect(r.report).toBeUndefined();
  });
});
