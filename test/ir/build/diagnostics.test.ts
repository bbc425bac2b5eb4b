/**
 * Every builder diagnostic: exact code and line:column of *all* diagnostics a snippet produces (extra
 * ones fail too), plus the hint or related note where it is the point of the message.
 */
import { describe, expect, test } from "vitest";
import { buildIR } from "../../../src/ir/build/index.js";
import { buildDsl } from "./dsl.js";
import { call, flow, input, model, output, spec, step } from "./ast-helpers.js";

interface Case {
  readonly name: string;
  readonly text: string;
  readonly codes: readonly string[];
  readonly hint?: string;
  readonly related?: string;
}

const CASES: readonly Case[] = [
  { name: "no model", text: `block b(x) {\n  input t\n  output t\n}\n`, codes: ["MFG3001 1:1"] },
  {
    name: "two models",
    text: `model A {\n  input x: f32[2]\n  x -> dense(1) as y\n  output y\n}\nmodel B {\n  input x: f32[2]\n  x -> dense(1) as y\n  output y\n}\n`,
    codes: ["MFG3002 6:7"],
    related: "`A` is defined here@1:7",
  },
  {
    name: "unknown name, with did-you-mean over names in scope",
    text: `model M {\n  input image: f32[4]\n  imag -> dense(2) as y\n  output y\n}\n`,
    codes: ["MFG3005 3:3"],
    hint: "did you mean `image`?",
  },
  {
    name: "unknown output name",
    text: `model M {\n  input x: f32[4]\n  x -> dense(2) as probs\n  output prob\n}\n`,
    codes: ["MFG3005 4:10"],
    hint: "did you mean `probs`?",
  },
  {
    name: "use before definition",
    text: `model M {\n  input x: f32[4]\n  a = b -> dense(2)\n  b = x -> dense(2)\n  output a\n}\n`,
    codes: ["MFG3006 3:7"],
    related: "`b` is defined here@4:3",
  },
  {
    name: "duplicate name points at both places",
    text: `model M {\n  input x: f32[4]\n  a = x -> dense(2)\n  a = x -> dense(3)\n  output a\n}\n`,
    codes: ["MFG3007 4:3"],
    related: "`a` is first defined here@3:3",
  },
  {
    name: "duplicate output",
    text: `model M {\n  input x: f32[4]\n  x -> dense(2) as y\n  output y, y\n}\n`,
    codes: ["MFG3007 4:13"],
  },
  {
    name: "unknown op with did-you-mean over ops",
    text: `model M {\n  input x: f32[4, 4, 1]\n  x -> maxpol2d(2) -> flatten as y\n  output y\n}\n`,
    codes: ["MFG3008 3:8"],
    hint: "did you mean `maxpool2d`?",
  },
  {
    name: "unknown op with did-you-mean over the file's blocks",
    text: `block resblock(n) {\n  input x\n  y = x -> dense(n)\n  output y\n}\nmodel M {\n  input x: f32[4]\n  x -> resblok(2) as y\n  output y\n}\n`,
    codes: ["MFG3008 8:8"],
    hint: "did you mean `resblock`?",
  },
  { name: "model input without dtype and shape", text: `model M {\n  input x\n  x -> dense(2) as y\n  output y\n}\n`, codes: ["MFG3010 2:9"] },
  {
    name: "unknown dtype and a zero dimension",
    text: `model M {\n  input x: f23[4, 0, ?]\n  x -> dense(2) as y\n  output y\n}\n`,
    codes: ["MFG3011 2:12", "MFG3012 2:19"],
  },
  { name: "a flow without steps", text: `model M {\n  input x: f32[4]\n  y = x\n  output y\n}\n`, codes: ["MFG3013 3:3"] },
  {
    name: "too few tensor inputs",
    text: `model M {\n  input x: f32[4]\n  x -> add -> dense(2) as y\n  output y\n}\n`,
    codes: ["MFG3014 3:8"],
  },
  {
    name: "too many tensor inputs (a tuple into a one-input op)",
    text: `model M {\n  input a: f32[4]\n  input b: f32[4]\n  (a, b) -> dense(2) as y\n  output y\n}\n`,
    codes: ["MFG3014 4:13"],
  },
  {
    name: "recursive blocks",
    text: `block a(n) {\n  input x\n  y = x -> b(n)\n  output y\n}\nblock b(n) {\n  input x\n  y = x -> a(n)\n  output y\n}\nmodel M {\n  input x: f32[4]\n  x -> a(2) as y\n  output y\n}\n`,
    codes: ["MFG3015 8:12"],
    related: "block `a` is defined here@1:7",
  },
  {
    name: "expansion limit",
    text: `model M {\n  input x: f32[4]\n  x -> repeat 200000 dense(4) as y\n  output y\n}\n`,
    codes: ["MFG3016 3:15"],
  },
  {
    name: "expansion limit reached through nested blocks",
    text: `block b1() {\n  input x\n  y = x -> repeat 100 dense(2)\n  output y\n}\nblock b2() {\n  input x\n  y = x -> repeat 100 b1\n  output y\n}\nblock b3() {\n  input x\n  y = x -> repeat 100 b2\n  output y\n}\nmodel M {\n  input x: f32[4]\n  x -> b3 as y\n  output y\n}\n`,
    codes: ["MFG3016 18:8"],
  },
  { name: "repeat 0", text: `model M {\n  input x: f32[4]\n  x -> repeat 0 dense(4) as y\n  output y\n}\n`, codes: ["MFG3017 3:15"] },
  {
    name: "repeat with a fraction from a block parameter",
    text: `block b(n) {\n  input x\n  y = x -> repeat n / 2 dense(4)\n  output y\n}\nmodel M {\n  input x: f32[4]\n  x -> b(3) as y\n  output y\n}\n`,
    codes: ["MFG3017 3:19"],
  },
  { name: "block without output", text: `block b() {\n  input x\n  y = x -> dense(2)\n}\nmodel M {\n  input x: f32[4]\n  x -> b as y\n  output y\n}\n`, codes: ["MFG3018 1:7"] },
  {
    name: "unused input and a dead flow are warnings",
    text: `model M {\n  input x: f32[4]\n  input extra: f32[3]\n  x -> dense(2) as y\n  x -> dense(5) -> dense(6)\n  output y\n}\n`,
    codes: ["MFG3019 3:9", "MFG3020 5:20"],
  },
  { name: "no outputs", text: `model M {\n  input x: f32[4]\n  x -> dense(2) as y\n}\n`, codes: ["MFG3021 1:7"] },
  {
    name: "block named like an op",
    text: `block dense(n) {\n  input x\n  output x\n}\nmodel M {\n  input x: f32[4]\n  x -> dense(2) as y\n  output y\n}\n`,
    codes: ["MFG3022 1:7"],
  },
  {
    name: "block input with a dtype",
    text: `block b() {\n  input x: f32[3]\n  output x\n}\nmodel M {\n  input x: f32[4]\n  x -> dense(2) as y\n  output y\n}\n`,
    codes: ["MFG3023 2:12"],
  },
  {
    name: "a block parameter used as a tensor",
    text: `block b(d) {\n  input x\n  y = d -> dense(2)\n  output y\n}\nmodel M {\n  input x: f32[4]\n  x -> b(3) as y\n  output y\n}\n`,
    codes: ["MFG3025 3:7"],
  },
  {
    name: "block parameters: unknown, missing, too many, given twice",
    text: `block b(d, act = relu) {\n  input x\n  y = x -> dense(d, activation: act)\n  output y\n}\nmodel M {\n  input x: f32[4]\n  p = x -> b(dd: 3)\n  q = x -> b\n  r = x -> b(1, tanh, 3)\n  s = x -> b(1, d: 2)\n  output p, q, r, s\n}\n`,
    codes: ["MFG3401 8:14", "MFG3404 9:12", "MFG3407 10:23", "MFG3406 11:17"],
  },
  {
    name: "a bad block argument is reported once at the argument, not inside the block",
    text: `block b(d) {\n  input x\n  y = x -> dense(d)\n  output y\n}\nmodel M {\n  input x: f32[4]\n  x -> b(0) as y\n  output y\n}\n`,
    codes: ["MFG3403 8:10"],
  },
];

