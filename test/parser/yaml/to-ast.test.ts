/** YAML → AST: the DESIGN.md sketch (completed to the full FashionCnn), flows, blocks, scalars, spans. */
import { describe, expect, test } from "vitest";
import type { BlockDecl, CallExpr, Expr, FlowStmt, ModelDecl, Spec } from "../../../src/parser/ast.js";
import { parseDsl } from "../../../src/parser/dsl/index.js";
import { parse, spanText, stripSpans } from "./helpers.js";

const FASHION_CNN_YAML = `mfgnet: 1
model:
  name: FashionCnn
  inputs: { image: { shape: [28, 28, 1], dtype: f32 } }
  layers:
    - conv2d: { filters: 32, kernel: 3, activation: relu }
    - maxpool2d: { pool: 2 }
    - conv2d: { filters: 64, kernel: 3, activation: relu }
    - maxpool2d: { pool: 2 }
    - conv2d: { filters: 64, kernel: 3, activation: relu }
    - flatten
    - dense: { units: 64, activation: relu }
    - dense: { units: 10, activation: softmax, as: probs }
  outputs: [probs]
train:
  data:
    train: { idx: { images: "train-images-idx3-ubyte.gz", labels: "train-labels-idx1-ubyte.gz", scale: 1/255 } }
    validation: { split: 0.1 }
  optimizer: { adam: { lr: 0.001 } }
  loss: categorical_crossentropy
  metrics: [accuracy, precision, recall, f1]
  epochs: 10
  batch: 32
  seed: 42
  early_stopping: { monitor: val_loss, patience: 3 }
`;

/** The same spec in the DSL, written with the forms the YAML has (named arguments, object values). */
const FASHION_CNN_DSL = `model FashionCnn {
  input image: f32[28, 28, 1]
  image
    -> conv2d(filters: 32, kernel: 3, activation: relu)
    -> maxpool2d(pool: 2)
    -> conv2d(filters: 64, kernel: 3, activation: relu)
    -> maxpool2d(pool: 2)
    -> conv2d(filters: 64, kernel: 3, activation: relu)
    -> flatten
    -> dense(units: 64, activation: relu)
    -> dense(units: 10, activation: softmax) as probs
  output probs
}
train FashionCnn {
  data { train: { idx: { images: "train-images-idx3-ubyte.gz", labels: "train-labels-idx1-ubyte.gz", scale: 1/255 } }
         validation: { split: 0.1 } }
  optimizer { adam: { lr: 0.001 } }
  loss categorical_crossentropy
  metrics [accuracy, precision, recall, f1]
  epochs 10
  batch 32
  seed 42
  early_stopping { monitor: val_loss, patience: 3 }
}
`;

const id = (name: string) => ({ kind: "ident", name });
const num = (value: number) => ({ kind: "number", value });
const named = (name: string, value: unknown) => ({ kind: "arg", name: id(name), value });
const call = (name: string, ...args: unknown[]) => ({ kind: "call", callee: id(name), args });
const step = (c: unknown, alias?: string) => ({ kind: "step", call: c, ...(alias ? { alias: id(alias) } : {}) });

function parseOk(text: string): Spec {
  const r = parse(text);
  expect(r.diagnostics).toEqual([]);
  return r.spec!;
}

