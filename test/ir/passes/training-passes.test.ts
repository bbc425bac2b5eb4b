/**
 * Every training pass, proven on a graph that triggers it: the graph changes as reported, the IR stays
 * valid, and the model computes the same numbers (same weights carried by node, same inputs).
 */
import { beforeAll, describe, expect, test } from "vitest";
import { collapseReshapes } from "../../../src/ir/passes/collapse-reshapes.js";
import { removeDeadCode } from "../../../src/ir/passes/dead-code.js";
import { flattenMerges } from "../../../src/ir/passes/flatten-merges.js";
import { foldActivation } from "../../../src/ir/passes/fold-activation.js";
import { foldActivationChain } from "../../../src/ir/passes/fold-activation-chain.js";
import { mergeScalings } from "../../../src/ir/passes/merge-scalings.js";
import type { Pass } from "../../../src/ir/passes/pass.js";
import { removeIdentities } from "../../../src/ir/passes/remove-identities.js";
import { runPasses, TRAINING_PASSES } from "../../../src/ir/passes/pipeline.js";
import { expectValid, graphOf, opsOf, outputDifference, useCpu } from "./helpers.js";

beforeAll(useCpu);

const TOL = 1e-5;

async function runChecked(pass: Pass, text: string) {
  const before = graphOf(text);
  expectValid(before);
  const result = pass.run(before);
  expect(result.graph).not.toBe(before);
  expectValid(result.graph);
  const messages = result.changes.map((c) => c.message);
  const diff = await outputDifference(before, result.graph, { renamed: result.renamed ?? {} });
  return { before, after: result.graph, messages, renamed: result.renamed ?? {}, diff };
}

describe("fold-activation", () => {
  test("fuses standalone activations into conv and dense; a named activation lends its name", async () => {
    const r = await runChecked(
      foldActivation,
      `model M {
        input x: f32[6, 6, 2]
        x -> conv2d(3, kernel: 3) -> activation(relu) as r -> flatten -> dense(4) -> activation(tanh) -> dense(2) as y
        output y
      }`,
    );
    expect(r.before.nodes).toHaveLength(7);
    expect(r.after.nodes).toHaveLength(5);
    expect(opsOf(r.after)).toEqual(["input", "conv2d", "flatten", "dense", "dense"]);
    expect(r.messages).toEqual(["fused activation relu into conv2d `conv2d_1`", "fused activation tanh into dense `dense_1`"]);
    expect(r.renamed).toEqual({ conv2d_1: "r" });
    expect(r.after.nodes.find((n) => n.id === "r")?.attrs["activation"]).toBe("relu");
    expect(r.diff).toBeLessThan(TOL);
  });

  test("a conv whose pre-activation value has another reader is left alone", () => {
    const g = graphOf(`model M {
      input x: f32[4]
      c = x -> dense(3)
      a = c -> activation(relu)
      s = add(a, c)
      output s
    }`);
    expect(foldActivation.run(g).graph).toBe(g);
  });
});

describe("fold-activation-chain", () => {
  test("relu -> relu6 -> relu collapses into the dense's relu6", async () => {
    const r = await runChecked(
      foldActivationChain,
      `model M {
        input x: f32[5]
        x -> dense(4, activation: relu) -> activation(relu6) -> activation(relu) -> dense(2) as y
        output y
      }`,
    );
    expect(opsOf(r.before)).toEqual(["input", "dense", "activation", "activation", "dense"]);
    expect(opsOf(r.after)).toEqual(["input", "dense", "dense"]);
    expect(r.after.nodes[1]!.attrs["activation"]).toBe("relu6");
    expect(r.messages).toEqual([
      "folded activation relu6 after relu of dense `dense_1` into relu6",
      "folded activation relu after relu6 of dense `dense_1` into relu6",
    ]);
    // Inputs large enough that relu6 clips.
    expect(await outputDifference(r.before, r.after, {}, [-20, 20])).toBeLessThan(TOL);
    expect(r.diff).toBeLessThan(TOL);
  });
});

describe("remove-identities", () => {
  test("a chain of identities disappears; a named output identity renames its producer", async () => {
    const r = await runChecked(
      removeIdentities,
      `model M {
        input x: f32[4]
        x -> dense(4) -> dropout(0) -> activation(linear) -> rescaling(1) -> dense(2) -> dropout(0) as out
        output out
      }`,
    );
    expect(r.before.nodes).toHaveLength(7);
    expect(opsOf(r.after)).toEqual(["input", "dense", "dense"]);
    expect(r.after.outputs).toEqual(["out"]);
    expect(r.renamed).toEqual({ dense_2: "out" });
    expect(r.messages).toEqual([
      "removed dropout `dropout_1`: dropout with rate 0",
      "removed activation `activation_1`: linear activation",
      "removed rescaling `rescaling_1`: rescaling by 1 with offset 0",
      "removed dropout `out`: dropout with rate 0",
    ]);
    expect(r.diff).toBeLessThan(TOL);
  });
});

