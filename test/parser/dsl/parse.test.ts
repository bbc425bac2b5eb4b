import { describe, expect, it } from "vitest";
import { parseDsl } from "../../../src/parser/dsl/index.js";
import type { CallExpr, Expr, FlowStmt, InputDecl, OutputDecl } from "../../../src/parser/ast.js";
import { at, ENCODER, FASHION_CNN, parseOk, stripSpans } from "./helpers.js";

function flows(text: string): FlowStmt[] {
  return parseOk(text).models[0]!.body.filter((s): s is FlowStmt => s.kind === "flow");
}

/** The value of `x` in `train T { x <expr> }`. */
function value(exprText: string): Expr {
  const setting = parseOk(`train T { x ${exprText} }`).trains[0]!.settings[0]!;
  return setting.value!;
}

describe("parseDsl: the DESIGN.md sketch", () => {
  const spec = parseOk(FASHION_CNN);

  it("has one model and one train section", () => {
    expect(spec.models.map((m) => m.name.name)).toEqual(["FashionCnn"]);
    expect(spec.trains.map((t) => t.model.name)).toEqual(["FashionCnn"]);
    expect(spec.blocks).toEqual([]);
    expect(spec.span).toEqual({ file: "t.mfgnet", start: 0, end: FASHION_CNN.length });
  });

  it("reads the input with dtype and shape, with exact spans", () => {
    const input = spec.models[0]!.body[0] as InputDecl;
    expect(input.kind).toBe("input");
    expect(input.span).toEqual({ file: "t.mfgnet", ...at(FASHION_CNN, "input image: f32[28, 28, 1]") });
    expect(input.name.span).toEqual({ file: "t.mfgnet", ...at(FASHION_CNN, "image") });
    expect(input.dtype?.name).toBe("f32");
    expect(input.shape?.map((d) => (d.kind === "number" ? d.value : d.kind))).toEqual([28, 28, 1]);
    expect(input.shape?.[2]?.span).toEqual({ file: "t.mfgnet", ...at(FASHION_CNN, "1]") , end: at(FASHION_CNN, "1]").start + 1 });
  });

  it("reads the chain: steps, calls, args, alias", () => {
    const flow = spec.models[0]!.body[1] as FlowStmt;
    expect(flow.kind).toBe("flow");
    expect(flow.source).toMatchObject({ kind: "ident", name: "image" });
    expect(flow.steps.map((s) => s.call.callee.name)).toEqual(["conv2d", "maxpool2d", "conv2d", "maxpool2d", "conv2d", "flatten", "dense", "dense"]);
    expect(flow.steps[5]!.call.args).toEqual([]);
    const first = flow.steps[0]!;
    expect(first.span).toEqual({ file: "t.mfgnet", ...at(FASHION_CNN, "conv2d(32, kernel: 3, activation: relu)") });
    expect(first.call.args.map((a) => a.name?.name)).toEqual([undefined, "kernel", "activation"]);
    expect(first.call.args[1]!.span).toEqual({ file: "t.mfgnet", ...at(FASHION_CNN, "kernel: 3") });
    const last = flow.steps[7]!;
    expect(last.alias?.name).toBe("probs");
    expect(last.span).toEqual({ file: "t.mfgnet", ...at(FASHION_CNN, "dense(10, activation: softmax) as probs") });
    const start = at(FASHION_CNN, "image\n").start;
    expect(flow.span).toEqual({ file: "t.mfgnet", start, end: at(FASHION_CNN, "as probs").end });
    const output = spec.models[0]!.body[2] as OutputDecl;
    expect(output.names.map((n) => n.name)).toEqual(["probs"]);
  });

  it("reads the train section, normalizing key(a: 1) to an object", () => {
    const settings = spec.trains[0]!.settings;
    expect(settings.map((s) => s.key.name)).toEqual(["data", "optimizer", "loss", "metrics", "epochs", "batch", "seed", "early_stopping"]);
    const es = settings[7]!;
    expect(stripSpans(es.value)).toEqual({
      kind: "object",
      entries: [
        { kind: "entry", key: { kind: "ident", name: "monitor" }, value: { kind: "ident", name: "val_loss" } },
        { kind: "entry", key: { kind: "ident", name: "patience" }, value: { kind: "number", value: 3 } },
      ],
    });
    expect(es.value!.span).toEqual({ file: "t.mfgnet", ...at(FASHION_CNN, "(monitor: val_loss, patience: 3)") });
    const data = settings[0]!.value!;
    expect(data.kind).toBe("object");
    if (data.kind !== "object") return;
    expect(data.entries.map((e) => e.key.name)).toEqual(["train", "validation"]);
    const idx = data.entries[0]!.value as CallExpr;
    expect(idx.callee.name).toBe("idx");
    const scale = idx.args[2]!.value;
    expect(stripSpans(scale)).toEqual({ kind: "binary", op: "/", left: { kind: "number", value: 1 }, right: { kind: "number", value: 255 } });
    expect(scale.span).toEqual({ file: "t.mfgnet", ...at(FASHION_CNN, "1/255") });
    expect(stripSpans(settings[1]!.value)).toEqual({
      kind: "call",
      callee: { kind: "ident", name: "adam" },
      args: [{ kind: "arg", name: { kind: "ident", name: "lr" }, value: { kind: "number", value: 1e-3 } }],
    });
    expect(settings[4]!.value).toMatchObject({ kind: "number", value: 10 });
    expect(settings[3]!.value).toMatchObject({ kind: "list", items: [{ name: "accuracy" }, { name: "precision" }, { name: "recall" }, { name: "f1" }] });
  });
});

