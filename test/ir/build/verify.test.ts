/** `verifyGraph` on every example spec (must be clean), on deliberately broken graphs, and graph helpers. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { verifyGraph } from "../../../src/ir/verify.js";
import { consumerMap, consumers, getNode, nodeMap, topoSort } from "../../../src/ir/graph.js";
import type { IRGraph, IRNode } from "../../../src/ir/types.js";
import { buildDsl } from "./dsl.js";

const SPECS = join(import.meta.dirname, "../../../specs");

function residual(): IRGraph {
  const b = buildDsl(`
model Res {
  input x: f32[8, 8, 4]
  a = x -> conv2d(4, kernel: 3, padding: same)
  b = x -> conv2d(4, kernel: 1)
  y = add(a, b)
  y -> flatten -> dense(2) as out
  output out
}`);
  expect(b.diagnostics).toEqual([]);
  return b.graph!;
}

function withNodes(g: IRGraph, nodes: IRNode[]): IRGraph {
  return { ...g, nodes };
}

describe("verifyGraph", () => {
  const dslSpecs = readdirSync(SPECS).filter((f) => f.endsWith(".mfgnet"));
  test.each(dslSpecs)("example spec %s builds a clean graph and config", (file) => {
    const b = buildDsl(readFileSync(join(SPECS, file), "utf8"));
    expect(b.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(verifyGraph(b.graph!)).toEqual([]);
    expect(b.train).toBeDefined();
  });

  test("a built graph is clean", () => {
    expect(verifyGraph(residual())).toEqual([]);
  });

  test("catches duplicate ids, bad ids, missing and out-of-order inputs", () => {
    const g = residual();
    expect(g.nodes.map((n) => n.id)).toEqual(["x", "a", "b", "y", "flatten_1", "out"]);
    const [x, a, b, ...rest] = g.nodes;
    expect(verifyGraph(withNodes(g, [x!, a!, { ...b!, id: "a" }, ...rest]))).toContain("duplicate node id `a`");
    expect(verifyGraph(withNodes(g, [x!, { ...a!, id: "bad-id" }, b!, ...rest])).join("\n")).toContain("`bad-id` is not a valid identifier stem");
    expect(verifyGraph(withNodes(g, [x!, { ...a!, inputs: ["nope"] }, b!, ...rest]))).toContain("node `a` reads missing node `nope`");
    expect(verifyGraph(withNodes(g, [x!, b!, ...rest.slice(0, 1), a!, ...rest.slice(1)])).join("\n")).toContain("not topological");
  });

  test("catches shapes and dtypes that inference would not give", () => {
    const g = residual();
    const badShape = g.nodes.map((n) => (n.id === "out" ? { ...n, shape: [3] } : n));
    expect(verifyGraph(withNodes(g, badShape))).toEqual(["node `out`: shape [3] but inference gives [2]"]);
    const badDtype = g.nodes.map((n) => (n.id === "flatten_1" ? { ...n, dtype: "i32" as const } : n));
    expect(verifyGraph(withNodes(g, badDtype))).toEqual([
      "node `flatten_1`: dtype `i32` but inference gives `f32`",
      // Its consumer is re-inferred from the stored (wrong) dtype, so it is flagged too.
      "node `out`: re-running inference fails (`dense` expects `f32` input but gets `i32`)",
    ]);
  });

  test("catches inconsistent input and output lists", () => {
    const g = residual();
    expect(verifyGraph({ ...g, inputs: [] }).join("\n")).toContain("do not match the input nodes");
    expect(verifyGraph({ ...g, outputs: ["ghost"] })).toContain("graph output `ghost` is not a node");
    expect(verifyGraph({ ...g, outputs: [] })).toContain("graph has no outputs");
  });

  test("catches arity and unknown ops", () => {
    const g = residual();
    const nodes = g.nodes.map((n) => (n.op === "add" ? { ...n, inputs: [n.inputs[0]!] } : n.op === "flatten" ? { ...n, op: "flattn" } : n));
    const problems = verifyGraph(withNodes(g, nodes)).join("\n");
    expect(problems).toContain("node `y` has 1 inputs");
    expect(problems).toContain("unknown op `flattn`");
  });
});

describe("graph helpers", () => {
  test("lookup and consumers", () => {
    const g = residual();
    expect(getNode(g, "y")?.op).toBe("add");
    expect(nodeMap(g).get("a")?.op).toBe("conv2d");
    expect(consumers(g, "x").map((n) => n.id)).toEqual(["a", "b"]);
    expect(consumerMap(g).get("a")!.map((n) => n.id)).toEqual(["y"]);
    expect(consumerMap(g).get("out")).toEqual([]);
  });

  test("topoSort restores a valid order with ties by source position", () => {
    const g = residual();
    const shuffled = [...g.nodes].reverse();
    expect(topoSort(shuffled).map((n) => n.id)).toEqual(g.nodes.map((n) => n.id));
    // Two independent branches: the one written first comes first even if listed later.
    const [x, a, b, ...rest] = g.nodes;
    expect(topoSort([x!, b!, a!, ...rest]).map((n) => n.id).slice(0, 3)).toEqual(["x", "a", "b"]);
  });

  test("topoSort throws on a cycle (a compiler bug, not a user error)", () => {
    const g = residual();
    const cyclic = g.nodes.map((n) => (n.id === "a" ? { ...n, inputs: ["y"] } : n));
    expect(() => topoSort(cyclic)).toThrow(/cycle/);
  });
});
