/** Graphs that build: exact ids, shapes, parameter counts, and `verifyGraph` on each. */
import { describe, expect, test } from "vitest";
import { verifyGraph } from "../../../src/ir/verify.js";
import { buildDsl, shapes, totalParams } from "./dsl.js";

const CNN = `
model FashionCnn {
  input image: f32[28, 28, 1]
  image
    -> conv2d(32, kernel: 3, activation: relu)
    -> maxpool2d(2)
    -> conv2d(64, kernel: 3, activation: relu)
    -> maxpool2d(2)
    -> conv2d(64, kernel: 3, activation: relu)
    -> flatten
    -> dense(64, activation: relu)
    -> dense(10, activation: softmax) as probs
  output probs
}
`;

describe("graphs", () => {
  test("tutorial CNN: exact shapes and 93,322 parameters", () => {
    const b = buildDsl(CNN);
    expect(b.diagnostics).toEqual([]);
    const g = b.graph!;
    expect(g.name).toBe("FashionCnn");
    expect(shapes(g)).toEqual([
      "image:28x28x1",
      "conv2d_1:26x26x32",
      "maxpool2d_1:13x13x32",
      "conv2d_2:11x11x64",
      "maxpool2d_2:5x5x64",
      "conv2d_3:3x3x64",
      "flatten_1:576",
      "dense_1:64",
      "probs:10",
    ]);
    expect(totalParams(g)).toBe(93_322);
    const probs = g.nodes.at(-1)!;
    expect(probs).toMatchObject({ op: "dense", userName: "probs", inputs: ["dense_1"], dtype: "f32", scope: [] });
    expect(probs.attrs).toEqual({ units: 10, activation: "softmax", use_bias: true });
    expect(b.at(probs.span)).toBe("12:8");
    expect(g.nodes[0]).toMatchObject({ op: "input", attrs: { dtype: "f32", shape: [28, 28, 1] } });
    expect(verifyGraph(g)).toEqual([]);
  });

  test("residual graph with named nodes, `add(a, b)` as a source and `x -> add(skip)` as a step", () => {
    const b = buildDsl(`
model Res {
  input x: f32[16, 16, 8]
  a = x -> conv2d(8, kernel: 3, padding: same) -> batchnorm
  y = add(x, a) -> activation(relu)
  z = y -> conv2d(8, kernel: 1) -> add(y) as merged
  output z
}`);
    expect(b.diagnostics).toEqual([]);
    const g = b.graph!;
    expect(shapes(g)).toEqual(["x:16x16x8", "conv2d_1:16x16x8", "a:16x16x8", "add_1:16x16x8", "y:16x16x8", "conv2d_2:16x16x8", "z:16x16x8"]);
    expect(g.nodes.find((n) => n.id === "add_1")!.inputs).toEqual(["x", "a"]);
    // `as merged` and `z =` name the same value; the id is the name `output` uses.
    expect(g.nodes.find((n) => n.id === "z")!.inputs).toEqual(["conv2d_2", "y"]);
    expect(g.outputs).toEqual(["z"]);
    expect(verifyGraph(g)).toEqual([]);
  });

  test("multi-input, multi-output: image + tabular fusion with two heads", () => {
    const b = buildDsl(`
model Fusion {
  input image: f32[32, 32, 3]
  input sensors: f32[12]
  img = image -> conv2d(8, kernel: 3) -> global_avgpool2d
  tab = sensors -> dense(16, activation: relu)
  joint = concat(img, tab) -> dense(32, activation: relu)
  defect = joint -> dense(4, activation: softmax)
  severity = joint -> dense(1)
  output defect, severity
}`);
    expect(b.diagnostics).toEqual([]);
    const g = b.graph!;
    expect(g.inputs).toEqual(["image", "sensors"]);
    expect(g.outputs).toEqual(["defect", "severity"]);
    expect(shapes(g)).toEqual([
      "image:32x32x3",
      "sensors:12",
      "conv2d_1:30x30x8",
      "img:8",
      "tab:16",
      "concat_1:24",
      "joint:32",
      "defect:4",
      "severity:1",
    ]);
    expect(verifyGraph(g)).toEqual([]);
  });

  test("a tuple source feeds several tensors to a multi-input op", () => {
    const b = buildDsl(`
model T {
  input a: f32[4]
  input b: f32[6]
  (a, b) -> concat(axis: -1) -> dense(2) as out
  output out
}`);
    expect(b.diagnostics).toEqual([]);
    expect(b.graph!.nodes.find((n) => n.op === "concat")!.inputs).toEqual(["a", "b"]);
    expect(verifyGraph(b.graph!)).toEqual([]);
  });

  test("Transformer encoder block with defaults and arithmetic, repeated 2×", () => {
    const b = buildDsl(`
block encoder(d, heads, ff = d * 2, rate = 0.1) {
  input x
  att = x -> multi_head_attention(heads: heads, key_dim: d / heads, dropout: rate)
  h = add(x, att) -> layernorm
  f = h -> dense(ff, activation: gelu) -> dropout(rate) -> dense(d)
  y = add(h, f) -> layernorm
  output y
}

model Tx {
  input events: i32[?]
  events
    -> embedding(input_dim: 64, output_dim: 32)
    -> repeat 2 encoder(32, 4)
    -> global_avgpool1d
    -> dense(5, activation: softmax) as outcome
  output outcome
}`);
    expect(b.diagnostics).toEqual([]);
    const g = b.graph!;
    const ids = g.nodes.map((n) => n.id);
    expect(ids.filter((i) => i.startsWith("encoder_1_"))).toEqual([
      "encoder_1_att",
      "encoder_1_add_1",
      "encoder_1_h",
      "encoder_1_dense_1",
      "encoder_1_dropout_1",
      "encoder_1_f",
      "encoder_1_add_2",
      "encoder_1_y",
    ]);
    expect(ids.filter((i) => i.startsWith("encoder_2_"))).toHaveLength(8);
    const ffDense = g.nodes.find((n) => n.id === "encoder_2_dense_1")!;
    expect(ffDense.shape).toEqual([null, 64]); // ff = d * 2
    expect(ffDense.scope).toEqual(["encoder_2"]);
    expect(g.nodes.find((n) => n.id === "encoder_1_att")!.attrs).toMatchObject({ heads: 4, key_dim: 8, dropout: 0.1 });
    expect(g.nodes.find((n) => n.id === "encoder_2_att")!.inputs).toEqual(["encoder_1_y"]);
    expect(g.nodes.at(-1)!.shape).toEqual([5]);
    expect(verifyGraph(g)).toEqual([]);
  });

  test("nested blocks, named arguments, a block parameter as repeat count, and `as` on a block", () => {
    const b = buildDsl(`
block unit(n, act = relu) {
  input x
  y = x -> dense(n, activation: act)
  output y
}
block stack(n, depth = 2) {
  input x
  out = x -> repeat depth unit(n) -> unit(n + 1, act: tanh)
  output out
}
model M {
  input v: f32[3]
  v -> stack(4, depth: 3) as s -> dense(1) as r
  output r
}`);
    expect(b.diagnostics).toEqual([]);
    const g = b.graph!;
    expect(shapes(g)).toEqual([
      "v:3",
      "stack_1_unit_1_y:4",
      "stack_1_unit_2_y:4",
      "stack_1_unit_3_y:4",
      "s:5",
      "r:1",
    ]);
    expect(g.nodes.find((n) => n.id === "s")!.attrs["activation"]).toBe("tanh");
    expect(g.nodes.find((n) => n.id === "stack_1_unit_2_y")!.scope).toEqual(["stack_1", "unit_2"]);
    expect(verifyGraph(g)).toEqual([]);
  });

  test("a block with two inputs takes the second from a leading tensor argument", () => {
    const b = buildDsl(`
block gate(units) {
  input x
  input g
  y = multiply(x, g) -> dense(units)
  output y
}
model M {
  input a: f32[6]
  input b: f32[6]
  a -> gate(b, 3) as out
  output out
}`);
    expect(b.diagnostics).toEqual([]);
    expect(b.graph!.nodes.find((n) => n.op === "multiply")!.inputs).toEqual(["a", "b"]);
    expect(b.graph!.nodes.at(-1)).toMatchObject({ id: "out", shape: [3] });
  });

  test("bidirectional takes a nested layer validated as an op", () => {
    const b = buildDsl(`
model R {
  input s: f32[20, 6]
  s -> bidirectional(lstm(8, return_sequences: true)) -> gru(4) as h
  output h
}`);
    expect(b.diagnostics).toEqual([]);
    const bi = b.graph!.nodes[1]!;
    expect(bi.attrs["layer"]).toMatchObject({ op: "lstm", attrs: { units: 8, return_sequences: true, activation: "tanh" } });
    expect(bi.shape).toEqual([20, 16]);
    expect(verifyGraph(b.graph!)).toEqual([]);
  });

  test("auto ids skip user names, so `dense_1` written by the user stays unique", () => {
    const b = buildDsl(`
model M {
  input v: f32[3]
  dense_1 = v -> dense(4)
  dense_1 -> dense(2) -> dense(2) as out
  output out
}`);
    expect(b.diagnostics).toEqual([]);
    expect(b.graph!.nodes.map((n) => n.id)).toEqual(["v", "dense_1", "dense_2", "out"]);
  });

  test("strings and identifiers mean the same wherever a name is expected (DSL and YAML agree)", () => {
    const a = buildDsl(`model M {\n  input s: f32[10, 3]\n  s -> bidirectional(lstm(8), merge_mode: sum) -> dense(2, activation: relu) as y\n  output y\n}\n`);
    const b = buildDsl(`model M {\n  input s: f32[10, 3]\n  s -> bidirectional(layer: { lstm: { units: 8 } }, merge_mode: "sum") -> dense(2, activation: "relu") as y\n  output y\n}\n`);
    expect(a.diagnostics).toEqual([]);
    expect(b.diagnostics).toEqual([]);
    const strip = (g: typeof a.graph) => g!.nodes.map((n) => ({ id: n.id, op: n.op, attrs: n.attrs, shape: n.shape, inputs: n.inputs }));
    expect(strip(b.graph)).toEqual(strip(a.graph));
  });

  test("dynamic dimensions flow through as null", () => {
    const b = buildDsl(`model M {\n  input seq: f32[?, 6]\n  seq -> lstm(4, return_sequences: true) -> time_distributed(dense(2)) as y\n  output y\n}\n`);
    expect(b.diagnostics).toEqual([]);
    expect(shapes(b.graph!)).toEqual(["seq:?x6", "lstm_1:?x4", "y:?x2"]);
    expect(verifyGraph(b.graph!)).toEqual([]);
  });
});