describe("parseDsl: blocks, repeat, tuples, calls as sources, assignment", () => {
  const spec = parseOk(ENCODER);

  it("reads block parameters with defaults", () => {
    const block = spec.blocks[0]!;
    expect(block.name.name).toBe("encoder");
    expect(block.params.map((p) => [p.name.name, p.default ? stripSpans(p.default) : undefined])).toEqual([
      ["d", undefined],
      ["heads", undefined],
      ["ff", { kind: "number", value: 128 }],
    ]);
    expect(block.params[2]!.span).toEqual({ file: "t.mfgnet", ...at(ENCODER, "ff = 128") });
    expect(block.body.map((s) => s.kind)).toEqual(["input", "flow", "flow", "flow", "flow", "output"]);
    expect((block.body[0] as InputDecl).dtype).toBeUndefined();
  });

  it("reads assignment, tuples and calls as sources", () => {
    const body = spec.blocks[0]!.body;
    const a = body[1] as FlowStmt;
    expect(a.target?.name).toBe("a");
    expect(stripSpans(a.steps[0]!.call.args[1]!.value)).toEqual({ kind: "binary", op: "/", left: { kind: "ident", name: "d" }, right: { kind: "ident", name: "heads" } });
    const h = body[2] as FlowStmt;
    expect(stripSpans(h.source)).toEqual({ kind: "tuple", items: [{ kind: "ident", name: "x" }, { kind: "ident", name: "a" }] });
    expect(h.source.span).toEqual({ file: "t.mfgnet", ...at(ENCODER, "(x, a)") });
    expect(h.steps.map((s) => s.call.callee.name)).toEqual(["add", "layer_norm"]);
    const y = body[4] as FlowStmt;
    expect(stripSpans(y.source)).toEqual({ kind: "call", callee: { kind: "ident", name: "add" }, args: [{ kind: "arg", value: { kind: "ident", name: "h" } }, { kind: "arg", value: { kind: "ident", name: "f" } }] });
    expect(y.source.span).toEqual({ file: "t.mfgnet", ...at(ENCODER, "add(h, f)") });
  });

  it("reads repeat, as, ? dims and negative numbers", () => {
    const model = spec.models[0]!;
    const tokens = model.body[0] as InputDecl;
    expect(tokens.shape?.map((d) => stripSpans(d))).toEqual([{ kind: "ident", name: "?" }]);
    expect(tokens.shape?.[0]!.span).toEqual({ file: "t.mfgnet", ...at(ENCODER, "?") });
    const chain = model.body[2] as FlowStmt;
    const rep = chain.steps[1]!;
    expect(rep.repeat).toMatchObject({ kind: "number", value: 6 });
    expect(rep.call.callee.name).toBe("encoder");
    expect(rep.alias?.name).toBe("enc");
    expect(rep.span).toEqual({ file: "t.mfgnet", ...at(ENCODER, "repeat 6 encoder(64, 4) as enc") });
    expect(stripSpans(chain.steps[0]!.call.args[1]!.value)).toMatchObject({ kind: "binary", op: "*" });
    const out = model.body[3] as FlowStmt;
    const bias = out.steps[1]!.call.args[1]!.value;
    expect(stripSpans(bias)).toEqual({ kind: "unary", op: "-", operand: { kind: "number", value: 0.5 } });
    expect(bias.span).toEqual({ file: "t.mfgnet", ...at(ENCODER, "-0.5") });
  });
});

