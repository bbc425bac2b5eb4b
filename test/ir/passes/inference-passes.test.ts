/**
 * The inference-only passes of `mfgc export`: BatchNorm folding for every layer kind that can absorb it,
 * rescaling folding where it is exact, dropout removal — each with the graph change, the weight plan, a
 * valid IR, and the same numbers as the unfolded model (random weights, non-trivial BN statistics).
 */
import { beforeAll, describe, expect, test } from "vitest";
import { foldBatchNorm } from "../../../src/ir/passes/inference/fold-batchnorm.js";
import { foldRescaling } from "../../../src/ir/passes/inference/fold-rescaling.js";
import { runInferencePasses, INFERENCE_PASSES } from "../../../src/ir/passes/inference/pipeline.js";
import type { InferencePass } from "../../../src/ir/passes/inference/plan.js";
import { removeDropout } from "../../../src/ir/passes/inference/remove-dropout.js";
import { expectValid, graphOf, opsOf, outputDifference, useCpu } from "./helpers.js";

beforeAll(useCpu);

const TOL = 1e-5;

function spec(input: string, flow: string): string {
  return `model M {
    input x: f32[${input}]
    x -> ${flow} as y
    output y
  }`;
}

function runChecked(pass: InferencePass, text: string, range: readonly [number, number] = [-1, 1]) {
  const before = graphOf(text);
  const result = pass.run(before);
  expect(result.graph).not.toBe(before);
  expectValid(result.graph);
  const diff = outputDifference(before, result.graph, { plan: result.plan }, range);
  return { before, after: result.graph, plan: result.plan, messages: result.changes.map((c) => c.message), diff };
}

describe("fold-batchnorm", () => {
  const cases: [string, string, string, string][] = [
    ["conv2d", "9, 9, 3", "conv2d(4, kernel: 3, padding: same)", "kernel [kh, kw, cin, cout]"],
    ["conv2d", "9, 9, 3", "conv2d(4, kernel: 3, strides: 2, use_bias: false)", "without bias"],
    ["dense", "3, 6", "dense(5)", "kernel [in, out], applied per time step"],
    ["dense", "3, 6", "dense(5, use_bias: false)", "without bias"],
    ["conv1d", "10, 3", "conv1d(4, kernel: 3)", "kernel [k, cin, cout]"],
    ["depthwise_conv2d", "8, 8, 3", "depthwise_conv2d(kernel: 3, depth_multiplier: 2)", "kernel [kh, kw, cin, mult]"],
    ["depthwise_conv2d", "8, 8, 3", "depthwise_conv2d(kernel: 3, use_bias: false)", "without bias"],
    ["separable_conv2d", "8, 8, 3", "separable_conv2d(5, kernel: 3, depth_multiplier: 2)", "pointwise [1, 1, cin·mult, cout]"],
    ["conv2d_transpose", "5, 5, 3", "conv2d_transpose(4, kernel: 3, strides: 2)", "kernel [kh, kw, cout, cin]"],
  ];
  for (const [op, shape, layer, what] of cases) {
    test(`into ${op}: ${what}`, () => {
      const r = runChecked(foldBatchNorm, spec(shape, `${layer} -> batchnorm -> flatten -> dense(3)`));
      expect(opsOf(r.before)).toEqual(["input", op, "batchnorm", "flatten", "dense"]);
      expect(opsOf(r.after)).toEqual(["input", op, "flatten", "dense"]);
      expect(r.after.nodes[1]!.attrs["use_bias"]).toBe(true);
      expect(r.plan).toEqual([{ kind: "fold_batchnorm", into: `${op}_1`, intoOp: op, from: "batchnorm_1", epsilon: 0.001 }]);
      expect(r.messages).toEqual([`folded batchnorm \`batchnorm_1\` into ${op} \`${op}_1\``]);
      expect(r.diff).toBeLessThan(TOL);
    });
  }

  test("BatchNorm without scale/center and a custom epsilon", () => {
    const r = runChecked(foldBatchNorm, spec("7, 7, 2", "conv2d(3, kernel: 3) -> batchnorm(scale: false, center: false, epsilon: 0.1) -> flatten -> dense(2)"));
    expect(r.plan[0]).toMatchObject({ kind: "fold_batchnorm", epsilon: 0.1 });
    expect(r.diff).toBeLessThan(TOL);
  });

  test("a named / output BatchNorm gives its name to the fused layer", () => {
    const r = runChecked(foldBatchNorm, spec("6", "dense(4) -> batchnorm"));
    expect(r.after.nodes.map((n) => n.id)).toEqual(["x", "y"]);
    expect(r.after.outputs).toEqual(["y"]);
    expect(r.plan).toEqual([
      { kind: "fold_batchnorm", into: "dense_1", intoOp: "dense", from: "y", epsilon: 0.001 },
      { kind: "rename", from: "dense_1", to: "y" },
    ]);
    expect(r.diff).toBeLessThan(TOL);
  });

  test("not folded: nonlinear activation, a second reader, or a non-channel axis", () => {
    const unchanged = [
      spec("6", "dense(4, activation: relu) -> batchnorm"),
      `model M {
        input x: f32[6]
        d = x -> dense(4)
        b = d -> batchnorm
        s = add(b, d)
        output s
      }`,
      spec("4, 6", "dense(3) -> batchnorm(axis: 1) -> flatten"),
      spec("6, 6, 2", "maxpool2d(2) -> batchnorm -> flatten"),
    ];
    for (const text of unchanged) {
      const g = graphOf(text);
      expect(foldBatchNorm.run(g).graph, text).toBe(g);
    }
  });
});

