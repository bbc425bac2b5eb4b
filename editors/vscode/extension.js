// The VS Code client of `mfgc lsp`: starts the language server (mfgc's own, from the workspace) over
// stdio for `.mfgnet` files and `.mfgnet.yaml` / `.mfgnet.yml` files. Plain CommonJS, so the extension
// needs no build step.
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;

/** The command that runs the server: the configured mfgc, the workspace's, or `mfgc` on the PATH. */
function serverCommand() {
  const config = vscode.workspace.getConfiguration("mfgnet");
  const node = config.get("server.node") || "node";
  const configured = config.get("server.path");
  if (configured) return { command: node, args: [configured, "lsp", "--stdio"] };
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const bin = join(folder.uri.fsPath, "node_modules", "mfgc", "bin", "mfgc.js");
    if (existsSync(bin)) return { command: node, args: [bin, "lsp", "--stdio"] };
  }
  return { command: "mfgc", args: ["lsp", "--stdio"] };
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
