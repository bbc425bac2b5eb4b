#!/usr/bin/env node
/**
 * Builds the published package into dist/ (run by `npm run build`, and by `prepare`, so `npm ci` in a
 * clone and `npm pack` both get it):
 *
 *   dist/index.js, dist/runtime/index.js, dist/cli/commands/*.js, dist/lsp/server.js
 *       ES modules, bundled by esbuild with code splitting: the entries share chunks (dist/chunks/), so
 *       the compiler API, the runtime that generated code imports and the commands that run it are one
 *       set of module instances in a process. Each command is loaded when it runs (`mfgc check` never
 *       loads ts-morph).
 *   dist/cli/main.cjs, dist/cli/code-cache.cjs              the CLI (with `check` and `summary` inside) as
 *       one CommonJS file, and the loader bin/mfgc.js runs it with (V8's code cache; see below)
 *   dist/cjs/runtime.cjs                                    the runtime for CommonJS projects (`require("mfgc/runtime")`)
 *   dist/types/**.d.ts                                      declarations (tsc), and a CommonJS-typed copy in dist/cjs/types/
 *
 * Dependencies are bundled except those that must stay one shared copy (TensorFlow.js), are large and
 * loaded only by some commands (ts-morph, TypeScript), or are optional (the GPU backends).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
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
function precompiledValidatorPlugin({ codeCache = false } = {}) {
  const packageRootModule = path.join(root, "src", "package-root.ts");
  const codeCacheModule = path.join(root, "src", "cli", "code-cache.ts");
  // The CLI loads the validator through V8's code cache too (its ~1.3 MB otherwise compile on every
  // YAML check), and writes the cache when the process ends, after the validator has run.
  const contents = codeCache
    ? `import path from "node:path";
import { defaultCacheDir, loadCommonJsWithCodeCache } from ${JSON.stringify(codeCacheModule)};
import { packageRoot } from ${JSON.stringify(packageRootModule)};
let validate;
export function loadPrecompiledValidator() {
  if (validate === undefined) {
    const loaded = loadCommonJsWithCodeCache(path.join(packageRoot(), ${JSON.stringify(VALIDATOR_FILE)}), defaultCacheDir(), "validator");
    process.once("exit", () => loaded.saveCache());
    validate = loaded.exports;
  }
  return validate;
}
`
    : `import { createRequire } from "node:module";
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

/**
 * The CLI is a CommonJS bundle, dist/cli/main.cjs, that bin/mfgc.js runs through V8's code cache
 * (src/cli/code-cache.ts; Node 20 has no code cache for ES modules). It holds the commands that must
 * start fast (CLI_BUNDLED_COMMANDS); every other command module the CLI imports stays an ES module
 * entry of the build below (dist/cli/commands/…, dist/lsp/server.js), sharing chunks with the runtime
 * that generated code imports, so `mfgc train` and the training code it runs use one set of module
 * instances. Their `import()` calls are rewritten to the loader's import function, since `import()`
 * inside a `vm.Script` needs `--experimental-vm-modules` on Node 20.
 */
const CLI_BUNDLED_COMMANDS = new Set(["./commands/check.js", "./commands/summary.js"]);
const CLI_SOURCE = "src/cli/main.ts";
const cliImports = [...readFileSync(CLI_SOURCE, "utf8").matchAll(/await import\("([^"]+)"\)/g)].map((m) => m[1]);
const cliEsmCommands = cliImports.filter((p) => !CLI_BUNDLED_COMMANDS.has(p));
/** `./commands/train.js` → its entry name (`cli/commands/train`), which is where main.cjs imports it from. */
const esmCommandEntry = (p) => path.posix.join("cli", p.replace(/\.js$/, ""));
const ESM_MARK = "mfgc-esm:";

function cliEsmCommandsPlugin() {
  const importer = path.join(root, CLI_SOURCE);
  return {
    name: "mfgc-cli-esm-commands",
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) =>
        args.importer === importer && cliEsmCommands.includes(args.path) ? { path: `${ESM_MARK}${args.path}`, external: true } : undefined,
      );
    },
  };
}

/**
 * commander requires node:child_process when it loads (for subcommands that are executables of their
 * own, which mfgc has none of); loading it costs ~5 ms of every start. commander gets a stand-in that
 * requires the real module when first used.
 */
function lazyChildProcessForCommanderPlugin() {
  return {
    name: "mfgc-lazy-child-process",
    setup(b) {
      b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
        /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: "lazy-child-process", namespace: "mfgc-lazy" } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: "mfgc-lazy" }, () => ({
        contents: 'module.exports = new Proxy({}, { get: (_, key) => require("node:child_process")[key] });',
        loader: "js",
      }));
    },
  };
}

await build({
  ...common,
  entryPoints: {
    index: "src/index.ts",
    "runtime/index": "src/runtime/index.ts",
    // The replica worker (data-parallel training) is an entry of its own: worker threads start from a file.
    "runtime/replica-worker": "src/runtime/train/parallel/replica-worker.ts",
    ...Object.fromEntries(cliEsmCommands.map((p) => [esmCommandEntry(p), path.join("src", "cli", p.replace(/\.js$/, ".ts"))])),
  },
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

// The loader bin/mfgc.js requires (CommonJS too: an ES module would start Node's ES module loader,
// ~15 ms that `mfgc check` otherwise never pays), and its names, read from it.
await build({ ...common, entryPoints: ["src/cli/code-cache.ts"], outfile: path.join(dist, "cli", "code-cache.cjs"), format: "cjs" });
const { BUNDLE_HASH_MARK, IMPORT_FUNCTION } = createRequire(import.meta.url)(path.join(dist, "cli", "code-cache.cjs"));
const cli = await build({
  ...common,
  entryPoints: [CLI_SOURCE],
  outfile: path.join(dist, "cli", "main.cjs"),
  format: "cjs",
  write: false,
  plugins: [precompiledValidatorPlugin({ codeCache: true }), cliEsmCommandsPlugin(), lazyChildProcessForCommanderPlugin()],
  define: { "import.meta.url": "__mfgcImportMetaUrl", __MFGC_BUNDLE__: "true" },
  banner: { js: 'const __mfgcImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
});
for (const file of cli.outputFiles) {
  if (!file.path.endsWith(".cjs")) {
    writeFileSync(file.path, file.contents);
    continue;
  }
  const marked = file.text.split(`import("${ESM_MARK}`);
  if (marked.length - 1 !== cliEsmCommands.length) throw new Error(`main.cjs: expected ${cliEsmCommands.length} ES module imports, found ${marked.length - 1}`);
  const text = marked.join(`${IMPORT_FUNCTION}("`);
  if (/\bimport\(/.test(text)) throw new Error("main.cjs: an import() is left, which a vm.Script cannot run on Node 20");
  // The loader reads the bundle as Latin-1, which is much faster than UTF-8 and exact for ASCII.
  if (/[^\x00-\x7f]/.test(text)) throw new Error("main.cjs: the bundle is not ASCII");
  writeFileSync(file.path, `${text}${BUNDLE_HASH_MARK}${createHash("sha256").update(text).digest("hex")}\n`);
}

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
// Marked with its content hash like main.cjs: the CLI runs it through the code cache loader.
if (/[^\x00-\x7f]/.test(validatorSource)) throw new Error("yaml-validator.cjs is not ASCII");
writeFileSync(path.join(root, VALIDATOR_FILE), `${validatorSource}${BUNDLE_HASH_MARK}${createHash("sha256").update(validatorSource).digest("hex")}\n`);
console.log("built dist/");
