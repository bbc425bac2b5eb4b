/**
 * Every "did you mean" in the bad-spec corpus is a quick fix, and applying it fixes that mistake: the
 * diagnostic it came from is gone afterwards (so each fix replaces exactly the misspelt text).
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { TextDocument } from "vscode-languageserver-textdocument";
import { describe, expect, test } from "vitest";
import { suggestionOf } from "../../src/diagnostics/suggest.js";
import { analyze } from "../../src/lsp/document.js";
import { quickFixes } from "../../src/lsp/diagnostics.js";
import { specFormatOf } from "../../src/pipeline.js";
import { CASES_DIR, corpusSpecFiles } from "../errors/corpus-files.js";



describe("quick fixes for every did-you-mean in the corpus", () => {
  let fixes = 0;
  for (const file of corpusSpecFiles().sort()) {
    const text = readFileSync(file, "utf8");
    const uri = `file://${file}`;
    const a = analyze(TextDocument.create(uri, specFormatOf(file) === "yaml" ? "yaml" : "mfgnet", 1, text));
    const suggesting = a.compiled.diagnostics.filter((d) => d.hints.some((h) => suggestionOf(h) !== undefined));
    if (suggesting.length === 0) continue;
    test(relative(CASES_DIR, file), () => {
      for (const d of suggesting) {
        const actions = quickFixes(a, d.span.start, d.span.end).filter((x) => x.diagnostics?.[0]?.code === d.code && x.diagnostics[0].range.start.line === a.doc.positionAt(d.span.start).line);
        expect(actions.length, `${d.code} "${d.message}" has a quick fix`).toBeGreaterThan(0);
        const edit = actions[0]!.edit!.changes![uri]![0]!;
        const fixed = TextDocument.applyEdits(a.doc, [edit]);
        const after = analyze(TextDocument.create(uri, a.doc.languageId, 2, fixed));
        const still = after.compiled.diagnostics.filter((x) => x.code === d.code && x.span.start === d.span.start && x.message === d.message);
        expect(still, `applying "${actions[0]!.title}" fixes ${d.code} "${d.message}"`).toEqual([]);
        fixes++;
      }
    });
  }
  test("the corpus has did-you-means to fix", () => expect(fixes).toBeGreaterThan(0));
});
