/**
 * `mfgc explain` on real runs: a Fashion-MNIST test image through the tutorial CNN (integrated
 * gradients and Grad-CAM) and a window of the turbofan sensor example (a time-step × feature heat map),
 * with the completeness axiom checked against model outputs computed here, independently of mfgc explain.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Explanation } from "../../src/explain/explanation.js";
import { loadModel, saveModel } from "../../src/runtime/io/fs-handler.js";
import { registerCustomLayers } from "../../src/runtime/layers/index.js";
import { runTraining } from "../../src/runtime/index.js";
import { mfgc } from "../cli/run-cli.js";
import { baseConfig, blobs, mlp } from "../runtime/helpers.js";
import { FASHION_TEST_IMAGES, writeFashionTestImage, writeSensorWindow } from "./fixtures.js";

const ROOT = join(import.meta.dirname, "..", "..");
mkdirSync(join(ROOT, ".tmp"), { recursive: true });
const RUNS = mkdtempSync(join(ROOT, ".tmp", "explain-"));
const hasFashion = existsSync(FASHION_TEST_IMAGES);
afterAll(() => rmSync(RUNS, { recursive: true, force: true }));

const readExplanation = (dir: string): Explanation => JSON.parse(readFileSync(join(dir, "explanation.json"), "utf8")) as Explanation;

beforeAll(async () => {
  const runs: [string, string[]][] = [["turbofan", ["specs/turbofan_rul.mfgnet", "--epochs", "2", "--limit", "200"]]];
  // Debian's dataset lies outside the project: the run allows its folder (data-path.ts).
  if (hasFashion) runs.push(["fashion", ["specs/fashion_cnn.mfgnet", "--epochs", "1", "--limit", "256", "--data-root", "/usr/share/datasets"]]);
  for (const [name, args] of runs) {
    const r = await mfgc("train", ...args, "--out", join(RUNS, name), "--backend", "wasm");
    expect(r.code, r.stderr).toBe(0);
  }
}, 600_000);

describe("mfgc explain", () => {
  test.skipIf(!hasFashion)("a Fashion-MNIST test image: integrated gradients complete within 1 %, Grad-CAM, pictures, the report", async () => {
    const run = join(RUNS, "fashion");
    const image = writeFashionTestImage(join(RUNS, "t10k-0.png"), 0);
    const r = await mfgc("explain", run, "--input", image, "--backend", "wasm");
    expect(r.code, r.stderr).toBe(0);
    const x = readExplanation(join(run, "explanations", "t10k-0"));
    expect(x.inputKind).toBe("image");
    expect(x.classNames).toEqual(["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]);
    // The predicted class is explained by default.
    expect(x.target.index).toBe(x.prediction.indexOf(Math.max(...x.prediction)));

    // f(x) and f(0) computed here from the saved model: the image as the spec scales it (1/255).
    registerCustomLayers();
    const model = await loadModel(join(run, "model"));
    const png = PNG.sync.read(readFileSync(image));
    const pixels = Float32Array.from({ length: 784 }, (_, p) => png.data[p * 4]! / 255);
    const out = model.predict(tf.stack([tf.tensor3d(pixels, [28, 28, 1]), tf.zeros([28, 28, 1])])) as tf.Tensor;
    const probs = await out.array() as number[][];
    const expected = probs[0]![x.target.index]! - probs[1]![x.target.index]!;
    expect(x.completeness.expected).toBeCloseTo(expected, 4);
    // Completeness: the attributions (summed per pixel in explanation.json) add up to f(x) − f(0) within 1 %.
    const sum = (x.attributions as number[][]).flat().reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - expected)).toBeLessThan(0.01 * Math.abs(expected));
    expect(x.completeness.relativeError).toBeLessThan(0.01);
    model.dispose();
    tf.dispose(out);

    // Grad-CAM at the last convolution's resolution (3×3 in the tutorial CNN), non-negative.
    expect(x.gradCam!.layer).toBe("conv2d_3");
    expect(x.gradCam!.map.length).toBe(3);
    expect(x.gradCam!.map.flat().every((v) => v >= 0)).toBe(true);
    // Pictures: 28×28 upscaled ×8 to 224×224.
    expect(x.files).toEqual(["input.png", "integrated-gradients.png", "grad-cam.png"]);
    for (const f of x.files) {
      const p = PNG.sync.read(readFileSync(join(run, "explanations", "t10k-0", f)));
      expect([p.width, p.height]).toEqual([224, 224]);
    }
    // And into the report.
    const html = readFileSync(join(run, "report.html"), "utf8");
    expect(html).toContain("explanation: t10k-0");
    // --class by name.
    const bag = await mfgc("explain", run, "--input", image, "--class", "Bag", "--backend", "wasm");
    expect(bag.code, bag.stderr).toBe(0);
    expect(readExplanation(join(run, "explanations", "t10k-0")).target).toEqual({ kind: "class", index: 8, name: "Bag" });
  });

  test("a turbofan sensor window: a time step × feature heat map per output, complete within 1 %", async () => {
    const run = join(RUNS, "turbofan");
    const window = writeSensorWindow(join(RUNS, "window-5.csv"), 5);
    const r = await mfgc("explain", run, "--input", window, "--backend", "wasm");
    expect(r.code, r.stderr).toBe(0);
    for (const output of ["rul", "fail"]) {
      const x = readExplanation(join(run, "explanations", `window-5-${output}`));
      expect(x.inputKind).toBe("sequence");
      // The model masks all-zero steps (`masking(0)`), so the baseline sits just above zero.
      expect(x.baseline).toBe("masked-zeros");
      expect((x.attributions as number[][]).length).toBe(30);
      expect((x.attributions as number[][])[0]!.length).toBe(14);
      expect(x.featureNames).toEqual(Array.from({ length: 14 }, (_, j) => `s${j + 1}`));
      const sum = (x.attributions as number[][]).flat().reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - x.completeness.expected)).toBeLessThan(0.01 * Math.max(Math.abs(x.completeness.expected), 1e-6));
      expect(x.completeness.expected).toBeCloseTo(x.completeness.score - x.completeness.baselineScore, 10);
      expect(x.files).toEqual(["attribution-heatmap.png"]);
      const p = PNG.sync.read(readFileSync(join(run, "explanations", `window-5-${output}`, "attribution-heatmap.png")));
      // 14 features × 30 steps, 12-pixel cells.
      expect([p.width, p.height]).toEqual([14 * 12, 30 * 12]);
    }
  });

  test("a flat feature row: attribution per feature, complete within 1 %, drawn as bars in the report", async () => {
    // A small MLP on the `blobs` generator's 4 features, trained through the runtime.
    const run = join(RUNS, "blobs");
    await tf.setBackend("cpu");
    const r = await runTraining({ specDir: "/", specHash: "b", backend: "cpu", log: () => {}, buildModel: mlp(4, 3, { dropout: false }), config: baseConfig(blobs()), outDir: run });
    r.model.dispose();
    const row = join(RUNS, "row.csv");
    writeFileSync(row, "f1,f2,f3,f4\n0.5,-1.25,2,0.75\n");
    const e = await mfgc("explain", run, "--input", row, "--backend", "cpu");
    expect(e.code, e.stderr).toBe(0);
    const x = readExplanation(join(run, "explanations", "row"));
    expect(x.inputKind).toBe("features");
    expect(x.featureNames).toEqual(["f1", "f2", "f3", "f4"]);
    const attributions = x.attributions as number[];
    expect(attributions).toHaveLength(4);
    // Completeness over the four features: Σ IGᵢ = f(x) − f(0).
    expect(Math.abs(attributions.reduce((a, b) => a + b, 0) - x.completeness.expected)).toBeLessThan(0.01 * Math.abs(x.completeness.expected));
    const html = readFileSync(join(run, "report.html"), "utf8");
    expect(html).toContain('"id":"r0-explain-0-bars"');
  });

  test("mistakes are diagnostics: unreadable input, wrong shape, no model, unknown output or class, unexplainable model", async () => {
    const run = join(RUNS, "turbofan");
    const txt = join(RUNS, "notes.txt");
    writeFileSync(txt, "hello");
    const bad = await mfgc("explain", run, "--input", txt, "--backend", "cpu");
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining("error MFG9041")]);

    const narrow = join(RUNS, "narrow.csv");
    writeFileSync(narrow, "a,b\n1,2\n");
    const shape = await mfgc("explain", run, "--input", narrow, "--backend", "cpu");
    expect(shape.stderr).toContain("error MFG9042");

    const empty = join(RUNS, "empty-run");
    mkdirSync(empty);
    writeFileSync(join(empty, "metrics.jsonl"), "");
    const noModel = await mfgc("explain", empty, "--input", narrow, "--backend", "cpu");
    expect(noModel.stderr).toContain("error MFG9043");

    const window = writeSensorWindow(join(RUNS, "window-0.csv"), 0);
    const output = await mfgc("explain", run, "--input", window, "--output", "rpm", "--backend", "cpu");
    expect(output.stderr).toContain("error MFG9044");

    // A model whose input is integer token ids has no input gradient.
    const tokens = join(RUNS, "tokens-run");
    const input = tf.input({ shape: [5], dtype: "int32", name: "ids" });
    const m = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 1, name: "y" }).apply(tf.layers.embedding({ inputDim: 10, outputDim: 2 }).apply(input)) as tf.SymbolicTensor });
    await saveModel(m, join(tokens, "model"));
    m.dispose();
    const ints = await mfgc("explain", tokens, "--input", window, "--backend", "cpu");
    expect(ints.stderr).toContain("error MFG9045");

    // `mfgc report` on a folder that is not a run.
    const notRun = await mfgc("report", join(RUNS, "nowhere"));
    expect([notRun.code, notRun.stderr]).toEqual([1, expect.stringContaining("error MFG9040")]);
  });
});
