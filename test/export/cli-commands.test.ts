/** `mfgc graph` and `mfgc export` command modules, run in-process with captured output. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, test } from "vitest";
import { runExport } from "../../src/cli/commands/export.js";
import { runGraph } from "../../src/cli/commands/graph.js";
import type { CliIO } from "../../src/cli/io.js";
import { DEFAULT_MODEL_SEED } from "../../src/codegen/generate.js";
import { instantiate } from "../../src/codegen/lower/instantiate.js";
import { lowerGraph } from "../../src/codegen/lower/lower-graph.js";
import { optimize } from "../../src/ir/passes/pipeline.js";
import { compileFile } from "../../src/pipeline.js";
import { saveModel } from "../../src/runtime/io/fs-handler.js";
import { randomizeWeights } from "../ir/passes/helpers.js";

function capture(): CliIO & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return { stdout: (s) => (out += s), stderr: (s) => (err += s), color: false, out: () => out, err: () => err };
}

const RESNET = "specs/surface_defects_resnet.mfgnet";

describe("mfgc graph", () => {
  test("one line per node: id, op, inputs, shape", () => {
    const io = capture();
    expect(runGraph("specs/fashion_cnn.mfgnet", { passes: false, json: false }, io)).toBe(0);
    const lines = io.out().trimEnd().split("\n");
    expect(lines[0]).toBe("graph FashionCnn: 9 nodes; inputs image; outputs probs");
    expect(lines[2]).toMatch(/^conv2d_1 +conv2d +\(image\) +\(26, 26, 32\)$/);
    expect(lines).toHaveLength(10);
  });

  test("--passes prints the pass report and the optimized graph", () => {
    const io = capture();
    expect(runGraph("specs/process_events_transformer.mfgnet", { passes: true, json: false }, io)).toBe(0);
    const plain = capture();
    runGraph("specs/process_events_transformer.mfgnet", { passes: false, json: false }, plain);
    expect(io.out()).toMatch(/^specs\/process_events_transformer\.mfgnet: /);
    const nodes = (s: string) => Number(/: (\d+) nodes;/.exec(s)![1]);
    expect(nodes(io.out())).toBeLessThanOrEqual(nodes(plain.out()));
  });

  test("--json has nodes with attrs, and the pass report with lines", () => {
    const io = capture();
    expect(runGraph(RESNET, { passes: true, json: true }, io)).toBe(0);
    const json = JSON.parse(io.out()) as { graph: { nodes: { id: string; op: string; attrs: Record<string, unknown> }[] }; passes: { pass: string }[] };
    expect(json.graph.nodes.find((n) => n.id === "widen")?.attrs["filters"]).toBe(32);
    expect(Array.isArray(json.passes)).toBe(true);
  });

  test("a broken spec prints diagnostics and exits 1", () => {
    const io = capture();
    expect(runGraph("specs/does-not-exist.mfgnet", { passes: false, json: false }, io)).toBe(1);
    expect(io.err()).toContain("MFG9001: cannot read `specs/does-not-exist.mfgnet`: no such file");
  });
});

describe("mfgc export", () => {
  let work: string;
  beforeAll(async () => {
    await tf.setBackend("cpu");
    work = mkdtempSync(path.join(tmpdir(), "mfgc-export-cli-"));
    const compiled = compileFile(RESNET);
    const model = instantiate(lowerGraph(optimize(compiled.graph!, 1).graph, { seed: compiled.train?.seed ?? DEFAULT_MODEL_SEED }));
    randomizeWeights(model, 8);
    await saveModel(model, path.join(work, "model"));
    model.dispose();
  });

  test("the residual CNN example exports: BN folded, report printed, how to load it", async () => {
    const io = capture();
    const code = await runExport(RESNET, { weights: path.join(work, "model"), out: path.join(work, "out"), backend: "wasm" }, io);
    expect(io.err()).not.toContain("error");
    expect(code).toBe(0);
    const out = io.out();
    expect(out).toContain("fold-batchnorm: folded batchnorm `batchnorm_1` into conv2d `conv2d_1` (line 23)"); // specs/surface_defects_resnet.mfgnet line 23: the model's first `-> batchnorm`
    expect(out).toContain("fold-rescaling: folded rescaling `rescaling_1`");
    expect(out).toContain("remove-dropout: removed dropout `dropout_1`");
    expect(out).toMatch(/exported SurfaceDefectNet to .*: \d+ → \d+ layers/);
    expect(out).toMatch(/load it with:\n  import \* as tf from "@tensorflow\/tfjs";\n  import { fileHandler } from "mfgc\/runtime";\n  const model = await tf.loadLayersModel\(fileHandler\(".*"\)\);\n$/);
  });

  test("--json prints the report; a missing weights folder is MFG5101", async () => {
    const io = capture();
    expect(await runExport(RESNET, { weights: path.join(work, "model"), out: path.join(work, "out2"), json: true, backend: "wasm" }, io)).toBe(0);
    const report = JSON.parse(io.out()) as { plan: { kind: string }[]; check: { maxAbsDiff: number } };
    expect(report.plan.filter((s) => s.kind === "fold_batchnorm")).toHaveLength(7);
    expect(report.check.maxAbsDiff).toBeLessThan(1e-4);

    const bad = capture();
    expect(await runExport(RESNET, { weights: path.join(work, "missing"), out: path.join(work, "out3") }, bad)).toBe(1);
    expect(bad.err()).toContain("error MFG5101");
  });
});