describe("merge-scalings", () => {
  test("three rescalings become one with the composed scale and offset", async () => {
    const r = await runChecked(
      mergeScalings,
      `model M {
        input x: f32[3]
        x -> rescaling(scale: 2, offset: 1) -> rescaling(scale: 0.5, offset: -0.25) -> rescaling(3) -> dense(2) as y
        output y
      }`,
    );
    expect(opsOf(r.after)).toEqual(["input", "rescaling", "dense"]);
    const merged = r.after.nodes[1]!;
    expect(merged.attrs["scale"]).toBeCloseTo(3, 12);
    expect(merged.attrs["offset"]).toBeCloseTo(0.75, 12);
    expect(r.messages).toHaveLength(2);
    expect(r.messages[0]).toBe("merged rescaling `rescaling_1` into rescaling `rescaling_2`: scale 1, offset 0.25");
    expect(r.diff).toBeLessThan(TOL);
  });
});

describe("collapse-reshapes", () => {
  test("flatten -> reshape -> reshape becomes one reshape", async () => {
    const r = await runChecked(
      collapseReshapes,
      `model M {
        input x: f32[4, 6, 2]
        x -> flatten -> reshape([8, 6]) -> reshape([48]) -> dense(2) as y
        output y
      }`,
    );
    expect(opsOf(r.before)).toEqual(["input", "flatten", "reshape", "reshape", "dense"]);
    expect(opsOf(r.after)).toEqual(["input", "reshape", "dense"]);
    expect(r.after.nodes[1]!.attrs["target"]).toEqual([48]);
    expect(r.messages).toHaveLength(2);
    expect(r.diff).toBeLessThan(TOL);
  });
});

describe("flatten-merges", () => {
  test("add(add(a, b), c) and nested concats become single merges", async () => {
    const r = await runChecked(
      flattenMerges,
      `model M {
        input x: f32[4]
        a = x -> dense(3)
        b = x -> dense(3)
        c = x -> dense(3)
        s = add(a, b) -> add(c)
        k = concat(a, b) -> concat(c)
        output s, k
      }`,
    );
    expect(r.before.nodes.filter((n) => n.op === "add" || n.op === "concat")).toHaveLength(4);
    const merges = r.after.nodes.filter((n) => n.op === "add" || n.op === "concat");
    expect(merges.map((m) => [m.id, m.inputs])).toEqual([
      ["s", ["a", "b", "c"]],
      ["k", ["a", "b", "c"]],
    ]);
    expect(r.messages).toEqual(["merged add `add_1` into add `s` (3 inputs)", "merged concat `concat_1` into concat `k` (3 inputs)"]);
    expect(r.diff).toBeLessThan(TOL);
  });
});

describe("dead-code", () => {
  test("a branch that reaches no output is removed", async () => {
    const r = await runChecked(
      removeDeadCode,
      `model M {
        input x: f32[4]
        y = x -> dense(3)
        unused = x -> dense(5) -> dense(2)
        output y
      }`,
    );
    expect(r.before.nodes).toHaveLength(4);
    expect(r.after.nodes.map((n) => n.id)).toEqual(["x", "y"]);
    expect(r.messages).toEqual(["removed dense `dense_1`: its value reaches no output", "removed dense `unused`: its value reaches no output"]);
    expect(r.diff).toBeLessThan(TOL);
  });
});

describe("every pass returns the very same graph when it has nothing to do", () => {
  const clean = `model M {
    input x: f32[6, 6, 1]
    a = x -> conv2d(2, kernel: 3, activation: relu) -> flatten -> dense(4, activation: tanh)
    b = x -> flatten -> dense(4)
    s = add(a, b) -> dense(2, activation: softmax)
    output s
  }`;
  for (const pass of TRAINING_PASSES) {
    test(pass.name, () => {
      const g = graphOf(clean);
      const r = pass.run(g);
      expect(r.graph).toBe(g);
      expect(r.changes).toEqual([]);
    });
  }
});

describe("the whole training pipeline", () => {
  test("a graph that needs every pass: valid after each pass, same numbers at the end", async () => {
    const before = graphOf(`model M {
      input x: f32[8, 8, 2]
      c = x -> rescaling(scale: 2, offset: -1) -> rescaling(0.5)
            -> conv2d(4, kernel: 3) -> dropout(0) -> activation(relu) -> activation(relu6)
            -> flatten -> reshape([36, 4]) -> flatten
      d1 = c -> dense(5)
      d2 = c -> dense(5)
      d3 = c -> dense(5)
      s = add(d1, d2) -> add(d3) -> activation(linear) -> dense(3) -> activation(sigmoid) as y
      dead = c -> dense(7)
      output y
    }`);
    const seen: string[] = [];
    const result = runPasses(before, TRAINING_PASSES, {
      afterPass: (pass, g) => {
        seen.push(pass.name);
        expectValid(g);
      },
    });
    expect(new Set(seen)).toEqual(new Set(TRAINING_PASSES.map((p) => p.name)));
    expect(before.nodes).toHaveLength(19);
    expect(opsOf(result.graph)).toEqual(["input", "rescaling", "conv2d", "reshape", "dense", "dense", "dense", "add", "dense"]);
    expect(result.graph.outputs).toEqual(["y"]);
    expect(await outputDifference(before, result.graph, { renamed: result.renamed }, [-3, 3])).toBeLessThan(TOL);
  });
});