describe("YAML → AST", () => {
  test("the FashionCnn model converts to one input, one flow from the input, one output", () => {
    const spec = parseOk(FASHION_CNN_YAML);
    expect(spec.models).toHaveLength(1);
    const model = stripSpans(spec.models[0]) as ModelDecl;
    expect(model.name).toEqual(id("FashionCnn"));
    expect(model.body).toEqual([
      { kind: "input", name: id("image"), dtype: id("f32"), shape: [num(28), num(28), num(1)] },
      {
        kind: "flow",
        source: id("image"),
        steps: [
          step(call("conv2d", named("filters", num(32)), named("kernel", num(3)), named("activation", id("relu")))),
          step(call("maxpool2d", named("pool", num(2)))),
          step(call("conv2d", named("filters", num(64)), named("kernel", num(3)), named("activation", id("relu")))),
          step(call("maxpool2d", named("pool", num(2)))),
          step(call("conv2d", named("filters", num(64)), named("kernel", num(3)), named("activation", id("relu")))),
          step(call("flatten")),
          step(call("dense", named("units", num(64)), named("activation", id("relu")))),
          step(call("dense", named("units", num(10)), named("activation", id("softmax"))), "probs"),
        ],
      },
      { kind: "output", names: [id("probs")] },
    ]);
  });

  test("train settings keep their shape: scalars by the rules, maps as objects, lists as lists", () => {
    const spec = parseOk(FASHION_CNN_YAML);
    const train = stripSpans(spec.trains[0]) as { model: unknown; settings: { key: { name: string }; value: Expr }[] };
    expect(train.model).toEqual(id("FashionCnn"));
    expect(train.settings.map((s) => s.key.name)).toEqual(["data", "optimizer", "loss", "metrics", "epochs", "batch", "seed", "early_stopping"]);
    const byKey = Object.fromEntries(train.settings.map((s) => [s.key.name, s.value]));
    expect(byKey["optimizer"]).toEqual({ kind: "object", entries: [{ kind: "entry", key: id("adam"), value: { kind: "object", entries: [{ kind: "entry", key: id("lr"), value: num(0.001) }] } }] });
    expect(byKey["loss"]).toEqual(id("categorical_crossentropy"));
    expect(byKey["metrics"]).toEqual({ kind: "list", items: [id("accuracy"), id("precision"), id("recall"), id("f1")] });
    const idx = JSON.stringify(byKey["data"]);
    expect(idx).toContain(JSON.stringify({ kind: "entry", key: id("images"), value: { kind: "string", value: "train-images-idx3-ubyte.gz" } }));
    expect(idx).toContain(JSON.stringify({ kind: "entry", key: id("scale"), value: { kind: "binary", op: "/", left: num(1), right: num(255) } }));
  });

  test("the YAML and the DSL forms of FashionCnn give the same AST (ignoring spans)", () => {
    const dsl = parseDsl(FASHION_CNN_DSL, "f.mfgnet");
    expect(dsl.diagnostics).toEqual([]);
    expect(stripSpans(parseOk(FASHION_CNN_YAML))).toEqual(stripSpans(dsl.spec));
  });

  test("spans are those of the YAML nodes", () => {
    const spec = parseOk(FASHION_CNN_YAML);
    const flow = spec.models[0]!.body[1] as FlowStmt;
    const first = flow.steps[0]!.call;
    expect(spanText(FASHION_CNN_YAML, { span: first.callee.span } as never)).toBe("conv2d");
    expect(spanText(FASHION_CNN_YAML, { span: first.args[0]!.value.span } as never)).toBe("32");
    expect(spanText(FASHION_CNN_YAML, { span: first.args[0]!.span } as never)).toBe("filters: 32");
    expect(spanText(FASHION_CNN_YAML, { span: flow.steps[7]!.alias!.span } as never)).toBe("probs");
    const scale = JSON.stringify(spec.trains[0]!.settings[0]!.value);
    expect(scale).toBeDefined();
    const data = spec.trains[0]!.settings[0]!.value as Expr & { kind: "object" };
    const trainSrc = (data.entries[0]!.value as Expr & { kind: "object" }).entries[0]!.value as Expr & { kind: "object" };
    const scaleExpr = trainSrc.entries[2]!.value as Expr & { kind: "binary" };
    expect(spanText(FASHION_CNN_YAML, { span: scaleExpr.span } as never)).toBe("1/255");
    expect(spanText(FASHION_CNN_YAML, { span: scaleExpr.right.span } as never)).toBe("255");
  });

  test("`from` starts a new flow; later items continue it; one name or a tuple", () => {
    const text = `mfgnet: 1
model:
  name: Res
  inputs: { x: { shape: [8], dtype: f32 } }
  layers:
    - dense: { units: 8, as: a }
    - dense: { units: 8, from: x, as: b }
    - relu_like: { from: [a, b] }
    - dense: { units: 2, as: y }
  outputs: [y]
`;
    const r = parse(text);
    // `relu_like` is no op: the checker reports it (MFG3008), not the front-end.
    expect(r.diagnostics.map((d) => d.code)).toEqual([]);
    const flows = r.spec!.models[0]!.body.filter((s): s is FlowStmt => s.kind === "flow").map((f) => stripSpans(f) as FlowStmt);
    expect(flows.map((f) => [f.source, f.steps.length])).toEqual([
      [id("x"), 1],
      [id("x"), 1],
      [{ kind: "tuple", items: [id("a"), id("b")] }, 2],
    ]);
  });

  test("scalar rules: numbers, booleans, identifiers, expressions, quoted strings, other text", () => {
    const text = `mfgnet: 1
model:
  name: M
  inputs: { x: { shape: ["?", d * 4], dtype: f32 } }
  layers:
    - widget: { a: 1e-3, b: -1, c: true, d: relu, e: "relu", f: 1/255, g: 'd * 4', h: foo.csv, i: 0.5, j: -(d + 1) / 2 }
  outputs: [y]
`;
    const r = parse(text);
    const flow = r.spec!.models[0]!.body.find((s): s is FlowStmt => s.kind === "flow")!;
    const args = Object.fromEntries((stripSpans(flow.steps[0]!.call) as CallExpr).args.map((a) => [a.name!.name, a.value]));
    expect(args).toEqual({
      a: num(0.001),
      b: { kind: "unary", op: "-", operand: num(1) },
      c: { kind: "bool", value: true },
      d: id("relu"),
      e: { kind: "string", value: "relu" },
      f: { kind: "binary", op: "/", left: num(1), right: num(255) },
      g: { kind: "string", value: "d * 4" },
      h: { kind: "string", value: "foo.csv" },
      i: num(0.5),
      j: { kind: "binary", op: "/", left: { kind: "unary", op: "-", operand: { kind: "binary", op: "+", left: id("d"), right: num(1) } }, right: num(2) },
    });
    const input = stripSpans(r.spec!.models[0]!.body[0]) as { shape: unknown[] };
    expect(input.shape).toEqual([id("?"), { kind: "binary", op: "*", left: id("d"), right: num(4) }]);
  });

  test("scalar shorthand, `args`, `repeat`, nested layers, bare names", () => {
    const text = `mfgnet: 1
blocks:
  encoder:
    params: { d: null, heads: null, ff: 128 }
    inputs: [x]
    layers:
      - multi_head_attention: { args: [heads], key_dim: d / heads }
      - dense: { units: ff, activation: relu }
      - dense: { units: d, as: y }
    outputs: [y]
model:
  name: M
  inputs: { t: { shape: ["?", 64], dtype: f32 } }
  layers:
    - encoder: { d: 64, heads: 4, repeat: 6 }
    - bidirectional: { layer: { lstm: { units: 32 } } }
    - maxpool1d: 2
    - flatten
    - dense: { units: 1, as: out }
  outputs: [out]
`;
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    const block = stripSpans(r.spec!.blocks[0]) as BlockDecl;
    expect(block.name).toEqual(id("encoder"));
    expect(block.params).toEqual([
      { kind: "param", name: id("d") },
      { kind: "param", name: id("heads") },
      { kind: "param", name: id("ff"), default: num(128) },
    ]);
    expect(block.body[0]).toEqual({ kind: "input", name: id("x") });
    expect((block.body[1] as FlowStmt).source).toEqual(id("x"));
    expect((block.body[1] as FlowStmt).steps[0]!.call).toEqual(
      call("multi_head_attention", { kind: "arg", value: id("heads") }, named("key_dim", { kind: "binary", op: "/", left: id("d"), right: id("heads") })),
    );
    expect(block.body[2]).toEqual({ kind: "output", names: [id("y")] });

    const steps = (stripSpans(r.spec!.models[0]!.body[1]) as FlowStmt).steps;
    expect(steps[0]).toEqual({ kind: "step", call: call("encoder", named("d", num(64)), named("heads", num(4))), repeat: num(6) });
    expect(steps[1]!.call).toEqual(call("bidirectional", named("layer", call("lstm", named("units", num(32))))));
    expect(steps[2]!.call).toEqual(call("maxpool1d", { kind: "arg", value: num(2) }));
    expect(steps[3]!.call).toEqual(call("flatten"));
  });

  test("aliases resolve to the anchored value", () => {
    const text = `mfgnet: 1
model:
  name: M
  inputs: { x: { shape: &s [4, 4], dtype: f32 }, z: { shape: *s, dtype: f32 } }
  layers: [flatten: { as: y }]
  outputs: [y]
`;
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    const [x, z] = r.spec!.models[0]!.body.map((s) => stripSpans(s)) as { shape: unknown }[];
    expect(z!.shape).toEqual(x!.shape);
  });

  test("a spec with schema errors still comes back, partially", () => {
    const r = parse("mfgnet: 1\nmodel:\n  name: M\n  layers: [flatten]\n");
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.spec?.models[0]?.name.name).toBe("M");
  });
});
