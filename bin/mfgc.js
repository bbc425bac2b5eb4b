#!/usr/bin/env node
// The `mfgc` command runs the compiled CLI in dist/ (no TypeScript loader at run time). A clone builds
// dist/ in `npm ci` (the `prepare` script); during development `npm run mfgc -- …` runs the sources.
let cli;
try {
  cli = await import("../dist/cli/main.js");
} catch (e) {
  if (e?.code !== "ERR_MODULE_NOT_FOUND" || !String(e.message).includes("dist/cli/main.js")) throw e;
  process.stderr.write("mfgc: dist/ has not been built: run `npm run build` in the mfgc checkout\n");
  process.exit(70);
}
await cli.main();