describe("parseDsl: expressions", () => {
  it("numbers in every form", () => {
    for (const [text, v] of [["42", 42], ["0.5", 0.5], [".5", 0.5], ["1e-3", 1e-3], ["2.5E+4", 25000]] as const) {
      expect(value(text)).toMatchObject({ kind: "number", value: v });
    }
  });

  it("precedence and left associativity", () => {
    expect(stripSpans(value("1 - 2 - 3"))).toEqual({
      kind: "binary",
      op: "-",
      left: { kind: "binary", op: "-", left: { kind: "number", value: 1 }, right: { kind: "number", value: 2 } },
      right: { kind: "number", value: 3 },
    });
    expect(stripSpans(value("1 + 2 * 3"))).toMatchObject({ op: "+", right: { op: "*" } });
    expect(stripSpans(value("2 * (1 + 2) * 3"))).toMatchObject({ op: "*", left: { op: "*", right: { op: "+" } } });
    const src = "train T { x [(1 + 2) * 3] }";
    const list = parseOk(src).trains[0]!.settings[0]!.value!;
    expect(list.kind === "list" && list.items[0]!.span).toMatchObject(at(src, "(1 + 2) * 3"));
    expect(stripSpans(value("- -1"))).toEqual({ kind: "unary", op: "-", operand: { kind: "unary", op: "-", operand: { kind: "number", value: 1 } } });
  });

  it("strings with escapes, booleans, lists, objects with optional commas", () => {
    expect(value('"a\\"b\\\\c\\n\\t\\r\\u{e9}\\u{1F600}"')).toMatchObject({ kind: "string", value: 'a"b\\c\n\t\ré😀' });
    expect(value("true")).toMatchObject({ kind: "bool", value: true });
    expect(value("false")).toMatchObject({ kind: "bool", value: false });
    expect(stripSpans(value("[1, 2,]"))).toEqual({ kind: "list", items: [{ kind: "number", value: 1 }, { kind: "number", value: 2 }] });
    expect(stripSpans(value("[]"))).toEqual({ kind: "list", items: [] });
    const obj = value("{ a: 1 b: 2, c: { d: x } , }");
    expect(obj.kind === "object" && obj.entries.map((e) => e.key.name)).toEqual(["a", "b", "c"]);
    expect(stripSpans(value("f()"))).toEqual({ kind: "call", callee: { kind: "ident", name: "f" }, args: [] });
  });

  it("keywords are fine as keys", () => {
    const obj = value("{ train: 1, input: 2, model: 3 }");
    expect(obj.kind === "object" && obj.entries.map((e) => e.key.name)).toEqual(["train", "input", "model"]);
  });
});

describe("parseDsl: layout", () => {
  it("CRLF line endings and `;` separators", () => {
    const text = "model A {\r\n  input x: f32[4]\r\n  a = x -> relu; b = a -> dense(2)\r\n  output b\r\n}\r\n";
    const body = parseOk(text).models[0]!.body;
    expect(body.map((s) => s.kind)).toEqual(["input", "flow", "flow", "output"]);
    expect(body[2]!.span).toMatchObject(at(text, "b = a -> dense(2)"));
  });

  it("several settings on one line", () => {
    const t = parseOk("train A { epochs 10 batch 32 seed 42 shuffle true }").trains[0]!;
    expect(t.settings.map((s) => [s.key.name, stripSpans(s.value)])).toEqual([
      ["epochs", { kind: "number", value: 10 }],
      ["batch", { kind: "number", value: 32 }],
      ["seed", { kind: "number", value: 42 }],
      ["shuffle", { kind: "bool", value: true }],
    ]);
  });

  it("a `(` on a new line starts a tuple, not the previous step's arguments", () => {
    const fs = flows("model A {\n  x -> relu\n  (a, b) -> concat\n}");
    expect(fs).toHaveLength(2);
    expect(fs[0]!.steps[0]!.call.args).toEqual([]);
    expect(fs[1]!.source.kind).toBe("tuple");
  });

  it("identifiers may start with a keyword (`input_scale`)", () => {
    const fs = flows("model A { input_scale -> modeler -> as_is as trainer }");
    expect(fs[0]!.source).toMatchObject({ name: "input_scale" });
    expect(fs[0]!.steps.map((s) => s.call.callee.name)).toEqual(["modeler", "as_is"]);
  });

  it("an empty file is an empty spec", () => {
    const r = parseDsl("  # nothing\n", "e.mfgnet");
    expect(r.diagnostics).toEqual([]);
    expect(r.spec).toMatchObject({ kind: "spec", blocks: [], models: [], trains: [] });
  });
});

describe("parseDsl: the setting `key(…)` form needs the `(` right after the key", () => {
  it("`key (expr)` with a space is a value", () => {
    const v = parseOk("train T { scale (1 + 2) / 255 }").trains[0]!.settings[0]!.value!;
    expect(stripSpans(v)).toMatchObject({ kind: "binary", op: "/", left: { op: "+" } });
  });
  it("`key(a: 1)` is an object", () => {
    const v = parseOk("train T { es(a: 1) }").trains[0]!.settings[0]!.value!;
    expect(v.kind).toBe("object");
  });
});
