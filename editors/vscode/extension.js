// The VS Code client of `mfgc lsp`: starts the language server (mfgc's own, from the workspace) over
// stdio for `.mfgnet` files and `.mfgnet.yaml` / `.mfgnet.yml` files. Plain CommonJS, so the extension
// needs no build step.
const { existsSync } = require("node:fs");
const { isAbsolute, join } = require("node:path");
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;

/** `--data-root` arguments from `mfgnet.dataRoots`; relative folders are taken from the first workspace folder. */
function dataRootArgs(config) {
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const roots = (config.get("dataRoots") ?? []).filter((r) => typeof r === "string" && r !== "");
  return roots.flatMap((r) => ["--data-root", isAbsolute(r) || base === undefined ? r : join(base, r)]);
}

/** The command that runs the server: the configured mfgc, the workspace's, or `mfgc` on the PATH. */
function serverCommand() {
  const config = vscode.workspace.getConfiguration("mfgnet");
  const node = config.get("server.node") || "node";
  const configured = config.get("server.path");
  const lsp = ["lsp", "--stdio", ...dataRootArgs(config)];
  if (configured) return { command: node, args: [configured, ...lsp] };
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const bin = join(folder.uri.fsPath, "node_modules", "mfgc", "bin", "mfgc.js");
    if (existsSync(bin)) return { command: node, args: [bin, ...lsp] };
  }
  return { command: "mfgc", args: lsp };
}

function activate(context) {
  const { command, args } = serverCommand();
  const server = { command, args, transport: TransportKind.stdio };
  client = new LanguageClient(
    "mfgnet",
    "mfgc language server",
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: "file", language: "mfgnet" },
        { scheme: "file", language: "yaml", pattern: "**/*.mfgnet.{yaml,yml}" },
      ],
    },
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
