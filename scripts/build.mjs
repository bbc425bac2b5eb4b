#!/usr/bin/env node
/**
 * Builds the published package into dist/ (run by `npm run build`, and by `prepare`, so `npm ci` in a
 * clone and `npm pack` both get it):
 *
 *   dist/cli/main.js, dist/index.js, dist/runtime/index.js  ES modules, bundled by esbuild with code
 *       splitting: the three entries share chunks (dist/chunks/), so the CLI, the compiler API and the
 *       runtime that generated code imports are one set of module instances in a process. Each command's
 *       module is its own chunk, loaded when the command runs (`mfgc check` never loads ts-morph).
 *   dist/cjs/runtime.cjs                                    the runtime for CommonJS projects (`require("mfgc/runtime")`)
 *   dist/types/**.d.ts                                      declarations (tsc), and a CommonJS-typed copy in dist/cjs/types/
 *
 * Dependencies are bundled except those that must stay one shared copy (TensorFlow.js), are large and
 * loaded only by some commands (ts-morph, TypeScript), or are optional (the GPU backends).
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import standaloneModule from "ajv/dist/standalone/index.js";
import { build, transform } from "esbuild";

const standaloneCode = standaloneModule.default;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
process.chdir(root);

/** Never bundled: a second copy of tfjs would register its kernels twice; the others are big, optional or native. */
export const EXTERNAL = ["@tensorflow/*", "ts-morph", "typescript", "webgpu", "prettier", "@prettier/sync", "playwright-core"];

rmSync(dist, { recursive: true, force: true });

// Declarations first: a type error stops the build before anything is bundled.
execFileSync(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { stdio: "inherit" });

/**
 * ajv's standalone code (CommonJS) for the YAML schema of the registry's op table, compiled with the
 * options the sources use (both read from the sources themselves, bundled into a temporary module
 * first). It is a file of its own, required on the first YAML spec: at ~1.3 MB it would otherwise be
 * parsed on every start, also by `mfgc check` of a DSL spec, which never validates against it.
 */
async function precompiledValidatorSource() {
  const tmp = mkdtempSync(path.join(tmpdir(), "mfgc-build-"));
  try {
    const entry = path.join(tmp, "schema.mjs");
    await build({
      stdin: {
        contents: 'export { generateSchema } from "./src/parser/yaml/schema.ts"; export { OPS } from "./src/ir/ops/registry.ts"; export { AJV_OPTIONS } from "./src/parser/yaml/validate.ts";',
        resolveDir: root,
        loader: "ts",
      },
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: entry,
      external: EXTERNAL,
      logLevel: "warning",
    });
    const { generateSchema, OPS, AJV_OPTIONS } = await import(pathToFileURL(entry).href);
    const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: false } });
    const validate = ajv.compile(generateSchema(OPS));
    // Minified: Node parses the whole file on the first YAML spec of a process.
    return (await transform(standaloneCode(ajv, validate), { loader: "js", format: "cjs", minify: true, target: "node20" })).code;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Where the standalone validator goes, relative to the package root (read by the module below). */
const VALIDATOR_FILE = "dist/yaml-validator.cjs";

/**
 * Swaps the sources' precompiled-validator module (which has none) for one that requires the
 * standalone validator from the package on first use; the bundle's chunks sit at several depths, so
 * the file is found from the package root.
 */
function precompiledValidatorPlugin() {
  const packageRootModule = path.join(root, "src", "package-root.ts");
  const contents = `import { createRequire } from "node:module";
import path from "node:path";
import { packageRoot } from ${JSON.stringify(packageRootModule)};
let validate;
export function loadPrecompiledValidator() {
  return (validate ??= createRequire(import.meta.url)(path.join(packageRoot(), ${JSON.stringify(VALIDATOR_FILE)})));
}
`;
  return {
    name: "mfgc-precompiled-validator",
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]parser[\\/]yaml[\\/]precompiled-validator\.ts$/ }, () => ({ contents, loader: "js", resolveDir: root }));
    },
  };
}

const validatorSource = await precompiledValidatorSource();

/** The data-parallel worker's entry relative to the package root, as a define (see replica-pool.ts). */
const REPLICA_WORKER = JSON.stringify("dist/runtime/replica-worker.js");

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  sourcesContent: true,
  external: EXTERNAL,
  logLevel: "warning",
  legalComments: "linked",
  minify: true,
};

await build({
  ...common,
  // The replica worker (data-parallel training) is an entry of its own: worker threads start from a file.
  entryPoints: { index: "src/index.ts", "cli/main": "src/cli/main.ts", "runtime/index": "src/runtime/index.ts", "runtime/replica-worker": "src/runtime/train/parallel/replica-worker.ts" },
  outdir: dist,
  format: "esm",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  plugins: [precompiledValidatorPlugin()],
  // The sources validate the DSL grammar whenever they build the parser (every test run does); the
  // bundle skips chevrotain's grammar validations to start faster.
  define: { __MFGC_BUNDLE__: "true", __MFGC_REPLICA_WORKER__: REPLICA_WORKER },
  // Bundled CommonJS dependencies call require() for Node's built-ins; ES modules have none of their own.
  banner: { js: 'import { createRequire as __mfgcCreateRequire } from "node:module"; const require = __mfgcCreateRequire(import.meta.url);' },
});

await build({
  ...common,
  entryPoints: ["src/runtime/index.ts"],
  outfile: path.join(dist, "cjs", "runtime.cjs"),
  format: "cjs",
  plugins: [precompiledValidatorPlugin()],
  // The runtime's sources are ES modules; in CommonJS, import.meta.url is this file's URL.
  // CommonJS runs start the same ES-module worker: it imports the user's CommonJS module and its tfjs
  // (which has one CommonJS build for both), so each thread still has one TensorFlow.js.
  define: { "import.meta.url": "__mfgcImportMetaUrl", __MFGC_BUNDLE__: "true", __MFGC_REPLICA_WORKER__: REPLICA_WORKER },
  banner: { js: 'const __mfgcImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
});

// TypeScript reads a .d.ts as CommonJS or ESM by the nearest package.json, as Node does for .js files.
cpSync(path.join(dist, "types"), path.join(dist, "cjs", "types"), { recursive: true });
writeFileSync(path.join(dist, "cjs", "package.json"), `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);
mkdirSync(path.join(dist, "cli"), { recursive: true });
writeFileSync(path.join(root, VALIDATOR_FILE), validatorSource);
console.log("built dist/");
