/**
 * `mfgc build <specs|dirs> [-o generated/] [--check] [-O0] [--print-passes]`.
 *
 * Writes one folder per spec (model.ts, train.ts, index.ts, layers/). `--check` writes nothing and exits 1
 * listing stale, missing and orphaned files — what CI runs to prove `generated/` is current.
 */
import { posix, relative, resolve, sep } from "node:path";
import { createDiagnostic, hasErrors, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { createSpan, type SourceFile } from "../../diagnostics/span.js";
import { folderNameFor, generateSpec, type GeneratedFile } from "../../codegen/generate.js";
import { compileFile } from "../../pipeline.js";
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, type CliIO } from "../io.js";
import { formatDiagnostics, sourceLookup } from "../output.js";
import { formatPassReport } from "../format-passes.js";
import { expandSpecPaths } from "../spec-files.js";
import { MFGC_VERSION } from "../version.js";
import { isInside, listFiles, readIfExists, removeFile, writeFileAtomic } from "../write-files.js";
import { pushAll } from "../../util/arrays.js";

export interface BuildOptions {
  readonly out: string;
  readonly check: boolean;
  readonly optimize: 0 | 1;
  readonly printPasses: boolean;
}

/** Marker every generated file carries; only folders holding it are ever deleted as orphans. */
const GENERATED_MARK = "DO NOT EDIT: change the spec and run `mfgc build`";

function toPosix(p: string): string {
  return p.split(sep).join("/");
}

export function runBuild(paths: readonly string[], opts: BuildOptions, io: CliIO): number {
  const { files: specFiles, missing } = expandSpecPaths(paths);
  if (missing.length > 0) {
    io.stderr(`mfgc: no such file or directory: ${missing.join(", ")}\n`);
    return EXIT_USAGE;
  }
  const diagnostics: Diagnostic[] = [];
  const sources: SourceFile[] = [];
  const outRoot = toPosix(relative(process.cwd(), resolve(opts.out))) || ".";
  const generated: GeneratedFile[] = [];
  const folders = new Map<string, string>();

  if (specFiles.length === 0) diagnostics.push(createDiagnostic("MFG9004", `no spec files found under ${paths.map((p) => `\`${p}\``).join(", ")}`, createSpan(paths[0] ?? ".", 0, 0)));
  for (const file of specFiles) {
    const compiled = compileFile(file);
    if (compiled.source) sources.push(compiled.source);
    pushAll(diagnostics, compiled.diagnostics);
    if (compiled.graph === undefined || compiled.source === undefined) continue;
    const specPath = toPosix(relative(process.cwd(), resolve(file)));
    const folder = folderNameFor(specPath);
    const clash = folders.get(folder);
    if (clash !== undefined) {
      diagnostics.push(
        createDiagnostic("MFG5001", `\`${specPath}\` and \`${clash}\` would both generate \`${outRoot}/${folder}/\``, createSpan(compiled.path, 0, 0), {
          hints: ["rename one of the spec files"],
        }),
      );
      continue;
    }
    folders.set(folder, specPath);
    const result = generateSpec({
      graph: compiled.graph,
      train: compiled.train,
      source: compiled.source,
      specPath,
      specHash: compiled.hash,
      mfgcVersion: MFGC_VERSION,
      folder,
      outRoot,
      optimizeLevel: opts.optimize,
    });
    if (opts.printPasses) io.stdout(formatPassReport(specPath, result.passes.report, compiled.source));
    pushAll(generated, result.files);
  }

  const text = formatDiagnostics(diagnostics, sourceLookup(sources), "text", { color: io.color, version: MFGC_VERSION });
  if (text) io.stderr(text);
  if (hasErrors(diagnostics)) return EXIT_ERRORS;

  // Files that are in a spec's folder now but would not be generated (an op no longer needs a layer file).
  const expected = new Set(generated.map((g) => g.path));
  const orphans: string[] = [];
  for (const folder of folders.keys()) {
    for (const f of listFiles(resolve(opts.out, folder))) {
      const rel = posix.join(folder, f);
      if (!expected.has(rel)) orphans.push(rel);
    }
  }

  const stale: string[] = [];
  for (const g of generated) {
    const target = resolve(opts.out, g.path);
    if (!isInside(opts.out, target)) throw new Error(`internal: generated path \`${g.path}\` escapes the output directory`);
    if (readIfExists(target) !== g.content) stale.push(g.path);
  }

  if (opts.check) {
    if (stale.length === 0 && orphans.length === 0) {
      io.stdout(`${outRoot}/ is up to date (${generated.length} files from ${folders.size} spec${folders.size === 1 ? "" : "s"})\n`);
      return EXIT_OK;
    }
    io.stderr(`${outRoot}/ is stale: run \`mfgc build\` and commit the result\n`);
    for (const p of stale) io.stderr(`  ${readIfExists(resolve(opts.out, p)) === undefined ? "missing" : "changed"}: ${outRoot}/${p}\n`);
    for (const p of orphans) io.stderr(`  not generated any more: ${outRoot}/${p}\n`);
    return EXIT_ERRORS;
  }

  for (const p of stale) writeFileAtomic(resolve(opts.out, p), generated.find((g) => g.path === p)!.content);
  for (const p of orphans) {
    const full = resolve(opts.out, p);
    // Only ever delete what mfgc wrote.
    if (isInside(opts.out, full) && (readIfExists(full) ?? "").includes(GENERATED_MARK)) removeFile(full);
  }
  io.stdout(`wrote ${stale.length} of ${generated.length} files (${generated.length - stale.length} unchanged) to ${outRoot}/\n`);
  return EXIT_OK;
}
