/** Shared helpers for the YAML front-end tests. */
import { SourceFile } from "../../../src/diagnostics/span.js";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import type { ParseResult } from "../../../src/parser/parse-result.js";
import { parseYaml } from "../../../src/parser/yaml/index.js";

/** `CODE line:col` for each diagnostic, in the order given (diagnostics are sorted by the bag later). */
export function located(text: string, ds: readonly Diagnostic[]): string[] {
  const sf = new SourceFile("t.mfgnet.yaml", text);
  return ds.map((d) => {
    const p = sf.position(d.span.start);
    return `${d.code} ${p.line}:${p.column}`;
  });
}

/** The text a diagnostic's span covers. */
export function spanText(text: string, d: Diagnostic): string {
  return text.slice(d.span.start, d.span.end);
}

export function parse(text: string): ParseResult {
  return parseYaml(text, "t.mfgnet.yaml");
}

/** A deep copy without `span` fields, to compare trees built from different text. */
export function stripSpans(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === "span" || k === "file" ? undefined : v)));
}

/** A small valid model to embed test layers in. */
export function specWithLayers(layers: string, extra = ""): string {
  return `mfgnet: 1
model:
  name: M
  inputs:
    x: { shape: [28, 28, 1], dtype: f32 }
  layers:
${layers}
  outputs: [y]
${extra}`;
}