describe("fold-rescaling", () => {
  test("scale only into a `same` conv2d (the 1/255 in front of the first conv)", () => {
    const r = runChecked(foldRescaling, spec("8, 8, 1", "rescaling(scale: 1/255) -> conv2d(4, kernel: 3, padding: same, use_bias: false) -> flatten"), [0, 255]);
    expect(opsOf(r.after)).toEqual(["input", "conv2d", "flatten"]);
    expect(r.after.nodes[1]!.inputs).toEqual(["x"]);
    expect(r.after.nodes[1]!.attrs["use_bias"]).toBe(false);
    expect(r.plan).toEqual([{ kind: "fold_rescaling", into: "conv2d_1", intoOp: "conv2d", from: "rescaling_1", scale: 1 / 255, offset: 0 }]);
    expect(r.diff).toBeLessThan(TOL);
  });

  const withOffset: [string, string, string][] = [
    ["dense", "2, 5", "dense(4, use_bias: false)"],
    ["conv2d", "7, 7, 2", "conv2d(3, kernel: 3, strides: 2)"],
    ["conv1d", "9, 2", "conv1d(3, kernel: 2, dilation: 2)"],
    ["depthwise_conv2d", "7, 7, 2", "depthwise_conv2d(kernel: 3, depth_multiplier: 2)"],
  ];
  for (const [op, shape, layer] of withOffset) {
    test(`scale and offset into a valid ${op}`, () => {
      const r = runChecked(foldRescaling, spec(shape, `rescaling(scale: 0.5, offset: -1) -> ${layer} -> flatten`), [0, 4]);
      expect(opsOf(r.after)).toEqual(["input", op, "flatten"]);
      expect(r.after.nodes[1]!.attrs["use_bias"]).toBe(true);
      expect(r.plan[0]).toMatchObject({ kind: "fold_rescaling", intoOp: op, scale: 0.5, offset: -1 });
      expect(r.messages[0]).toContain("(scale 0.5, offset -1)");
      expect(r.diff).toBeLessThan(TOL);
    });
  }

  test("scale only into separable and transposed convs", () => {
    for (const layer of ["separable_conv2d(3, kernel: 3, padding: same)", "conv2d_transpose(3, kernel: 3, strides: 2)"]) {
      const r = runChecked(foldRescaling, spec("6, 6, 2", `rescaling(3) -> ${layer} -> flatten`));
      expect(r.after.nodes.some((n) => n.op === "rescaling")).toBe(false);
      expect(r.diff).toBeLessThan(TOL);
    }
  });

  test("not folded where inexact or impossible: offset with `same` padding, separable, two readers, no linear layer", () => {
    const unchanged = [
      spec("6, 6, 2", "rescaling(scale: 0.5, offset: 1) -> conv2d(3, kernel: 3, padding: same) -> flatten"),
      spec("6, 6, 2", "rescaling(scale: 0.5, offset: 1) -> separable_conv2d(3, kernel: 3) -> flatten"),
      spec("6, 6, 2", "rescaling(scale: 0.5) -> maxpool2d(2) -> flatten"),
      `model M {
        input x: f32[4]
        r = x -> rescaling(2)
        a = r -> dense(3)
        b = r -> dense(3)
        s = add(a, b)
        output s
      }`,
    ];
    for (const text of unchanged) {
      const g = graphOf(text);
      expect(foldRescaling.run(g).graph, text).toBe(g);
    }
  });
});

