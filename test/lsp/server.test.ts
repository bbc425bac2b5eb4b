/**
 * `mfgc lsp` as an editor runs it: a child process (`node bin/mfgc.js lsp --stdio`) spoken to over
 * stdin/stdout with the JSON-RPC client of vscode-jsonrpc (the library VS Code's own client uses).
 * Checks diagnostics, hover, completion, definition, references, rename, a quick fix and formatting on
 * a DSL and a YAML spec. Expected values are worked out independently: diagnostics equal what
 * `compileText` (the `check` pipeline) gives for the same text; the hover's "(None, 13, 13, 32), 320
 * params" is Keras's Conv2D on a 15×15×1 input with 32 filters of 3×3: 15 − 3 + 1 = 13, and
 * (3·3·1 + 1)·32 = 320 parameters.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SourceFile } from "../../src/diagnostics/span.js";
import { compileText } from "../../src/pipeline.js";

const ROOT = join(import.meta.dirname, "..", "..");

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
interface LspDiagnostic {
  range: Range;
  code: string;
  severity: number;
  message: string;
}
interface TextEdit {
  range: Range;
  newText: string;
}

let child: ChildProcess;
let rpc: MessageConnection;
const published = new Map<string, { version?: number; diagnostics: LspDiagnostic[] }[]>();
const waiting: (() => void)[] = [];

beforeAll(async () => {
  child = spawn(process.execPath, [join(ROOT, "bin", "mfgc.js"), "lsp", "--stdio"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  rpc.onNotification("textDocument/publishDiagnostics", (p: { uri: string; version?: number; diagnostics: LspDiagnostic[] }) => {
    published.set(p.uri, [...(published.get(p.uri) ?? []), p]);
    for (const w of waiting.splice(0)) w();
  });
  rpc.listen();
  const init = await rpc.sendRequest<{ capabilities: Record<string, unknown> }>("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
  expect(init.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, referencesProvider: true, documentFormattingProvider: true });
  rpc.sendNotification("initialized", {});
}, 120_000);

afterAll(async () => {
  await rpc.sendRequest("shutdown");
  rpc.sendNotification("exit");
  await new Promise<void>((done) => (child.exitCode !== null ? done() : child.on("exit", () => done())));
});

async function diagnosticsFor(uri: string, version: number): Promise<LspDiagnostic[]> {
  for (;;) {
    const got = published.get(uri)?.find((p) => p.version === version);
    if (got !== undefined) return got.diagnostics;
    await new Promise<void>((done) => waiting.push(done));
  }
}

function open(uri: string, text: string, languageId: string): Promise<LspDiagnostic[]> {
  rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version: 1, text } });
  return diagnosticsFor(uri, 1);
}

/** The position of the `nth` occurrence of `needle` (plus `delta` characters). */
function pos(text: string, needle: string, delta = 0, nth = 0): Position {
  let at = -1;
  for (let k = 0; k <= nth; k++) at = text.indexOf(needle, at + 1);
  const p = new SourceFile("x", text).position(at + delta);
  return { line: p.line - 1, character: p.column - 1 };
}

/** `check`'s diagnostics as (code, 0-based line, 0-based character), for comparison. */
function checkSays(text: string, file: string, form: "dsl" | "yaml") {
  const r = compileText(text, file, form);
  return r.diagnostics.map((d) => {
    const p = r.source!.position(d.span.start);
    return [d.code, p.line - 1, p.column - 1];
  });
}

