/**
 * `mfgc lsp`: the language server for both spec forms, over stdio (JSON-RPC, as editors start it).
 * Built on Microsoft's `vscode-languageserver` (the protocol, the connection, open documents); the
 * answers come from mfgc's own front-ends and checker, so an editor shows exactly what `mfgc check`
 * reports, as you type.
 */
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver/node";
import { TextDocuments, TextDocumentSyncKind, type InitializeResult } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { formatSpecText } from "../parser/format.js";
import { MFGC_VERSION } from "../cli/version.js";
import type { Spec } from "../parser/ast.js";
import { analyze, type Analysis } from "./document.js";
import { completionsAt } from "./completion.js";
import { documentDiagnostics, quickFixes } from "./diagnostics.js";
import { hoverAt } from "./hover.js";
import { definitionAt, prepareRenameAt, referencesAt, renameAt } from "./navigation.js";

/** Milliseconds of quiet before a changed document is checked again (typing stays responsive). */
const CHECK_DELAY_MS = 150;

/** Options of {@link startLanguageServer}. */
export interface LanguageServerOptions {
  /** Absolute folders outside a spec's project that its data may come from (`--data-root`; silences MFG4933). */
  readonly dataRoots?: readonly string[];
}

/** Runs the server on the given streams until the client exits. */
export function startLanguageServer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, opts: LanguageServerOptions = {}): void {
  const dataRoots = opts.dataRoots ?? [];
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(input), new StreamMessageWriter(output));
  const documents = new TextDocuments(TextDocument);
  const timers = new Map<string, NodeJS.Timeout>();
  // The last tree that parsed, per document: completion offers its names while the text is broken.
  const lastSpec = new Map<string, Spec>();

  const analysis = (uri: string): Analysis | undefined => {
    const doc = documents.get(uri);
    if (doc === undefined) return undefined;
    const a = analyze(doc, dataRoots);
    if (a.compiled.spec !== undefined) lastSpec.set(uri, a.compiled.spec);
    return a;
  };

  const publish = (uri: string): void => {
    const a = analysis(uri);
    if (a !== undefined) void connection.sendDiagnostics({ uri, version: a.doc.version, diagnostics: documentDiagnostics(a) });
  };

  connection.onInitialize(
    (): InitializeResult => ({
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [" ", ":", "(", ",", "-", ">", "[", "{"] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: ["quickfix"] },
      },
      serverInfo: { name: "mfgc", version: MFGC_VERSION },
    }),
  );

  // Fired for opened documents too.
  documents.onDidChangeContent((e) => {
    const uri = e.document.uri;
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => publish(uri), CHECK_DELAY_MS));
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    lastSpec.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const at = (uri: string, pos: { line: number; character: number }) => {
    const a = analysis(uri);
    return a === undefined ? undefined : { a, offset: a.doc.offsetAt(pos) };
  };

  connection.onHover((p) => {
    const x = at(p.textDocument.uri, p.position);
    return x === undefined ? null : hoverAt(x.a, x.offset);
  });
  connection.onCompletion((p) => {
    const x = at(p.textDocument.uri, p.position);
    if (x === undefined) return [];
    const spec = x.a.compiled.spec ?? lastSpec.get(p.textDocument.uri);
    return completionsAt(spec === x.a.compiled.spec ? x.a : { ...x.a, compiled: { ...x.a.compiled, spec } }, x.offset);
  });
  connection.onDefinition((p) => {
    const x = at(p.textDocument.uri, p.position);
    return x === undefined ? null : definitionAt(x.a, x.offset);
  });
  connection.onReferences((p) => {
    const x = at(p.textDocument.uri, p.position);
    return x === undefined ? [] : referencesAt(x.a, x.offset, p.context.includeDeclaration);
  });
  connection.onPrepareRename((p) => {
    const x = at(p.textDocument.uri, p.position);
    return x === undefined ? null : prepareRenameAt(x.a, x.offset);
  });
  connection.onRenameRequest((p) => {
    const x = at(p.textDocument.uri, p.position);
    return x === undefined ? null : renameAt(x.a, x.offset, p.newName);
  });
  connection.onCodeAction((p) => {
    const a = analysis(p.textDocument.uri);
    return a === undefined ? [] : quickFixes(a, a.doc.offsetAt(p.range.start), a.doc.offsetAt(p.range.end));
  });
  connection.onDocumentFormatting((p) => {
    const a = analysis(p.textDocument.uri);
    if (a === undefined) return [];
    const text = a.doc.getText();
    const formatted = formatSpecText(text, a.path, a.form).text;
    // A document with syntax errors is left alone (formatting it would drop what the errors hide).
    if (formatted === undefined || formatted === text) return [];
    return [{ range: { start: a.doc.positionAt(0), end: a.doc.positionAt(text.length) }, newText: formatted }];
  });

  documents.listen(connection);
  connection.listen();
}
