/**
 * `mfgc build <specs|dirs> [-o generated/] [--check] [-O0] [--print-passes]`.
 *
 * Writes one folder per spec (model.ts, train.ts, index.ts, layers/) and removes what it generated earlier
 * that no spec produces any more (output-tree.ts decides what is whose). `--check` writes nothing and
 * exits 1 listing stale, missing and orphaned files — what CI runs to prove `generated/` is current.
 * Files mfgc did not write are reported and never touched; `-o` naming a file is a usage error.
 */
import { realpathSync, statSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { createDiagnostic, hasErrors, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { escapeControls } from "../../diagnostics/escape.js";
import { createSpan, type Span } from "../../diagnostics/span.js";
import { generateSpecs } from "../../codegen/generate-specs.js";
import { PRETTIER_CONFIG_FILE, prettierConfigText } from "../../codegen/format-code.js";
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, type CliIO } from "../io.js";
import { formatDiagnostics, sourceLookup } from "../output.js";
import { formatPassReport } from "../format-passes.js";
import { expandSpecPaths, missingPathsMessage, noSpecFilesDiagnostic, unreadableFolderDiagnostics } from "../spec-files.js";
import { resolveModuleFormat, type ModuleFormatOption } from "../module-format.js";
import { MFGC_VERSION } from "../version.js";
import { planOutput, type BuildScope, type Refusal } from "../output-tree.js";
import { entryKind, isInside, linkOnTheWay, removeEmptyDirs, removeFile, writeFileAtomic } from "../write-files.js";

export interface BuildOptions {
  readonly out: string;
  readonly check: boolean;
  readonly optimize: 0 | 1;
  readonly printPasses: boolean;
  /** Module system of the generated files; `auto` reads the output folder's package.json. */
  readonly moduleFormat?: ModuleFormatOption;
  /** Folders outside the specs' projects that data may come from (`--data-root`; only silences MFG4933). */
  readonly dataRoots?: readonly string[];
}

function toPosix(p: string): string {
  return p.split(sep).join("/");
}

export function runBuild(paths: readonly string[], opts: BuildOptions, io: CliIO): number {
  const { files: specFiles, missing, unreadable } = expandSpecPaths(paths);
  if (missing.length > 0) {
    io.stderr(missingPathsMessage(missing));
    return EXIT_USAGE;
  }
  if (unreadable.length > 0) {
    // Specs in a folder mfgc cannot list would look deleted, and their generated code orphaned.
    io.stderr(formatDiagnostics(unreadableFolderDiagnostics(unreadable, "error"), sourceLookup([]), "text", { color: io.color, version: MFGC_VERSION }));
    return EXIT_ERRORS;
  }
  const outRoot = toPosix(relative(process.cwd(), resolve(opts.out))) || ".";
  const outDir = outputFolder(opts.out);
  if (outDir === undefined) {
    io.stderr(`mfgc: the output folder \`${escapeControls(opts.out)}\` is a file (or lies under one); \`-o\` names a folder\n`);
    return EXIT_USAGE;
  }
  const moduleFormat = resolveModuleFormat(opts.moduleFormat ?? "auto", opts.out);
  const result = generateSpecs(specFiles, { out: opts.out, optimize: opts.optimize, moduleFormat, mfgcVersion: MFGC_VERSION, dataRoots: opts.dataRoots ?? [] });
  const diagnostics: Diagnostic[] = [...result.diagnostics];
  const sources = result.sources;
  const generated = [...result.files];
  const folders = new Map(result.specs.map((s) => [s.folder, s.specPath]));
  if (specFiles.length === 0) diagnostics.push(noSpecFilesDiagnostic(paths));
  if (opts.printPasses) for (const s of result.specs) io.stdout(formatPassReport(s.specPath, s.passes, s.source));

  // The Prettier settings the code was formatted with, pinned next to it (`prettier --check` uses them).
  if (generated.length > 0) generated.push({ path: PRETTIER_CONFIG_FILE, content: prettierConfigText() });

  const text = formatDiagnostics(diagnostics, sourceLookup(sources), "text", { color: io.color, version: MFGC_VERSION });
  if (text) io.stderr(text);
  if (hasErrors(diagnostics)) return EXIT_ERRORS;

  const plan = planOutput(outDir, generated, folders, scopeOf(paths));
  const report = (ds: Diagnostic[]) => {
    const out = formatDiagnostics(ds, sourceLookup([]), "text", { color: io.color, version: MFGC_VERSION });
    if (out) io.stderr(out);
  };
  const at = (p: string) => createSpan(`${outRoot}/${p}`, 0, 0);
  if (plan.refusals.length > 0) {
    report(plan.refusals.map((r) => refusalDiagnostic(r, at(r.path))));
    return EXIT_ERRORS;
  }
  const notes: Diagnostic[] = [
    ...plan.foreign.map((p) =>
      createDiagnostic("MFG5004", "this file in a generated folder was not written by mfgc for its spec; it is left as it is", at(p), {
        hints: ["move it out of the output folder, or delete it if it is not needed"],
      }),
    ),
    ...plan.leftovers.map((p) => createDiagnostic("MFG5005", "a temp file left by an interrupted build", at(p), { hints: [opts.check ? "`mfgc build` removes it" : "removed"] })),
  ];
  const stale = plan.writes.filter((w) => w.state !== "same");

  if (opts.check) {
    report(notes);
    if (stale.length === 0 && plan.orphans.length === 0) {
      io.stdout(`${outRoot}/ is up to date (${generated.length} files from ${folders.size} spec${folders.size === 1 ? "" : "s"})\n`);
      return EXIT_OK;
    }
    io.stderr(`${outRoot}/ is stale: run \`mfgc build\` and commit the result\n`);
    for (const w of stale) io.stderr(`  ${w.state}: ${outRoot}/${escapeControls(w.file.path)}\n`);
    for (const p of plan.orphans) io.stderr(`  not generated any more: ${outRoot}/${escapeControls(p)}\n`);
    return EXIT_ERRORS;
  }

  for (const w of stale) writeFileAtomic(resolve(outDir, w.file.path), w.file.content);
  for (const p of [...plan.orphans, ...plan.leftovers]) {
    const full = resolve(outDir, p);
    // Planned as mfgc's own; checked again right before it goes (never a link, never outside the folder).
    if (isInside(outDir, full) && linkOnTheWay(outDir, full) === undefined && entryKind(full) === "file") removeFile(full);
    removeEmptyDirs(outDir, dirname(full));
  }
  report(notes);
  const removed = plan.orphans.length > 0 ? `, removed ${plan.orphans.length} no longer generated` : "";
  io.stdout(`wrote ${stale.length} of ${generated.length} files (${generated.length - stale.length} unchanged${removed}) to ${outRoot}/\n`);
  return EXIT_OK;
}

/** The directories and files a build was given, absolute: orphaned folders are judged only within them. */
function scopeOf(paths: readonly string[]): BuildScope {
  const dirs: string[] = [];
  const files: string[] = [];
  for (const p of paths) (statKind(p) === "directory" ? dirs : files).push(resolve(p));
  return { dirs, files };
}

function statKind(p: string): "directory" | "other" {
  try {
    return statSync(p).isDirectory() ? "directory" : "other";
  } catch {
    return "other";
  }
}

function refusalDiagnostic(r: Refusal, span: Span): Diagnostic {
  if (r.kind === "link") {
    return createDiagnostic("MFG5002", "this path in the output folder is a symbolic link (or not a folder); mfgc does not write through it", span, {
      hints: ["replace the link with a real folder, or choose another output folder with `-o`"],
    });
  }
  const what = r.otherSpec === undefined ? "was not written by mfgc" : `was generated from \`${r.otherSpec}\`, another spec`;
  return createDiagnostic("MFG5003", `a generated file must go here, but the file that is here ${what}; it is left as it is`, span, {
    hints: ["move the file away, or choose another output folder with `-o`"],
  });
}

/**
 * Where the output goes: the folder named by `-o`, through a link if `-o` itself is one (the user named
 * it), or undefined when `-o` names something that is not a folder (or lies under a file).
 */
function outputFolder(out: string): string | undefined {
  let at = resolve(out);
  for (;;) {
    try {
      const st = statSync(at);
      if (!st.isDirectory()) return undefined;
      return at === resolve(out) ? realpathSync(at) : resolve(out);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
      const parent = dirname(at);
      if (parent === at) return resolve(out);
      at = parent;
    }
  }
}
