/**
 * Conformance against a peer's suite: the ONNX backend node tests (Debian's libonnx-testdata, read with
 * python3-onnx). Every test whose operator and attributes mfgc can express (test/conformance/
 * onnx-mappings.ts) is compiled from an mfgc spec, lowered and built exactly as `mfgc build` does, given
 * the test's constant inputs as weights, run on the test's data, and compared with ONNX's expected
 * outputs: max |diff| ≤ 1e-4. It prints how many tests are expressible and how many pass; none of the
 * expressible ones may fail.
 *
 * These tests use fixed weights, so a layout mistake that happens to be symmetric would not show; the
 * random-weight references in test/codegen/lowering (formulas, PyTorch-free) stay the primary check.
 * The protobufs are converted to JSON once and cached under .tmp/ (keyed by the converter's hash).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, test } from "vitest";
import { instantiate } from "../../src/codegen/lower/instantiate.js";
import { lowerGraph } from "../../src/codegen/lower/lower-graph.js";
import { optimize } from "../../src/ir/passes/pipeline.js";
import { compileText } from "../../src/pipeline.js";
import { mappingFor, type Arr, type OnnxTensor, type OnnxTest, type Values } from "./onnx-mappings.js";

const NODE_TESTS = "/usr/share/libonnx-testdata/data/node";
const PYTHON = "/usr/bin/python3";
const ROOT = path.resolve(import.meta.dirname, "../..");
const CONVERTER = path.join(import.meta.dirname, "onnx_to_json.py");
const TOLERANCE = 1e-4;

function available(): boolean {
  if (!existsSync(NODE_TESTS) || !existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ["-c", "import onnx"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const haveSuite = available();
if (!haveSuite) console.warn("note: libonnx-testdata or python3-onnx is not installed; the ONNX conformance test is skipped (.ci/run installs both)");

/** The converted suite, from the cache when the converter has not changed. */
function loadSuite(): Record<string, OnnxTest> {
  const hash = createHash("sha256").update(readFileSync(CONVERTER)).digest("hex").slice(0, 16);
  const dir = path.join(ROOT, ".tmp");
  const cache = path.join(dir, `onnx-node-${hash}.json`);
  if (!existsSync(cache)) {
    mkdirSync(dir, { recursive: true });
    execFileSync(PYTHON, [CONVERTER, NODE_TESTS, cache], { stdio: "pipe" });
  }
  return (JSON.parse(readFileSync(cache, "utf8")) as { tests: Record<string, OnnxTest> }).tests;
}

function arr(t: OnnxTensor): Arr | undefined {
  return t.data === null ? undefined : { shape: t.shape, data: t.data };
}

function valuesOf(t: OnnxTest): Values {
  const lookup = (name: string): OnnxTensor | undefined => t.inputs?.[name] ?? t.initializers?.[name];
  return {
    at(i) {
      const name = t.node!.inputs[i];
      if (name === undefined || name === "") return undefined;
      const tensor = lookup(name);
      return tensor === undefined ? undefined : arr(tensor);
    },
    present: (i) => (t.node!.inputs[i] ?? "") !== "",
  };
}

interface Outcome {
  readonly test: string;
  readonly op: string;
  readonly expressible: boolean;
  /** Why not expressible, or why it failed. */
  readonly reason?: string;
  readonly maxAbsDiff?: number;
}

/** Compiles the mapped spec, builds the lowered model, sets the weights, runs and compares. */
function check(name: string, t: OnnxTest): Outcome {
  const op = t.node?.op ?? t.ops.join("+");
  const base = { test: name, op };
  if (t.node === undefined) return { ...base, expressible: false, reason: t.unreadable ?? (t.ops.length === 1 ? "no mfgc op" : "several nodes") };
  const mapping = mappingFor(t.node.op);
  if (mapping === undefined) return { ...base, expressible: false, reason: "no mfgc op" };
  const first = t.inputs?.[t.node.inputs[0]!] ?? t.initializers?.[t.node.inputs[0]!];
  if (first?.dtype !== "float") return { ...base, expressible: false, reason: "non-float data" };
  const expressed = mapping({ ...t, node: t.node }, valuesOf(t));
  if (typeof expressed === "string") return { ...base, expressible: false, reason: expressed };
  if (expressed.outputs.length === 0) return { ...base, expressible: false, reason: "no output mfgc computes" };

  const compiled = compileText(expressed.spec, `${name}.mfgnet`, "dsl");
  const errors = compiled.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || compiled.graph === undefined) return { ...base, expressible: true, reason: `does not compile: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}\n${expressed.spec}` };
  const model = instantiate(lowerGraph(optimize(compiled.graph, 1).graph, { seed: 1 }));
  try {
    if (expressed.weights.length > 0) model.getLayer("out").setWeights(expressed.weights.map((w) => tf.tensor(w.data as number[], w.shape as number[])));
    const feeds = expressed.feeds.map((f) => tf.tensor(f.data as number[], f.shape as number[]));
    const y = model.predict(feeds.length === 1 ? feeds[0]! : feeds) as tf.Tensor;
    const got: Arr = { shape: y.shape, data: Array.from(y.dataSync()) };
    tf.dispose([...feeds, y]);
    let worst = 0;
    for (const out of expressed.outputs) {
      const expected = t.outputs?.[out.name];
      if (expected?.data == null) return { ...base, expressible: true, reason: `no expected data for ${out.name}` };
      const mine = out.from(got);
      if (mine.shape.join() !== expected.shape.join()) return { ...base, expressible: true, reason: `${out.name}: shape [${mine.shape.join(", ")}], ONNX [${expected.shape.join(", ")}]` };
      mine.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - expected.data![i]!))));
    }
    return worst <= TOLERANCE ? { ...base, expressible: true, maxAbsDiff: worst } : { ...base, expressible: true, maxAbsDiff: worst, reason: `max |diff| ${worst.toExponential(2)}` };
  } catch (e) {
    return { ...base, expressible: true, reason: `threw: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    model.dispose();
  }
}

describe.skipIf(!haveSuite)("ONNX backend node tests", () => {
  let outcomes: Outcome[] = [];
  beforeAll(async () => {
    await tf.setBackend("cpu");
    const suite = loadSuite();
    outcomes = Object.entries(suite).map(([name, t]) => check(name, t));
    const expressible = outcomes.filter((o) => o.expressible);
    const passed = expressible.filter((o) => o.reason === undefined);
    const ops = [...new Set(passed.map((o) => o.op))].sort();
    if (process.env["MFGC_ONNX_DETAILS"] === "1") for (const o of outcomes) console.log(`${o.test}\t${o.op}\t${o.expressible}\t${o.maxAbsDiff ?? ""}\t${o.reason ?? ""}`);
    console.log(`ONNX node tests: ${outcomes.length} in the suite, ${expressible.length} expressible in mfgc, ${passed.length} passed (max |diff| ≤ ${TOLERANCE}); ops covered: ${ops.join(", ")}`);
  }, 600_000);

  test("every expressible test matches ONNX's expected outputs", () => {
    const failed = outcomes.filter((o) => o.expressible && o.reason !== undefined).map((o) => `${o.test} (${o.op}): ${o.reason}`);
    expect(failed).toEqual([]);
  });

  test("the suite really exercises mfgc: at least 100 expressible tests over at least 25 ops", () => {
    const expressible = outcomes.filter((o) => o.expressible);
    expect(expressible.length).toBeGreaterThanOrEqual(100);
    expect(new Set(expressible.map((o) => o.op)).size).toBeGreaterThanOrEqual(25);
  });
});
