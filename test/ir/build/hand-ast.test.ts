/** Builder tests on hand-built ASTs: the pipeline without any front-end. */
import { describe, expect, test } from "vitest";
import { buildIR } from "../../../src/ir/build/index.js";
import { getOp } from "../../../src/ir/ops/registry.js";
import { verifyGraph } from "../../../src/ir/verify.js";
import type { IRGraph } from "../../../src/ir/types.js";
import { bin, block, id, call, flow, input, model, output, param, spec, step } from "./ast-helpers.js";

function totalParams(graph: IRGraph): number {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  let total = 0;
  for (const n of graph.nodes) {
    if (n.op === "input") continue;
    const c = getOp(n.op)!.paramCount(n.attrs, n.inputs.map((i) => byId.get(i)!.shape));
    total += c.trainable + c.nonTrainable;
  }
  return total;
}

describe("buildIR on hand-built ASTs", () => {
  test("the tutorial CNN: ids, shapes and 93,322 parameters", () => {
    const m = model(
      "FashionCnn",
      input("image", "f32", [28, 28, 1]),
      flow("image", [
        call("conv2d", 32, ["kernel", 3], ["activation", "relu"]),
        call("maxpool2d", 2),
        call("conv2d", 64, ["kernel", 3], ["activation", "relu"]),
        call("maxpool2d", 2),
        call("conv2d", 64, ["kernel", 3], ["activation", "relu"]),
        call("flatten"),
        call("dense", 64, ["activation", "relu"]),
        step(call("dense", 10, ["activation", "softmax"]), { as: "probs" }),
      ]),
      output("probs"),
    );
    const r = buildIR(spec({ models: [m] }));
    expect(r.diagnostics).toEqual([]);
    const g = r.graph!;
    expect(g.nodes.map((n) => [n.id, n.shape])).toEqual([
      ["image", [28, 28, 1]],
      ["conv2d_1", [26, 26, 32]],
      ["maxpool2d_1", [13, 13, 32]],
      ["conv2d_2", [11, 11, 64]],
      ["maxpool2d_2", [5, 5, 64]],
      ["conv2d_3", [3, 3, 64]],
      ["flatten_1", [576]],
      ["dense_1", [64]],
      ["probs", [10]],
    ]);
    expect(g.inputs).toEqual(["image"]);
    expect(g.outputs).toEqual(["probs"]);
    expect(g.nodes.find((n) => n.id === "conv2d_1")!.attrs).toMatchObject({ filters: 32, kernel: [3, 3], strides: [1, 1], padding: "valid", activation: "relu" });
    expect(totalParams(g)).toBe(93_322);
    expect(verifyGraph(g)).toEqual([]);
    expect(r.train).toBeUndefined();
  });

  test("blocks with defaults, arithmetic and repeat get scope-prefixed ids", () => {
    const b = block(
      "mlp",
      [param("d"), param("mult", 2)],
      input("x"),
      flow("x", [call("dense", bin("*", id("d"), id("mult"))), call("dense", "d")], "y"),
      output("y"),
    );
    const m = model("M", input("v", "f32", [8]), flow("v", [step(call("mlp", 4), { repeat: 2 }), step(call("mlp", 3, ["mult", 3]), { as: "out" })]), output("out"));
    const r = buildIR(spec({ blocks: [b], models: [m] }));
    expect(r.diagnostics).toEqual([]);
    expect(r.graph!.nodes.map((n) => `${n.id}:${n.shape.join("x")}`)).toEqual([
      "v:8",
      "mlp_1_dense_1:8",
      "mlp_1_y:4",
      "mlp_2_dense_1:8",
      "mlp_2_y:4",
      "mlp_3_dense_1:9",
      "out:3",
    ]);
    expect(r.graph!.nodes.find((n) => n.id === "mlp_2_y")!.scope).toEqual(["mlp_2"]);
    expect(verifyGraph(r.graph!)).toEqual([]);
  });
});