describe("remove-dropout", () => {
  test("dropouts disappear; an output dropout hands its name to its producer", () => {
    const r = runChecked(removeDropout, spec("6", "dense(4) -> dropout(0.5) -> dense(3) -> dropout(0.25)"));
    expect(opsOf(r.after)).toEqual(["input", "dense", "dense"]);
    expect(r.after.outputs).toEqual(["y"]);
    expect(r.plan).toEqual([{ kind: "rename", from: "dense_2", to: "y" }]);
    expect(r.messages).toEqual(["removed dropout `dropout_1`: dropout is an identity at inference", "removed dropout `y`: dropout is an identity at inference"]);
    expect(r.diff).toBeLessThan(TOL);
  });
  test("augmentation layers disappear too: they act only while training", () => {
    const r = runChecked(removeDropout, spec("8, 8, 1", "random_flip -> random_rotation(0.1) -> random_contrast(0.2, value_range: [0, 1]) -> flatten -> dense(3)"));
    expect(opsOf(r.after)).toEqual(["input", "flatten", "dense"]);
    expect(r.messages[0]).toBe("removed random_flip `random_flip_1`: augmentation is an identity at inference");
    expect(r.diff).toBeLessThan(TOL);
  });
});

test("inference passes return the very same graph when there is nothing to fold", () => {
  const g = graphOf(spec("6, 6, 1", "conv2d(2, kernel: 3, activation: relu) -> flatten -> dense(3)"));
  for (const pass of INFERENCE_PASSES) expect(pass.run(g).graph, pass.name).toBe(g);
  const all = runInferencePasses(g);
  expect(all.graph).toBe(g);
  expect(all.plan).toEqual([]);
});

describe("the inference pipeline", () => {
  test("a residual CNN: BN and rescaling folded, dropout gone, relu fused; valid after each pass; same numbers", () => {
    const before = graphOf(`
      block residual(filters) {
        input x
        a = x -> conv2d(filters, kernel: 3, padding: same, use_bias: false) -> batchnorm -> activation(relu)
              -> conv2d(filters, kernel: 3, padding: same, use_bias: false) -> batchnorm
        y = add(x, a) -> activation(relu)
        output y
      }
      model Net {
        input patch: f32[12, 12, 1]
        patch -> rescaling(scale: 1/255)
          -> conv2d(4, kernel: 3, padding: same, use_bias: false) -> batchnorm -> activation(relu)
          -> residual(4) -> maxpool2d(2)
          -> depthwise_conv2d(kernel: 3) -> batchnorm
          -> separable_conv2d(6, kernel: 3) -> batchnorm -> activation(relu)
          -> global_avgpool2d -> dropout(0.3) -> dense(5) -> batchnorm -> dense(3, activation: softmax) as out
        output out
      }`);
    const seen = new Set<string>();
    const result = runInferencePasses(before, undefined, {
      afterPass: (pass, g) => {
        seen.add(pass.name);
        expectValid(g);
      },
    });
    expect([...seen].sort()).toEqual(["fold-activation", "fold-batchnorm", "fold-rescaling", "remove-dropout"]);
    const count = (g: typeof before, op: string) => g.nodes.filter((n) => n.op === op).length;
    expect(count(before, "batchnorm")).toBe(6);
    expect(count(result.graph, "batchnorm")).toBe(0);
    expect(count(result.graph, "dropout")).toBe(0);
    expect(count(result.graph, "rescaling")).toBe(0);
    // conv → bn → relu became one conv with relu; only the relu after the residual add stays separate.
    expect(count(result.graph, "activation")).toBe(1);
    expect(result.plan.filter((s) => s.kind === "fold_batchnorm")).toHaveLength(6);
    expect(result.plan.filter((s) => s.kind === "fold_rescaling")).toHaveLength(1);
    expect(before.nodes.length - result.graph.nodes.length).toBe(6 + 1 + 1 + 3);
    expect(outputDifference(before, result.graph, { plan: result.plan }, [0, 255])).toBeLessThan(TOL);
  });
});
