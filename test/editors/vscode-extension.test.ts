/**
 * The VS Code extension folder (editors/vscode): its manifest points at files that exist, and the DSL
 * grammar's rules match what they are meant to on sample lines (each regex is compiled as JavaScript,
 * which accepts the Oniguruma subset the grammar uses).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const DIR = join(import.meta.dirname, "..", "..", "editors", "vscode");

interface Rule {
  readonly name?: string;
  readonly match?: string;
  readonly begin?: string;
  readonly captures?: Record<string, { name: string }>;
  readonly patterns?: readonly Rule[];
}

const grammar = JSON.parse(readFileSync(join(DIR, "syntaxes", "mfgnet.tmLanguage.json"), "utf8")) as { scopeName: string; repository: Record<string, { patterns: Rule[] }> };
const rules: Rule[] = Object.values(grammar.repository).flatMap((r) => r.patterns);

/** The scopes the first matching rule gives `text` (rules tried in order, as a tokenizer would). */
function scopesOf(text: string): string[] {
  for (const r of rules) {
    const re = new RegExp(r.match ?? r.begin!, "m");
    const m = re.exec(text);
    if (m === null || m.index !== 0) continue;
    return r.captures ? Object.entries(r.captures).filter(([i]) => m[Number(i)] !== undefined).map(([, c]) => c.name) : [r.name!];
  }
  return [];
}

describe("the VS Code extension", () => {
  test("the manifest's files exist; it activates on the DSL and the YAML form", () => {
    const pkg = JSON.parse(readFileSync(join(DIR, "package.json"), "utf8")) as {
      main: string;
      contributes: { languages: { extensions: string[]; configuration: string }[]; grammars: { path: string; scopeName: string }[]; yamlValidation: { fileMatch: string[] }[] };
      dependencies: Record<string, string>;
    };
    expect(existsSync(join(DIR, pkg.main))).toBe(true);
    expect(existsSync(join(DIR, pkg.contributes.languages[0]!.configuration))).toBe(true);
    expect(existsSync(join(DIR, pkg.contributes.grammars[0]!.path))).toBe(true);
    expect(pkg.contributes.grammars[0]!.scopeName).toBe(grammar.scopeName);
    expect(pkg.contributes.languages[0]!.extensions).toEqual([".mfgnet"]);
    expect(pkg.contributes.yamlValidation[0]!.fileMatch).toEqual(["*.mfgnet.yaml", "*.mfgnet.yml"]);
    expect(Object.keys(pkg.dependencies)).toEqual(["vscode-languageclient"]);
    expect(existsSync(join(DIR, "LICENSE"))).toBe(true);
  });

  test("every grammar regex compiles", () => {
    for (const r of rules) for (const src of [r.match, r.begin].filter((x) => x !== undefined)) expect(() => new RegExp(src!)).not.toThrow();
  });

  test("the grammar gives the DSL's pieces their scopes", () => {
    expect(scopesOf("# a comment")).toEqual(["comment.line.number-sign.mfgnet"]);
    expect(scopesOf("// a comment")).toEqual(["comment.line.double-slash.mfgnet"]);
    expect(scopesOf("model FashionCnn {")).toEqual(["keyword.declaration.mfgnet", "entity.name.type.mfgnet"]);
    expect(scopesOf("input image: f32[28, 28, 1]")).toEqual(["keyword.other.input.mfgnet", "variable.other.definition.mfgnet", "punctuation.separator.key-value.mfgnet", "storage.type.dtype.mfgnet"]);
    expect(scopesOf("-> repeat 2 encoder(64, 4)")).toEqual(["keyword.operator.flow.mfgnet", "keyword.control.repeat.mfgnet", "constant.numeric.mfgnet", "entity.name.function.mfgnet"]);
    expect(scopesOf("-> conv2d(32)")).toEqual(["keyword.operator.flow.mfgnet", "entity.name.function.mfgnet"]);
    expect(scopesOf("as probs")).toEqual(["keyword.other.as.mfgnet", "variable.other.definition.mfgnet"]);
    expect(scopesOf('"train-images.gz"')).toEqual(["string.quoted.double.mfgnet"]);
    expect(scopesOf("1e-3")).toEqual(["constant.numeric.mfgnet"]);
    expect(scopesOf("kernel: 3")).toEqual(["variable.parameter.mfgnet", "punctuation.separator.key-value.mfgnet"]);
  });
});
