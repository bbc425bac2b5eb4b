/**
 * mfgc's compiler API (`import { check, build } from "mfgc"`): the `mfgc` command's work as functions
 * that return values and diagnostics and never print. Nothing here loads TensorFlow.js; `build` loads
 * the code generator (ts-morph) when first called, which is why it alone is async.
 *
 * Every function reports user mistakes (bad specs, unreadable files) as {@link Diagnostic}s, sorted by
 * file, position and code; it throws only for bugs in mfgc. Render diagnostics with
 * {@link formatDiagnostics}.
 */
import { hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import type { SourceFile } from "./diagnostics/span.js";
import { formatDiagnostics as formatWith, sourceLookup, type DiagnosticFormat } from "./cli/output.js";
import { expandSpecPaths, missingPathDiagnostic, noSpecFilesDiagnostic } from "./cli/spec-files.js";
import { resolveModuleFormat } from "./cli/module-format.js";
import { MFGC_VERSION } from "./cli/version.js";
import type { GeneratedFile } from "./codegen/generate.js";
import type { ModuleFormat } from "./codegen/emit/emit-train.js";
import { summarizeGraph, type GraphSummary } from "./ir/summary.js";
import { compileFile, compileText, type CompiledSpec, type SpecFormat } from "./pipeline.js";

export type { Diagnostic, Severity, RelatedInfo } from "./diagnostics/diagnostic.js";
export type { Span } from "./diagnostics/span.js";
export type { CompiledSpec, SpecFormat, GeneratedFile, GraphSummary, ModuleFormat, DiagnosticFormat };
export type { SummaryRow } from "./ir/summary.js";
export type { IRGraph, IRNode } from "./ir/types.js";
export type { TrainConfig } from "./runtime/config.js";

/** mfgc's version (package.json), as it appears in generated headers and SARIF output. */
export const version: string = MFGC_VERSION;

/**
 * Parses and checks one spec: from a file (`compile("specs/a.mfgnet")`, format from the extension:
 * `.mfgnet` DSL, `.mfgnet.yaml`/`.yml` YAML) or from text (`compile({ text, path, format })`, no file
 * system access; `path` only names the text in diagnostics).
 * @returns the checked IR graph and training config when there are no errors, and every diagnostic
 */
export function compile(spec: string | { readonly text: string; readonly path: string; readonly format: SpecFormat }): CompiledSpec {
  return typeof spec === "string" ? compileFile(spec) : compileText(spec.text, spec.path, spec.format);
}

/** What {@link check} found. */
export interface CheckResult {
  /** One entry per spec file found, in path order. */
  readonly specs: readonly CompiledSpec[];
  /** All diagnostics of all specs, sorted; MFG9004 when the paths hold no spec. */
  readonly diagnostics: readonly Diagnostic[];
  /** Whether any diagnostic is an error (what makes `mfgc check` exit 1). */
  readonly ok: boolean;
}

/** Diagnostics for paths that do not exist, and for paths holding no spec file. */
function pathDiagnostics(paths: readonly string[], missing: readonly string[], found: number): Diagnostic[] {
  const ds = missing.map(missingPathDiagnostic);
  if (found === 0 && missing.length === 0) {
    ds.push(noSpecFilesDiagnostic(paths));
  }
  return ds;
}

/**
 * Checks spec files and directories (searched recursively for `*.mfgnet`, `*.mfgnet.yaml`,
 * `*.mfgnet.yml`, skipping dot-folders and node_modules), as `mfgc check` does.
 */
export function check(paths: readonly string[]): CheckResult {
  const { files, missing } = expandSpecPaths(paths);
  const specs = files.map((f) => compileFile(f));
  const diagnostics = sortDiagnostics([...pathDiagnostics(paths, missing, files.length), ...specs.flatMap((s) => s.diagnostics)]);
  return { specs, diagnostics, ok: !hasErrors(diagnostics) };
}

export interface BuildOptions {
  /** Output root the generated paths are relative to; `generated` by default. */
  readonly out?: string;
  /** 1 (default): run the optimization passes; 0: none. */
  readonly optimize?: 0 | 1;
  /** Module system of the generated files; `auto` (default) reads the output folder's package.json `"type"`. */
  readonly moduleFormat?: ModuleFormat | "auto";
}

/** What {@link build} generated. */
export interface BuildResult {
  /** Every generated file, path relative to `out` (`fashion_cnn/model.ts`), sorted by spec then path. */
  readonly files: readonly GeneratedFile[];
  readonly diagnostics: readonly Diagnostic[];
  readonly ok: boolean;
}

/**
 * Generates the TypeScript of every spec under `paths`, as `mfgc build` does, but writes nothing: the
 * caller decides what to do with the files. A spec with errors generates no files; the others still do.
 */
export async function build(paths: readonly string[], options: BuildOptions = {}): Promise<BuildResult> {
  const out = options.out ?? "generated";
  const { files: specFiles, missing } = expandSpecPaths(paths);
  const { generateSpecs } = await import("./codegen/generate-specs.js");
  const result = generateSpecs(specFiles, {
    out,
    optimize: options.optimize ?? 1,
    moduleFormat: resolveModuleFormat(options.moduleFormat ?? "auto", out),
    mfgcVersion: MFGC_VERSION,
  });
  const diagnostics = sortDiagnostics([...pathDiagnostics(paths, missing, specFiles.length), ...result.diagnostics]);
  return { files: result.files, diagnostics, ok: !hasErrors(diagnostics) };
}

/** {@link summary}'s result: the Keras-style table, or why there is none. */
export interface SummaryResult {
  readonly summary: GraphSummary | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The Keras-style summary of a spec's model (`mfgc summary`): output shape `[null, …]` (batch first),
 * parameters (trainable / non-trainable, counted as Keras counts them), FLOPs and activation bytes per
 * sample, per layer and in total. `summary` is undefined when the spec has errors.
 */
export function summary(spec: string | CompiledSpec): SummaryResult {
  const compiled = typeof spec === "string" ? compileFile(spec) : spec;
  if (compiled.graph === undefined) return { summary: undefined, diagnostics: compiled.diagnostics };
  const source = compiled.source;
  return { summary: summarizeGraph(compiled.graph, source ? (offset) => source.position(offset).line : undefined), diagnostics: compiled.diagnostics };
}

/**
 * Renders diagnostics as `mfgc check` prints them: `text` (tsc-style, with code frames when the spec
 * text is among `specs`), `json`, or `sarif` (SARIF 2.1.0).
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], specs: readonly CompiledSpec[] = [], format: DiagnosticFormat = "text"): string {
  const sources = specs.map((s) => s.source).filter((s): s is SourceFile => s !== undefined);
  return formatWith(diagnostics, sourceLookup(sources), format, { color: false, version: MFGC_VERSION });
}
