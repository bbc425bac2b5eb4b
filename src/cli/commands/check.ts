/** `mfgc check <files|dirs>`: parse and check specs, print every diagnostic, exit 1 on errors. */
import { hasErrors, type Diagnostic } from "../../diagnostics/diagnostic.js";
import type { SourceFile } from "../../diagnostics/span.js";
import { compileFile } from "../../pipeline.js";
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, type CliIO } from "../io.js";
import { formatDiagnostics, sourceLookup, type DiagnosticFormat } from "../output.js";
import { expandSpecPaths, missingPathDiagnostic, missingPathsMessage, noSpecFilesDiagnostic, unreadableFolderDiagnostics } from "../spec-files.js";
import { MFGC_VERSION } from "../version.js";
import { pushAll } from "../../util/arrays.js";

export interface CheckOptions {
  readonly format: DiagnosticFormat;
  /** Folders outside the specs' projects that data may come from (`--data-root`), as `mfgc train` is told. */
  readonly dataRoot?: readonly string[];
}

export function runCheck(paths: readonly string[], opts: CheckOptions, io: CliIO): number {
  const { files, missing, unreadable } = expandSpecPaths(paths);
  if (missing.length > 0) {
    io.stderr(missingPathsMessage(missing));
    // A CI step that uploads the SARIF (or parses the JSON) still gets a valid file saying what was wrong.
    if (opts.format !== "text") io.stdout(formatDiagnostics(missing.map(missingPathDiagnostic), sourceLookup([]), opts.format, { color: false, version: MFGC_VERSION }));
    return EXIT_USAGE;
  }
  const diagnostics: Diagnostic[] = unreadableFolderDiagnostics(unreadable, "warning");
  const sources: SourceFile[] = [];
  if (files.length === 0) {
    diagnostics.push(noSpecFilesDiagnostic(paths));
  }
  for (const file of files) {
    const compiled = compileFile(file, { dataRoots: opts.dataRoot ?? [] });
    if (compiled.source) sources.push(compiled.source);
    pushAll(diagnostics, compiled.diagnostics);
  }
  const text = formatDiagnostics(diagnostics, sourceLookup(sources), opts.format, { color: io.color, version: MFGC_VERSION });
  if (opts.format === "text") {
    io.stderr(text);
    if (!hasErrors(diagnostics)) {
      // The same count the diagnostics' own summary line on stderr gives, so the two never disagree.
      const warnings = diagnostics.filter((d) => d.severity === "warning").length;
      io.stdout(`checked ${files.length} spec${files.length === 1 ? "" : "s"}: no errors${warnings === 0 ? "" : `, ${warnings} warning${warnings === 1 ? "" : "s"}`}\n`);
    }
  } else {
    io.stdout(text);
  }
  return hasErrors(diagnostics) ? EXIT_ERRORS : EXIT_OK;
}
