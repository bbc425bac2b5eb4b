/**
 * Issue 14, items 6 and 9: numbers a spec cannot mean. Each used to check clean and crash later
 * ("non-finite number Infinity in generated code", "RangeError: Invalid typed array length"), be
 * silently rounded, or print "∞ TB". Expected codes and positions are read off the spec text.
 */
import { describe, expect, test } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { DataError } from "../../src/runtime/data/data-error.js";
import { loadData } from "../../src/runtime/data/load.js";
import { checkMemoryBudget } from "../../src/runtime/train/model-budget.js";
import { DEFAULT_MEMORY_BUDGET_BYTES, estimateTrainingBytes, MAX_TENSOR_ELEMENTS } from "../../src/runtime/train/memory-budget.js";
import { codes, compile } from "./helpers.js";

const model = (input: string, layers: string) => `model M {\n  input x: f32[${input}]\n  x -> ${layers} as y\n  output y\n}\n`;
const train = (optimizer: string) => `${model("4", "dense(2)")}train M {\n  data { train: synthetic(generator: blobs, samples: 10) }\n  optimizer ${optimizer}\n  loss mse\n}\n`;

describe("non-finite numbers (MFG3600)", () => {
  test("1e308 * 10 overflows to Infinity: an error at the expression, not a crash in build", () => {
    const c = compile(train("adam(lr: 1e308 * 10)"));
    expect(codes(c)).toEqual(["MFG3600"]);
    // The span is the whole product `1e308 * 10` on line 8.
    const d = c.diagnostics[0]!;
    expect(c.source!.text.slice(d.span.start, d.span.end)).toBe("1e308 * 10");
  });

  test("Infinity − Infinity (NaN) is stopped at the first non-finite step, and never passes a range check", () => {
    const c = compile(train("adam(lr: 1e308 * 10 - 1e308 * 10)"));
    expect(codes(c)).toEqual(["MFG3600", "MFG3600"]);
    expect(c.train).toBeUndefined();
  });

  test("the same in a block parameter's arithmetic, and as a negated overflow", () => {
    const block = `block b(d) {\n  input x\n  y = x -> dense(d * 1e308 * 10)\n  output y\n}\n${model("4", "b(2)")}`;
    expect(codes(compile(block))).toEqual(["MFG3600"]);
    expect(codes(compile(train("adam(lr: -(1e308 * 10))")))).toEqual(["MFG3600"]);
  });

  test("YAML: .inf is refused where it is read, and arithmetic overflow like the DSL", () => {
    const yaml = (lr: string) =>
      `mfgnet: 1\nmodel:\n  name: M\n  inputs: { x: { shape: [4], dtype: f32 } }\n  layers:\n    - dense: { units: 2, as: y }\n  outputs: [y]\ntrain:\n  data: { train: { synthetic: { generator: blobs, samples: 10 } } }\n  optimizer: { adam: { lr: ${lr} } }\n  loss: mse\n`;
    expect(codes(compile(yaml(".inf"), "yaml"))).toEqual(["MFG1114"]);
    expect(codes(compile(yaml("1e308 * 10"), "yaml"))).toEqual(["MFG3600"]);
  });
});

describe("absurd sizes", () => {
  test("integers beyond 2^53 − 1 are errors, not silently rounded (MFG3601)", () => {
    // 9007199254740993 = 2^53 + 1 reads as 2^53: the spec's number cannot be kept.
    expect(codes(compile(model("9007199254740993", "dense(2)")))).toEqual(["MFG3601"]);
    expect(codes(compile(model("4", "dense(9007199254740993)")))).toEqual(["MFG3601"]);
    expect(codes(compile(model("1e308, 1e308", "dense(2)")))).toEqual(["MFG3601", "MFG3601"]);
    // 2^53 − 1 itself is exact: it is refused only for its size (MFG3602), not as inexact.
    expect(codes(compile(model("9007199254740991", "dense(2)")))).toEqual(["MFG3602"]);
  });

  test("a tensor beyond tfjs's 2^31 − 1 elements is an error at the layer, once (MFG3602)", () => {
    // f32[1e5, 1e5] is 1e10 elements per sample > 2,147,483,647; its consumers are not reported again.
    const big = compile(model("100000, 100000", "flatten -> dense(2)"));
    expect(codes(big)).toEqual(["MFG3602"]);
    // dense(1e12) on 4 inputs: its output holds 1e12 elements per sample.
    expect(codes(compile(model("4", "dense(1e12)")))).toEqual(["MFG3602"]);
    // dense(1e9) on 4 inputs: 1e9 outputs fit (< 2^31), but 4·1e9 + 1e9 = 5e9 weights do not.
    const weights = compile(model("4", "dense(1000000000)"));
    expect(codes(weights)).toEqual(["MFG3602"]);
    expect(weights.diagnostics[0]!.message).toContain("5,000,000,000 parameters");
    expect(MAX_TENSOR_ELEMENTS).toBe(2_147_483_647);
  });

  test("a model beyond the memory budget is a warning at check (MFG3603) that names the budget", () => {
    // dense(1e8) on 4 inputs: 5e8 parameters, whose 4 copies alone are 4 B × 4 × 5e8 = 8e9 B ≈ 7.45 GiB
    // > 4 GiB (the warning's estimate adds the activations of a batch on top).
    const c = compile(model("4", "dense(100000000)"));
    expect(codes(c)).toEqual(["MFG3603"]);
    expect(c.diagnostics[0]!.severity).toBe("warning");
    expect(c.graph).toBeDefined();
    expect(estimateTrainingBytes({ params: 5e8, activationElementsPerSample: 0 }, 32)).toBe(8e9);
    expect(estimateTrainingBytes({ params: 5e8, activationElementsPerSample: 0 }, 32)).toBeGreaterThan(DEFAULT_MEMORY_BUDGET_BYTES);
    // A tutorial-sized model is far below it.
    expect(codes(compile(model("28, 28, 1", "flatten -> dense(64) -> dense(10)")))).toEqual([]);
  });

  test("the runtime refuses to train past the budget (MFG4903) unless it is raised", () => {
    // 1,000 → 1,000 dense: 1,001,000 parameters; 4 × 4 bytes each ≈ 16 MB, plus activations.
    const input = tf.input({ shape: [1000] });
    const out = tf.layers.dense({ units: 1000 }).apply(input) as tf.SymbolicTensor;
    const m = tf.model({ inputs: input, outputs: out });
    try {
      expect(() => checkMemoryBudget(m, 32, 1_000_000)).toThrow(DataError);
      try {
        checkMemoryBudget(m, 32, 1_000_000);
      } catch (e) {
        expect((e as DataError).code).toBe("MFG4903");
        expect((e as DataError).diagnostic.hints.join(" ")).toContain("--memory-budget");
      }
      expect(() => checkMemoryBudget(m, 32, 100_000_000)).not.toThrow();
    } finally {
      m.dispose();
    }
  });

  test("a synthetic split larger than an array can hold is refused before it is allocated (MFG4904)", async () => {
    const e = await loadData(
      { train: { kind: "synthetic", generator: "blobs", samples: 1e9, seed: 1, options: {} }, validation: null, test: null },
      { specDir: ".", signature: { inputs: [{ name: "x", shape: [null, 4], dtype: "float32" }], outputs: [{ name: "y", shape: [null, 2], loss: "categorical_crossentropy" }] } },
    ).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).code).toBe("MFG4904");
  });
});
