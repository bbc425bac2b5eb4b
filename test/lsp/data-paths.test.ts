/**
 * The language server runs the same data-path check as `mfgc check` (src/lsp/document.ts): a data path
 * outside the document's project is the MFG4933 warning at the path, published with LSP severity 2
 * (Warning, per the LSP specification's DiagnosticSeverity).
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { describe, expect, test } from "vitest";
import { analyze } from "../../src/lsp/document.js";
import { documentDiagnostics } from "../../src/lsp/diagnostics.js";

/** A project folder with data inside, a folder outside it with data too, and a spec reading `p`. */
function layout() {
  const root = mkdtempSync(join(tmpdir(), "mfgc-lsp-project-"));
  writeFileSync(join(root, "package.json"), "{}");
  mkdirSync(join(root, "data"));
  writeFileSync(join(root, "data", "rows.csv"), "a,b\n1,2\n");
  const outside = mkdtempSync(join(tmpdir(), "mfgc-lsp-outside-"));
  writeFileSync(join(outside, "rows.csv"), "a,b\n1,2\n");
  const spec = (p: string) => `model M {\n  input x: f32[4]\n  x -> dense(1) as y\n  output y\n}\ntrain M {\n  data { train: csv("${p}", features: [a, c, d, e], labels: b) }\n  loss mse\n}\n`;
  return { root, outside, spec, uri: pathToFileURL(join(root, "s.mfgnet")).href };
}

describe("LSP: data paths outside the project", () => {
  test("MFG4933 as a warning at the path as written; none for a path inside", () => {
    const { outside, spec, uri } = layout();
    const text = spec(join(outside, "rows.csv"));
    const out = documentDiagnostics(analyze(TextDocument.create(uri, "mfgnet", 1, text)));
    expect(out.map((d) => [d.code, d.severity])).toEqual([["MFG4933", 2]]);
    // Line 7 (0-based 6): `  data { train: csv(` is 20 characters, then the opening quote.
    expect(out[0]!.range.start).toEqual({ line: 6, character: 20 });
    expect(documentDiagnostics(analyze(TextDocument.create(uri, "mfgnet", 2, spec("data/rows.csv"))))).toEqual([]);
    // A folder the server was given (`--data-root`) is allowed, as for `mfgc check`.
    expect(documentDiagnostics(analyze(TextDocument.create(uri, "mfgnet", 3, text), [outside]))).toEqual([]);
  });

  test("`mfgc lsp --data-root <folder>` publishes no MFG4933 for data under it", async () => {
    const { outside, spec, uri } = layout();
    const published = async (extra: string[]) => {
      const child = spawn(process.execPath, [join(import.meta.dirname, "..", "..", "bin", "mfgc.js"), "lsp", "--stdio", ...extra], { stdio: ["pipe", "pipe", "inherit"] });
      const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
      const codes = new Promise<string[]>((done) => rpc.onNotification("textDocument/publishDiagnostics", (p: { diagnostics: { code: string }[] }) => done(p.diagnostics.map((d) => d.code))));
      rpc.listen();
      await rpc.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
      rpc.sendNotification("initialized", {});
      rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "mfgnet", version: 1, text: spec(join(outside, "rows.csv")) } });
      const got = await codes;
      await rpc.sendRequest("shutdown");
      rpc.sendNotification("exit");
      await new Promise<void>((done) => (child.exitCode !== null ? done() : child.on("exit", () => done())));
      return got;
    };
    expect(await published([])).toEqual(["MFG4933"]);
    expect(await published(["--data-root", outside])).toEqual([]);
  }, 60_000);
});