const PARAMS_TEXT = `model M {
  input x: f32[8, 8, 1]
  a = x -> conv2d(8, kernal: 3, activation: rleu)
  b = x -> conv2d(2.5, kernel: [3, 3, 3])
  c = x -> conv2d(0, kernel: 3, kernel: 2)
  d = x -> flatten -> dense
  e = x -> flatten -> dense(2, 3)
  f = x -> flatten -> dense("4", activation: relu * 2)
  g = x -> flatten -> dense(4, use_bias: True) -> dropout(1.5)
  output a, b, c, d, e, f, g
}
`;

describe("builder diagnostics", () => {
  for (const c of CASES) {
    test(c.name, () => {
      const b = buildDsl(c.text);
      expect(b.codes).toEqual(c.codes);
      if (c.hint !== undefined) expect(b.diagnostics.flatMap((d) => d.hints)).toContain(c.hint);
      if (c.related !== undefined) expect(b.diagnostics.flatMap((d) => d.related.map((r) => `${r.message}@${b.at(r.span)}`))).toContain(c.related);
      // Errors mean no graph; warnings alone still build one.
      const hasError = b.diagnostics.some((d) => d.severity === "error");
      expect(b.graph === undefined).toBe(hasError);
    });
  }

  test("warnings alone still produce a graph", () => {
    const b = buildDsl(`model M {\n  input x: f32[4]\n  input extra: f32[3]\n  x -> dense(2) as y\n  output y\n}\n`);
    expect(b.codes).toEqual(["MFG3019 3:9"]);
    expect(b.diagnostics[0]!.severity).toBe("warning");
    expect(b.graph?.nodes.map((n) => n.id)).toEqual(["x", "extra", "y"]);
  });

  test("parameter values: every mistake at the smallest span, one run", () => {
    const b = buildDsl(PARAMS_TEXT);
    expect(b.codes).toEqual([
      "MFG3401 3:22", // kernal → did you mean kernel (and no extra "missing kernel")
      "MFG3405 3:45", // rleu
      "MFG3402 4:19", // 2.5 is not an int
      "MFG3409 4:32", // kernel needs 2 ints
      "MFG3403 5:19", // filters 0
      "MFG3406 5:33", // kernel twice
      "MFG3404 6:23", // dense without units
      "MFG3407 7:32", // dense(2, 3)
      "MFG3402 8:29", // "4" is a string
      "MFG3408 8:46", // relu * 2
      "MFG3402 9:42", // True
      "MFG3403 9:59", // dropout rate 1.5
    ]);
    const hints = b.diagnostics.flatMap((d) => d.hints);
    expect(hints).toContain("did you mean `kernel`?");
    expect(hints).toContain("did you mean `3`?");
    expect(hints).toContain("write `true`");
    expect(b.diagnostics.find((d) => d.code === "MFG3406")!.related.map((r) => b.at(r.span))).toEqual(["5:22"]);
  });

  test("enum values get did-you-mean", () => {
    const b = buildDsl(`model M {\n  input x: f32[8, 8, 1]\n  x -> conv2d(4, kernel: 3, padding: sme) as y\n  output y\n}\n`);
    expect(b.codes).toEqual(["MFG3405 3:38"]);
    expect(b.diagnostics[0]!.hints).toEqual(["did you mean `same`?"]);
  });

  test("a nested layer is validated as an op, recursively", () => {
    const b = buildDsl(`model M {\n  input s: f32[10, 3]\n  a = s -> bidirectional(lstn(8))\n  b = s -> bidirectional(lstm(units: -1))\n  c = s -> bidirectional(dense(3))\n  output a, b, c\n}\n`);
    expect(b.codes).toEqual(["MFG3405 3:26", "MFG3403 4:38", "MFG3405 5:26"]);
    expect(b.diagnostics[0]!.hints).toEqual(["did you mean `lstm`?"]);
  });

  test("one run reports every independent error; consumers of a failed node stay silent", () => {
    const b = buildDsl(`model M {
  input x: f32[4, 4, 1]
  input v: f32[7]
  p = x -> maxpool2d(2) -> conv2d(8, kernel: 5) -> flatten -> dense(3)
  q = v -> dense(3) -> conv2d(3, kernel: 2)
  r = v -> dense(2) -> dense(units: 0)
  s = add(p, q) -> dense(2)
  t = s -> dense(1)
  ok = v -> dense(1)
  output p, q, r, s, t, ok
}
`);
    // conv2d on 2×2 (p), conv2d on rank 1 (q), units 0 (r); nothing for flatten/dense after p, for s or t.
    expect(b.codes).toEqual(["MFG3202 4:28", "MFG3201 5:24", "MFG3403 6:37"]);
    const p = b.one("MFG3202");
    expect(p.related.map((r) => `${r.message}@${b.at(r.span)}`)).toEqual(["the input came from `maxpool2d_1` here@4:12"]);
    expect(b.graph).toBeUndefined();
  });

  test("shape errors inside a block point into the block and at the application", () => {
    const b = buildDsl(`block down(n) {\n  input x\n  y = x -> conv2d(n, kernel: 5)\n  output y\n}\nmodel M {\n  input img: f32[3, 3, 1]\n  img -> down(4) as y\n  output y\n}\n`);
    expect(b.codes).toEqual(["MFG3202 3:12"]);
    expect(b.diagnostics[0]!.related.map((r) => `${r.message}@${b.at(r.span)}`)).toContain("in block `down` applied here@8:10");
  });

  test("an unknown name in a step is not reported again by its consumers", () => {
    const b = buildDsl(`model M {\n  input x: f32[4]\n  a = x -> add(sikp) -> dense(2)\n  b = a -> dense(3)\n  output b\n}\n`);
    expect(b.codes).toEqual(["MFG3005 3:16"]);
  });

  test("an unknown op in a flow still checks the following steps' parameters", () => {
    const b = buildDsl(`model M {\n  input x: f32[4]\n  x -> dence(2) -> dense(units: 0) as y\n  output y\n}\n`);
    expect(b.codes).toEqual(["MFG3008 3:8", "MFG3403 3:33"]);
  });

  test("two names that become the same identifier are reported at both places (MFG3009)", () => {
    // The DSL only has identifiers; YAML may give any string as a name.
    const m = model("M", input("x", "f32", [4]), flow("x", [step(call("dense", 2), { as: "out-put" })]), flow("x", [step(call("dense", 3), { as: "out_put" })]), output("out-put", "out_put"));
    const r = buildIR(spec({ models: [m] }));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["MFG3009"]);
    expect(r.diagnostics[0]!.message).toContain("`out_put` and `out-put` both become the identifier `out_put`");
    expect(r.diagnostics[0]!.related).toHaveLength(1);
  });

  test("names that are not identifiers are sanitized into ids", () => {
    const m = model("M", input("x", "f32", [4]), flow("x", [step(call("dense", 2), { as: "2nd-head" })]), output("2nd-head"));
    const r = buildIR(spec({ models: [m] }));
    expect(r.diagnostics).toEqual([]);
    expect(r.graph!.nodes.map((n) => n.id)).toEqual(["x", "_2nd_head"]);
    expect(r.graph!.nodes[1]!.userName).toBe("2nd-head");
  });

  test("diagnostics come out sorted by position", () => {
    const b = buildDsl(PARAMS_TEXT);
    const offsets = b.diagnostics.map((d) => d.span.start);
    expect(offsets).toEqual([...offsets].sort((x, y) => x - y));
  });
});
