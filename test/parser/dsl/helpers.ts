/** Test helpers for the DSL front-end. */
import { SourceFile } from "../../../src/diagnostics/span.js";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import { parseDsl } from "../../../src/parser/dsl/index.js";
import type { Spec } from "../../../src/parser/ast.js";

/** A deep copy without `span` fields (and without the spec's file), for comparing trees. */
export function stripSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSpans);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== "span" && k !== "file") out[k] = stripSpans(v);
    return out;
  }
  return value;
}

/** `[start, end)` of the `nth` occurrence of `needle` in `text`. */
export function at(text: string, needle: string, nth = 0): { start: number; end: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`${needle} not found`);
  }
  return { start: i, end: i + needle.length };
}

/** Parses and asserts no diagnostics. */
export function parseOk(text: string): Spec {
  const r = parseDsl(text, "t.mfgnet");
  if (r.diagnostics.length) throw new Error(`unexpected diagnostics:\n${r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n")}`);
  return r.spec!;
}

/** Diagnostics as `CODE line:col` strings, in order. */
export function where(text: string, ds: readonly Diagnostic[]): string[] {
  const src = new SourceFile("t.mfgnet", text);
  return ds.map((d) => {
    const p = src.position(d.span.start);
    return `${d.code} ${p.line}:${p.column}`;
  });
}

export function diagnose(text: string): string[] {
  return where(text, parseDsl(text, "t.mfgnet").diagnostics);
}

export const FASHION_CNN = `model FashionCnn {
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

train FashionCnn {
  data   { train: idx(images: "train-images-idx3-ubyte.gz", labels: "train-labels-idx1-ubyte.gz", scale: 1/255)
           validation: split(0.1) }
  optimizer adam(lr: 1e-3)
  loss      categorical_crossentropy
  metrics   [accuracy, precision, recall, f1]
  epochs 10   batch 32   seed 42
  early_stopping(monitor: val_loss, patience: 3)
}
`;

export const ENCODER = `// A transformer encoder, with comments of all three kinds.
block encoder(d, heads, ff = 128) {
  input x                       # the block's input
  a = x -> multi_head_attention(heads: heads, key_dim: d / heads)
  h = (x, a) -> add -> layer_norm
  /* feed-forward
     part */
  f = h -> dense(ff, activation: relu) -> dense(d)
  y = add(h, f) -> layer_norm
  output y
}

model Seq {
  input tokens: i32[?]
  input sensors: f32[?, 8]
  tokens -> embedding(1000, d * 4) -> repeat 6 encoder(64, 4) as enc
  out = enc -> global_avgpool1d -> dense(1, bias: -0.5, scale: -1)
  output out
}
`;
