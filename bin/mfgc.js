#!/usr/bin/env node
// The `mfgc` command runs the compiled CLI in dist/ (no TypeScript loader at run time). A clone builds
// dist/ in `npm ci` (the `prepare` script); during development `npm run mfgc -- …` runs the sources.
import module from "node:module";
import { readFileSync } from "node:fs";

// Node ≥ 22.1 keeps V8's compiled code between runs when asked; older versions have no such call.
module.enableCompileCache?.();

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  // The commonest probe of a tool, answered without loading the CLI (commander prints the same).
  process.stdout.write(`${JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version}\n`);
} else {
  let cli;
  try {
    cli = await import("../dist/cli/main.js");
  } catch (e) {
    if (e?.code !== "ERR_MODULE_NOT_FOUND" || !String(e.message).includes("dist/cli/main.js")) throw e;
    process.stderr.write("mfgc: dist/ has not been built: run `npm run build` in the mfgc checkout\n");
    process.exit(70);
  }
  await cli.main();
}
