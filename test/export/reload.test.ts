/**
 * Trained with mfgc's own training loop, exported with `mfgc export`, and loaded by running exactly the
 * instructions `mfgc export` prints, in a separate Node process that imports `mfgc/runtime` the way a
 * user's project does. The loaded model must compute what the trained model computes.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runExport } from "../../src/cli/commands/export.js";
import type { CliIO } from "../../src/cli/io.js";
import { instantiate } from "../../src/codegen/lower/instantiate.js";
import { lowerGraph } from "../../src/codegen/lower/lower-graph.js";
import { optimize } from "../../src/ir/passes/pipeline.js";
import { compileText } from "../../src/pipeline.js";
import { runTraining } from "../../src/runtime/index.js";
import { MfgNormalization } from "../../src/runtime/layers/normalization.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
let work: string;
/** Scripts run from inside the package, so `mfgc/runtime` resolves to this checkout (package self-reference). */
let scripts: string;

beforeAll(async () => {
  await tf.setBackend("cpu");
  work = mkdtempSync(path.join(tmpdir(), "mfgc-reload-"));
  mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
  scripts = mkdtempSync(path.join(ROOT, ".tmp", "reload-"));
});

afterAll(() => rmSync(scripts, { recursive: true, force: true }));

/** Compiles, trains one epoch with runTraining (as `mfgc train` does), exports with the CLI command. */
async function trainAndExport(name: string, spec: string): Promise<{ trained: tf.LayersModel; printed: string; out: string }> {
  const specPath = path.join(work, `${name}.mfgnet`);
  writeFileSync(specPath, spec);
  const compiled = compileText(spec, specPath, "dsl");
  expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const graph = optimize(compiled.graph!, 1).graph;
  const run = await runTraining({
    buildModel: () => instantiate(lowerGraph(graph, { seed: compiled.train!.seed })),
    config: compiled.train!,
    specDir: work,
    specHash: compiled.hash,
    outDir: path.join(work, `${name}-run`),
    backend: "cpu",
    log: () => {},
  });
  let printed = "";
  const io: CliIO = { stdout: (s) => (printed += s), stderr: (s) => (printed += s), color: false };
  const out = path.join(work, `${name}-export`);
  expect(await runExport(specPath, { weights: run.modelDir, out, backend: "cpu" }, io), printed).toBe(0);
  return { trained: run.model, printed, out };
}

/** The lines printed under "load it with:", without their indent. */
function instructions(printed: string): string[] {
  const lines = printed.split("\n");
  const at = lines.indexOf("load it with:");
  expect(at, printed).toBeGreaterThanOrEqual(0);
  return lines.slice(at + 1).filter((l) => l.startsWith("  ")).map((l) => l.slice(2));
}

/** Runs the printed instructions, then predicts `input`; returns the loaded model's predictions. */
function runInstructions(lines: readonly string[], input: { values: number[]; shape: number[] }): number[] {
  const script = path.join(scripts, `load-${Math.random().toString(36).slice(2)}.mts`);
  writeFileSync(
    script,
    [
      ...lines,
      `const x = tf.tensor(${JSON.stringify(input.values)}, ${JSON.stringify(input.shape)});`,
      "const y = model.predict(x) as tf.Tensor;",
      "console.log(JSON.stringify(Array.from(await y.data())));",
      "",
    ].join("\n"),
  );
  const stdout = execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), [script], { cwd: ROOT, encoding: "utf8", env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "3" } });
  return JSON.parse(stdout.trim().split("\n").pop()!) as number[];
}

async function expectReloadMatches(trained: tf.LayersModel, printed: string, shape: number[]): Promise<void> {
  const x = tf.randomNormal(shape, 0, 2, "float32", 4);
  const expected = Array.from(await (trained.predict(x) as tf.Tensor).data());
  const got = runInstructions(instructions(printed), { values: Array.from(await x.data()), shape });
  expect(got).toHaveLength(expected.length);
  got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
}

describe("mfgc export, then the printed load instructions", () => {
  test("normalization → dense: the int32 `count` weight exports, and the statistics were adapted", async () => {
    const { trained, printed } = await trainAndExport(
      "norm",
      `model Norm {
  input x: f32[4]
  x -> normalization -> dense(3, activation: softmax) as probs
  output probs
}
train Norm {
  data { train: synthetic(generator: blobs, samples: 48, seed: 2) }
  optimizer adam
  loss categorical_crossentropy
  epochs 1 batch 16 seed 3
}
`,
    );
    // Keras's adapt: the layer's mean is the training data's per-feature mean, count the samples seen.
    const norm = trained.layers.find((l) => l instanceof MfgNormalization)!;
    const [mean, , count] = norm.getWeights();
    expect(Array.from(await count!.data())).toEqual([48]);
    expect(Array.from(await mean!.data()).some((m) => Math.abs(m) > 1e-3)).toBe(true);
    expect(printed).toContain("registerCustomLayers(); // the export uses mfgc's MfgNormalization");
    await expectReloadMatches(trained, printed, [5, 4]);
    trained.dispose();
  });

  test("a GRU model loads (no `Unknown layer: MfgGRU`)", async () => {
    const { trained, printed } = await trainAndExport(
      "rul",
      `model Rul {
  input x: f32[6, 3]
  x -> bidirectional(gru(4)) -> dense(1) as rul
  output rul
}
train Rul {
  data { train: synthetic(generator: sensors, samples: 24, seed: 2) }
  optimizer adam
  loss mse
  epochs 1 batch 8 seed 3
}
`,
    );
    expect(printed).toContain("registerCustomLayers(); // the export uses mfgc's MfgBidirectional, MfgGRU");
    await expectReloadMatches(trained, printed, [2, 6, 3]);
    trained.dispose();
  });
});
