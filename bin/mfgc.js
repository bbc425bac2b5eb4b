#!/usr/bin/env node
// The `mfgc` command runs the compiled CLI in dist/ (no TypeScript loader at run time). A clone builds
// dist/ in `npm ci` (the `prepare` script); during development `npm run mfgc -- …` runs the sources.
// This file is CommonJS (bin/package.json): an ES module would start Node's ES module loader, which
// `mfgc check` never needs.
"use strict";
const module_ = require("node:module");
const { readFileSync } = require("node:fs");
const path = require("node:path");

// Node ≥ 22.1 keeps V8's compiled code between runs when asked; older versions have no such call.
module_.enableCompileCache?.();

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  // The commonest probe of a tool, answered without loading the CLI (commander prints the same).
  process.stdout.write(`${JSON.parse(readFileSync(path.join(__dirname, "..", "package.json"), "utf8")).version}\n`);
} else {
  let loader;
  try {
    loader = require("../dist/cli/code-cache.cjs");
  } catch (e) {
    if (e?.code !== "MODULE_NOT_FOUND" || !String(e.message).includes("code-cache.cjs")) throw e;
    process.stderr.write("mfgc: dist/ has not been built: run `npm run build` in the mfgc checkout\n");
    process.exit(70);
  }
  // The CLI is a CommonJS bundle run through V8's code cache: Node 20 caches no ES module's code.
  const cli = loader.loadCommonJsWithCodeCache(path.join(__dirname, "..", "dist", "cli", "main.cjs"), loader.defaultCacheDir(), args[0] ?? "", (url) => import(url));
  cli.exports.main().then(() => cli.saveCache());
}
