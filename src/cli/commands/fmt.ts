/**
 * `mfgc fmt <spec> [--to dsl|yaml] [-o file]`: print a spec in canonical form, or converted to the other
 * form. Both forms build the same AST, so conversion is exact for everything but comments, which the
 * AST does not keep — `fmt` says so instead of silently dropping them, and never rewrites a file in place.
 */
import { existsSync } from "node:fs";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { printDsl } from "../../parser/dsl/index.js";
import { printYaml } from "../../parser/yaml/index.js";
import { compileFile, type SpecFormat } from "../../pipeline.js";
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, type CliIO } from "../io.js";
import { formatDiagnostics, sourceLookup } from "../output.js";
import { MFGC_VERSION } from "../version.js";
import { writeFileAtomic } from "../write-files.js";
import { resolve } from "node:path";

export interface FmtOptions {
  readonly to: SpecFormat | undefined;
  readonly out: string | undefined;
}

/** Whether the text has comments that a conversion would lose (a cheap scan; strings may give false positives). */
function hasComments(text: string, format: SpecFormat): boolean {
  return format === "yaml" ? /(^|\s)#/.test(text) : /(^|[^:"])(#|\/\/|\/\*)/m.test(text);
}

export function runFmt(path: string, opts: FmtOptions, io: CliIO): number {
  const compiled = compileFile(path);
  if (compiled.diagnostics.length > 0) {
    io.stderr(formatDiagnostics(compiled.diagnostics, sourceLookup(compiled.source ? [compiled.source] : []), "text", { color: io.color, version: MFGC_VERSION }));
  }
  // Only a spec that checks clean is printed: recovery can leave a partial tree behind errors.
  if (hasErrors(compiled.diagnostics) || compiled.spec === undefined || compiled.format === undefined) return EXIT_ERRORS;
  const to = opts.to ?? compiled.format;
  const text = to === "dsl" ? printDsl(compiled.spec) : printYaml(compiled.spec);
  if (compiled.source && hasComments(compiled.source.text, compiled.format)) {
    io.stderr(`note: comments in \`${path}\` are not carried over by \`mfgc fmt\`\n`);
  }
  if (opts.out === undefined) {
    io.stdout(text);
    return EXIT_OK;
  }
  if (resolve(opts.out) === resolve(path)) {
    io.stderr("mfgc: `fmt` never overwrites its input (it would drop comments); write to another file\n");
    return EXIT_USAGE;
  }
  if (existsSync(opts.out)) {
    io.stderr(`mfgc: \`${opts.out}\` exists; remove it first or choose another name\n`);
    return EXIT_USAGE;
  }
  writeFileAtomic(opts.out, text);
  io.stdout(`wrote ${opts.out}\n`);
  return EXIT_OK;
}
