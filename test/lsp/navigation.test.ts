/**
 * Go to definition, find references, rename and hover, in process, on both forms: tensor names, block
 * names and block parameters, and the model's outputs named in the train section. Expected ranges are
 * found in the text by hand (the `n`-th occurrence of a word).
 */
import { describe, expect, test } from "vitest";
import type { Range } from "vscode-languageserver";
import { hoverAt } from "../../src/lsp/hover.js";
import { definitionAt, referencesAt, renameAt } from "../../src/lsp/navigation.js";
import type { Analysis } from "../../src/lsp/document.js";
import { open } from "./helpers.js";

/** The offset of the `nth` occurrence of `word` as a whole word. */
function nth(text: string, word: string, n: number): number {
  const re = new RegExp(`\\b${word}\\b`, "g");
  for (let i = 0, m = re.exec(text); m !== null; i++, m = re.exec(text)) if (i === n) return m.index;
  throw new Error(`${word} #${n} not found`);
}

const span = (a: Analysis, r: Range) => a.doc.getText(r) + "@" + a.doc.offsetAt(r.start);

const DSL = `block unit(n, rate = 0.1) {
  input x
  y = x -> dense(n) -> dropout(rate)
  output y
}

model M {
  input image: f32[8]
  h = image -> unit(4)
  out = h -> repeat 2 unit(4) -> dense(1)
  output out
}

train M {
  data { train: synthetic(blobs) }
  loss { out: mse }
  loss_weights { out: 1 }
}
`;

describe("navigation in the DSL", () => {
  const a = open(DSL);

  test("a block: definition from an application, and every application", () => {
    expect(span(a, definitionAt(a, nth(DSL, "unit", 1) + 1)!.range)).toBe(`unit@${nth(DSL, "unit", 0)}`);
    expect(referencesAt(a, nth(DSL, "unit", 0), true).map((l) => span(a, l.range))).toEqual([0, 1, 2].map((i) => `unit@${nth(DSL, "unit", i)}`));
  });

  test("a block parameter: its uses inside the block only", () => {
    expect(referencesAt(a, nth(DSL, "rate", 0), false).map((l) => span(a, l.range))).toEqual([`rate@${nth(DSL, "rate", 1)}`]);
  });

  test("an output: definition, its use in `output`, and the train section's per-output keys", () => {
    expect(span(a, definitionAt(a, nth(DSL, "out", 1))!.range)).toBe(`out@${nth(DSL, "out", 0)}`);
    expect(referencesAt(a, nth(DSL, "out", 0), false).map((l) => span(a, l.range))).toEqual([1, 2, 3].map((i) => `out@${nth(DSL, "out", i)}`));
  });

  test("rename edits every place; an invalid name is refused", () => {
    const edit = renameAt(a, nth(DSL, "h", 0), "hidden")!;
    expect(edit.changes![a.doc.uri]!.map((e) => span(a, e.range))).toEqual([`h@${nth(DSL, "h", 0)}`, `h@${nth(DSL, "h", 1)}`]);
    expect(() => renameAt(a, nth(DSL, "h", 0), "2h")).toThrow(/not a name/);
    expect(() => renameAt(a, nth(DSL, "h", 0), "Null")).toThrow(/null/);
  });

  test("hover on a tensor name: its shape (a top-level name)", () => {
    // image f32[8] → unit: dense(4) → (None, 4); `h` is the block's result.
    expect(hoverAt(a, nth(DSL, "h", 1))!.contents).toMatchObject({ value: expect.stringContaining("`(None, 4)`") });
    // Keras Dense(1) on 4 features: 4·1 + 1 = 5 parameters.
    expect(hoverAt(a, nth(DSL, "out", 1))!.contents).toMatchObject({ value: expect.stringContaining("`(None, 1)`, 5 params") });
  });
});

const YAML = `mfgnet: 1
blocks:
  unit:
    params: { n: null }
    inputs: [x]
    layers:
      - dense: { units: n, as: y }
    outputs: [y]
model:
  name: M
  inputs:
    image: { shape: [8], dtype: f32 }
  layers:
    - unit: { n: 4, as: h }
    - dense: { from: h, units: 1, as: out }
  outputs: [out]
`;

describe("navigation in YAML", () => {
  const a = open(YAML, "yaml");

  test("a block's key is its definition; an application refers to it", () => {
    expect(span(a, definitionAt(a, nth(YAML, "unit", 1) + 1)!.range)).toBe(`unit@${nth(YAML, "unit", 0)}`);
  });

  test("rename of a name used in `from` and `outputs` edits the `as` value too", () => {
    const edit = renameAt(a, nth(YAML, "h", 1), "hidden")!;
    expect(edit.changes![a.doc.uri]!.map((e) => span(a, e.range))).toEqual([`h@${nth(YAML, "h", 0)}`, `h@${nth(YAML, "h", 1)}`]);
  });

  test("a block parameter used as a value inside the block", () => {
    expect(referencesAt(a, nth(YAML, "n", 0), false).map((l) => span(a, l.range))).toEqual([`n@${nth(YAML, "n", 1)}`]);
  });
});
