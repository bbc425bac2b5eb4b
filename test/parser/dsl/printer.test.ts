import { describe, expect, it } from "vitest";
import { parseDsl } from "../../../src/parser/dsl/index.js";
import { printDsl } from "../../../src/parser/dsl/printer.js";
import type { Expr, Spec } from "../../../src/parser/ast.js";
import { NO_SPAN } from "../../../src/diagnostics/span.js";
import { ENCODER, FASHION_CNN, parseOk, stripSpans } from "./helpers.js";

function roundTrip(text: string): void {
  const first = parseOk(text);
  const printed = printDsl(first);
  const second = parseOk(printed);
  expect(stripSpans(second)).toEqual(stripSpans(first));
  expect(printDsl(second)).toBe(printed);
}

const EXPRESSIONS = `train T {
  a 1 - (2 - 3)
  b (1 - 2) - 3
  c 2 * (3 + 4) / -(5 * d)
  d - -1
  e [1, [2, [3]], {}]
  f { x: "tab\\there \\"quoted\\" back\\\\slash \\u{1F600} \\u{7}", y: true, z: false }
  g f()
  h 1e-7
  i 123456789012345678901234567890
  j { a: { b: { c: [1, 2, 3] } }, long_key_number_one: "some long text to force wrapping", long_key_two: "more text here" }
}
`;

describe("printDsl", () => {
  it("round-trips the DESIGN.md sketch and is idempotent", () => roundTrip(FASHION_CNN));
  it("round-trips blocks, tuples, calls as sources, repeat, aliases", () => roundTrip(ENCODER));
  it("round-trips expressions: precedence, nesting, escapes", () => roundTrip(EXPRESSIONS));

  it("prints the canonical layout", () => {
    const text = "model A { input x: f32[?, 4]\n y = (x, x) -> concat(axis: -1) ; output y } train A { epochs 10 batch 32 es(patience: 3) }";
    expect(printDsl(parseOk(text))).toBe(
      [
        "model A {",
        "  input x: f32[?, 4]",
        "  y = (x, x) -> concat(axis: -1)",
        "  output y",
        "}",
        "",
        "train A {",
        "  epochs 10",
        "  batch 32",
        "  es { patience: 3 }",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("puts long flows one step per line", () => {
    const printed = printDsl(parseOk("model A { x -> a -> b -> c(1) as d }"));
    expect(printed).toContain("  x\n    -> a\n    -> b\n    -> c(1) as d\n");
  });

  it("escapes strings so that the value survives exactly", () => {
    const nasty = 'q"b\\s\nn\rr\tt\u2028\u0000`${x}*/';
    const expr: Expr = { kind: "string", value: nasty, span: NO_SPAN };
    const spec: Spec = {
      kind: "spec",
      file: "x",
      blocks: [],
      models: [],
      trains: [{ kind: "train", model: { kind: "ident", name: "M", span: NO_SPAN }, settings: [{ kind: "setting", key: { kind: "ident", name: "k", span: NO_SPAN }, value: expr, span: NO_SPAN }], span: NO_SPAN }],
      span: NO_SPAN,
    };
    const printed = printDsl(spec);
    expect(printed.split("\n")).toHaveLength(4); // no raw line breaks inside the string
    const back = parseDsl(printed, "x");
    expect(back.diagnostics).toEqual([]);
    expect(back.spec!.trains[0]!.settings[0]!.value).toMatchObject({ kind: "string", value: nasty });
  });

  it("prints an empty spec as empty text", () => {
    expect(printDsl(parseOk(""))).toBe("");
  });
});
