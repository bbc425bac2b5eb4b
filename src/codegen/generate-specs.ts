/**
 * Compile several spec files and generate their folders — what `mfgc build` does before it compares
 * with or writes to the output directory (and what the compiler API's `build` returns).
 */
import { posix, relative, resolve, sep } from "node:path";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { createSpan, type SourceFile } from "../diagnostics/span.js";
import type { PassReportEntry } from "../ir/passes/pipeline.js";
import { compileFile } from "../pipeline.js";
import type { ModuleFormat } from "./emit/emit-train.js";
import { folderNameFor, generateSpec, type GeneratedFile } from "./generate.js";
import { pushAll } from "../util/arrays.js";

export interface GenerateSpecsOptions {
  /** Output root (generated paths are relative to it). */
  readonly out: string;
  readonly optimize: 0 | 1;
  readonly moduleFormat: ModuleFormat;
  /** Goes into every file's header. */
  readonly mfgcVersion: string;
  /** Folders outside the specs' projects that data may come from (`--data-root`; only silences MFG4933). */
  readonly dataRoots?: readonly string[];
}

export interface GeneratedSpec {
  /** The spec file relative to the working directory, `/`-separated. */
  readonly specPath: string;
  /** Its folder under the output root. */
  readonly folder: string;
  readonly source: SourceFile;
  /** What the optimization passes changed. */
  readonly passes: readonly PassReportEntry[];
}

export interface GenerateSpecsResult {
  /** Every spec's diagnostics, plus MFG5001 for two specs that would share a folder. */
  readonly diagnostics: readonly Diagnostic[];
  /** Every spec source that was read (for rendering diagnostics). */
  readonly sources: readonly SourceFile[];
  /** Specs that generated code (none of them has errors). */
  readonly specs: readonly GeneratedSpec[];
  /** All generated files, paths relative to the output root. */
  readonly files: readonly GeneratedFile[];
}

function toPosix(p: string): string {
  return p.split(sep).join("/");
}

/** Compiles each file in order; a spec with errors generates nothing, the others still do. */
export function generateSpecs(specFiles: readonly string[], opts: GenerateSpecsOptions): GenerateSpecsResult {
  const diagnostics: Diagnostic[] = [];
  const sources: SourceFile[] = [];
  const specs: GeneratedSpec[] = [];
  const files: GeneratedFile[] = [];
  const folders = new Map<string, string>();
  const outRoot = toPosix(relative(process.cwd(), resolve(opts.out))) || ".";
  for (const file of specFiles) {
    const compiled = compileFile(file, { dataRoots: opts.dataRoots ?? [] });
    if (compiled.source) sources.push(compiled.source);
    pushAll(diagnostics, compiled.diagnostics);
    if (compiled.graph === undefined || compiled.source === undefined) continue;
    const specPath = toPosix(relative(process.cwd(), resolve(file)));
    const folder = folderNameFor(specPath);
    const clash = folders.get(folder);
    if (clash !== undefined) {
      diagnostics.push(
        createDiagnostic("MFG5001", `\`${specPath}\` and \`${clash}\` would both generate \`${posix.join(outRoot, folder)}/\``, createSpan(compiled.path, 0, 0), {
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
      mfgcVersion: opts.mfgcVersion,
      folder,
      outRoot,
      optimizeLevel: opts.optimize,
      moduleFormat: opts.moduleFormat,
    });
    specs.push({ specPath, folder, source: compiled.source, passes: result.passes.report });
    pushAll(files, result.files);
  }
  return { diagnostics, sources, specs, files };
}