/** Applies LSP edits (texts here have `\n` line breaks only), last first so offsets stay valid. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const offset = (p: Position) => text.split("\n").slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

const DSL = `model Shapes {
  input image: f32[15, 15, 1]

  image
    -> conv2d(32, kernel: 3, activation: relu) as features
    -> maxpol2d(2)
    -> flatten
    -> dense(2, activation: softmax) as probs

  output probs
}
`;

describe("mfgc lsp over stdio: the DSL", () => {
  const uri = "file:///work/demo/shapes.mfgnet";

  test("diagnostics as you open: the codes and positions `mfgc check` gives", async () => {
    const diags = await open(uri, DSL, "mfgnet");
    expect(diags.map((d) => [d.code, d.range.start.line, d.range.start.character])).toEqual(checkSays(DSL, "shapes.mfgnet", "dsl"));
    expect(diags[0]).toMatchObject({ code: "MFG3008", range: { start: pos(DSL, "maxpol2d"), end: pos(DSL, "maxpol2d", 8) } });
    expect(diags[0]!.message).toContain("did you mean `maxpool2d`?");
  });

  test("a quick fix replaces the misspelt op", async () => {
    const actions = await rpc.sendRequest<{ title: string; edit: { changes: Record<string, TextEdit[]> } }[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: { start: pos(DSL, "maxpol2d"), end: pos(DSL, "maxpol2d") },
      context: { diagnostics: [] },
    });
    expect(actions.map((a) => a.title)).toEqual(["Change to `maxpool2d`"]);
    const fixed = applyEdits(DSL, actions[0]!.edit.changes[uri]!);
    expect(fixed).toContain("-> maxpool2d(2)");
    // The fixed text, sent as an edit, checks clean.
    rpc.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    expect(await diagnosticsFor(uri, 2)).toEqual([]);
  });

  test("hover on an op: its documentation and the tensor it makes here", async () => {
    const h = await rpc.sendRequest<{ contents: { value: string } }>("textDocument/hover", { textDocument: { uri }, position: pos(DSL, "conv2d", 2) });
    expect(h.contents.value).toContain("**conv2d** (`keras.layers.Conv2D`)");
    expect(h.contents.value).toContain("`(None, 13, 13, 32)`, 320 params");
  });

  test("completion after `->` offers the ops", async () => {
    const items = await rpc.sendRequest<{ label: string }[]>("textDocument/completion", { textDocument: { uri }, position: pos(DSL, "-> flatten", 3) });
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(["conv2d", "maxpool2d", "dense", "flatten"]));
  });

  test("go to definition and find references of a name", async () => {
    const text = DSL.replace("maxpol2d", "maxpool2d");
    const def = await rpc.sendRequest<{ range: Range }>("textDocument/definition", { textDocument: { uri }, position: pos(text, "output probs", 8) });
    expect(def.range).toEqual({ start: pos(text, "as probs", 3), end: pos(text, "as probs", 8) });
    const refs = await rpc.sendRequest<{ range: Range }[]>("textDocument/references", { textDocument: { uri }, position: pos(text, "as probs", 4), context: { includeDeclaration: true } });
    expect(refs.map((r) => r.range.start)).toEqual([pos(text, "as probs", 3), pos(text, "output probs", 7)]);
  });

  test("rename changes the definition and every use; a keyword is refused", async () => {
    const text = DSL.replace("maxpol2d", "maxpool2d");
    const edit = await rpc.sendRequest<{ changes: Record<string, TextEdit[]> }>("textDocument/rename", { textDocument: { uri }, position: pos(text, "image", 0, 1), newName: "patch" });
    const renamed = applyEdits(text, edit.changes[uri]!);
    expect(renamed).toContain("input patch: f32[15, 15, 1]");
    expect(renamed).toContain("  patch\n    -> conv2d");
    await expect(rpc.sendRequest("textDocument/rename", { textDocument: { uri }, position: pos(text, "image", 0, 1), newName: "output" })).rejects.toThrow(/keyword/);
  });

  test("document formatting gives `mfgc fmt`'s text", async () => {
    const messy = "model M { input x: f32[4] # the input\n x -> dense(2) as y ; output y }\n";
    const u = "file:///work/demo/messy.mfgnet";
    await open(u, messy, "mfgnet");
    const edits = await rpc.sendRequest<TextEdit[]>("textDocument/formatting", { textDocument: { uri: u }, options: { tabSize: 2, insertSpaces: true } });
    expect(applyEdits(messy, edits)).toBe("model M {\n  input x: f32[4] # the input\n  x -> dense(2) as y\n  output y\n}\n");
  });
});

const YAML = `mfgnet: 1
model:
  name: Shapes
  inputs:
    image: { shape: [15, 15, 1], dtype: f32 }
  layers:
    - conv2d: { filters: 32, kernel: 3, activation: relu, as: features }
    - maxpool2d: 2
    - flatten
    - dense: { units: 2, activation: softmx, as: probs }
  outputs: [probs]
`;

describe("mfgc lsp over stdio: YAML", () => {
  const uri = "file:///work/demo/shapes.mfgnet.yaml";

  test("diagnostics: the checker's code at the misspelt value, as `check` reports it", async () => {
    const diags = await open(uri, YAML, "yaml");
    expect(diags.map((d) => [d.code, d.range.start.line, d.range.start.character])).toEqual(checkSays(YAML, "shapes.mfgnet.yaml", "yaml"));
    expect(diags[0]).toMatchObject({ code: "MFG3405", range: { start: pos(YAML, "softmx"), end: pos(YAML, "softmx", 6) } });
  });

  test("the quick fix, then hover with the shape once the spec builds", async () => {
    const actions = await rpc.sendRequest<{ title: string; edit: { changes: Record<string, TextEdit[]> } }[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: { start: pos(YAML, "softmx"), end: pos(YAML, "softmx") },
      context: { diagnostics: [] },
    });
    expect(actions.map((a) => a.title)).toEqual(["Change to `softmax`"]);
    const fixed = applyEdits(YAML, actions[0]!.edit.changes[uri]!);
    rpc.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    expect(await diagnosticsFor(uri, 2)).toEqual([]);
    const h = await rpc.sendRequest<{ contents: { value: string } }>("textDocument/hover", { textDocument: { uri }, position: pos(fixed, "conv2d", 1) });
    expect(h.contents.value).toContain("`(None, 13, 13, 32)`, 320 params");
  });

  test("completion in a layer's mapping offers the op's parameters", async () => {
    const text = YAML.replace("softmx", "softmax");
    const items = await rpc.sendRequest<{ label: string }[]>("textDocument/completion", { textDocument: { uri }, position: pos(text, "kernel: 3, ", 11) });
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(["strides", "padding", "dilation", "use_bias"]));
  });

  test("definition and rename of a name used in `outputs`", async () => {
    const text = YAML.replace("softmx", "softmax");
    const def = await rpc.sendRequest<{ range: Range }>("textDocument/definition", { textDocument: { uri }, position: pos(text, "[probs]", 2) });
    expect(def.range.start).toEqual(pos(text, "as: probs", 4));
    const edit = await rpc.sendRequest<{ changes: Record<string, TextEdit[]> }>("textDocument/rename", { textDocument: { uri }, position: pos(text, "[probs]", 2), newName: "classes" });
    const renamed = applyEdits(text, edit.changes[uri]!);
    expect(renamed).toContain("as: classes }");
    expect(renamed).toContain("outputs: [classes]");
  });
});
