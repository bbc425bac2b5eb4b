/**
 * `mfgc fmt <specs|dirs> [--to dsl|yaml] [-o file] [--write] [--check]`: canonical form of a spec,
 * comments kept, or the spec converted to the other form.
 *
 * - no flag: print one spec (or write it to a new file with `-o`);
 * - `--write`: rewrite every spec that is not in canonical form, in place;
 * - `--check`: write nothing; exit 1 listing the specs that are not in canonical form.
 *
 * A spec formats when it parses; semantic errors (an unknown op, a shape mismatch) do not stop it, so a
 * spec can be tidied while it is being fixed. Syntax errors do: the parts they hide would be lost.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { SourceFile } from "../../diagnostics/span.js";
import { formatSpecText, type SpecForm } from "../../parser/format.js";
import { compileFile } from "../../pipeline.js";
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, type CliIO } from "../io.js";
import { formatDiagnostics, sourceLookup } from "../output.js";
import { expandSpecPaths, missingPathsMessage, unreadableFolderDiagnostics } from "../spec-files.js";
import { MFGC_VERSION } from "../version.js";
import { writeFileAtomic } from "../write-files.js";
import { pushAll } from "../../util/arrays.js";

export interface FmtOptions {
  readonly to: SpecForm | undefined;
  readonly out: string | undefined;
  readonly write: boolean;
  readonly check: boolean;
}

interface Formatted {
  readonly path: string;
  readonly original: string;
  /** Undefined when the spec does not parse. */
  readonly text: string | undefined;
}

export function runFmt(paths: readonly string[], opts: FmtOptions, io: CliIO): number {
  const usage = usageError(paths, opts);
  if (usage !== undefined) {
    io.stderr(`mfgc: ${usage}\n`);
    return EXIT_USAGE;
  }
  const { files, missing, unreadable } = expandSpecPaths(paths);
  if (missing.length > 0) {
    io.stderr(missingPathsMessage(missing));
    return EXIT_USAGE;
  }
  if (files.length === 0) {
    io.stderr(`mfgc: no spec files found under ${paths.map((p) => `\`${p}\``).join(", ")}\n`);
    return EXIT_USAGE;
  }
  if (!opts.write && !opts.check && files.length !== 1) {
    io.stderr("mfgc: `fmt` prints one spec; use `--write` or `--check` for several\n");
    return EXIT_USAGE;
  }
  const diagnostics: Diagnostic[] = unreadableFolderDiagnostics(unreadable, "warning");
  const sources: SourceFile[] = [];
  const results: Formatted[] = [];
  for (const file of files) {
    const compiled = compileFile(file, { dataPaths: false });
    if (compiled.source === undefined || compiled.format === undefined) {
      pushAll(diagnostics, compiled.diagnostics);
      results.push({ path: file, original: "", text: undefined });
      continue;
    }
    sources.push(compiled.source);
    const original = compiled.source.text;
    const r = formatSpecText(original, file, compiled.format, opts.to ?? compiled.format);
    if (r.text === undefined) pushAll(diagnostics, r.diagnostics);
    results.push({ path: file, original, text: r.text });
  }
  if (diagnostics.length > 0) io.stderr(formatDiagnostics(diagnostics, sourceLookup(sources), "text", { color: io.color, version: MFGC_VERSION }));
  const failed = results.filter((r) => r.text === undefined);
  const changed = results.filter((r) => r.text !== undefined && r.text !== r.original);

  if (opts.check) {
    for (const r of changed) io.stderr(`not formatted: ${r.path}\n`);
    if (failed.length > 0 || changed.length > 0) {
      if (changed.length > 0) io.stderr(`run \`mfgc fmt --write\` to format ${changed.length} spec${changed.length === 1 ? "" : "s"}\n`);
      return EXIT_ERRORS;
    }
    io.stdout(`${results.length} spec${results.length === 1 ? " is" : "s are"} formatted\n`);
    return EXIT_OK;
  }
  if (opts.write) {
    for (const r of changed) writeFileAtomic(r.path, r.text!);
    io.stdout(`formatted ${changed.length} of ${results.length} spec${results.length === 1 ? "" : "s"}\n`);
    return failed.length > 0 ? EXIT_ERRORS : EXIT_OK;
  }
  const only = results[0]!;
  if (only.text === undefined) return EXIT_ERRORS;
  if (opts.out === undefined) {
    io.stdout(only.text);
    return EXIT_OK;
  }
  writeFileAtomic(opts.out, only.text);
  io.stdout(`wrote ${opts.out}\n`);
  return EXIT_OK;
}

function usageError(paths: readonly string[], opts: FmtOptions): string | undefined {
  if (opts.write && opts.check) return "`fmt` takes `--write` or `--check`, not both";
  if ((opts.write || opts.check) && opts.to !== undefined) return "`--to` converts one spec: write it with `-o <file>`, not with `--write`/`--check`";
  if ((opts.write || opts.check) && opts.out !== undefined) return "`-o` writes one converted or printed spec; `--write` formats files in place";
  if (opts.out !== undefined && existsSync(opts.out)) {
    return resolve(opts.out) === resolve(paths[0] ?? "")
      ? "`-o` never overwrites the spec it reads; use `mfgc fmt --write` to format it in place"
      : `\`${opts.out}\` exists; remove it first or choose another name`;
  }
  return undefined;
}
