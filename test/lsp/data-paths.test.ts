/**
 * The language server runs the same data-path check as `mfgc check` (src/lsp/document.ts): a data path
 * outside the document's project is the MFG4933 warning at the path, published with LSP severity 2
 * (Warning, per the LSP specification's DiagnosticSeverity).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { TextDocument } from "vscode-languageserver-textdocument";
import { describe, expect, test } from "vitest";
import { analyze } from "../../src/lsp/document.js";
import { documentDiagnostics } from "../../src/lsp/diagnostics.js";

describe("LSP: data paths outside the project", () => {
  test("MFG4933 as a warning at the path as written; none for a path inside", () => {
    const root = mkdtempSync(join(tmpdir(), "mfgc-lsp-project-"));
    writeFileSync(join(root, "package.json"), "{}");
    mkdirSync(join(root, "data"));
    writeFileSync(join(root, "data", "rows.csv"), "a,b\n1,2\n");
    const outside = mkdtempSync(join(tmpdir(), "mfgc-lsp-outside-"));
    writeFileSync(join(outside, "rows.csv"), "a,b\n1,2\n");
    const spec = (p: string) => `model M {\n  input x: f32[4]\n  x -> dense(1) as y\n  output y\n}\ntrain M {\n  data { train: csv("${p}", features: [a, c, d, e], labels: b) }\n  loss mse\n}\n`;
    const uri = pathToFileURL(join(root, "s.mfgnet")).href;
    const text = spec(join(outside, "rows.csv"));
    const out = documentDiagnostics(analyze(TextDocument.create(uri, "mfgnet", 1, text)));
    expect(out.map((d) => [d.code, d.severity])).toEqual([["MFG4933", 2]]);
    // Line 7 (0-based 6): `  data { train: csv(` is 20 characters, then the opening quote.
    expect(out[0]!.range.start).toEqual({ line: 6, character: 20 });
    expect(documentDiagnostics(analyze(TextDocument.create(uri, "mfgnet", 2, spec("data/rows.csv"))))).toEqual([]);
  });
});
