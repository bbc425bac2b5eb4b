/**
 * The compiler pipeline in one place: read → parse (DSL or YAML front-end) → build IR (names, blocks,
 * shapes, training config). Each phase returns diagnostics as values; we stop at the first phase
 * boundary that has errors, so later phases never see a broken tree.
 */
import { existsSync, readdirSync, realpathSync } from "node:fs";
import { basename, dirname, resolve as resolvePath } from "node:path";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { createDiagnostic, hasErrors, sortDiagnostics } from "./diagnostics/diagnostic.js";
import { SourceFile, clampToText, createSpan, type Span } from "./diagnostics/span.js";
import type { Spec } from "./parser/ast.js";
import { MAX_SPEC_BYTES, treeIsComplete } from "./parser/parse-result.js";
import type { ParseResult } from "./parser/parse-result.js";
import { parseDsl } from "./parser/dsl/index.js";
import { parseYaml } from "./parser/yaml/index.js";
import { buildIR } from "./ir/build/index.js";
import { checkDataPaths, type DataPathProbe } from "./ir/train/data-paths.js";
import type { IRGraph } from "./ir/types.js";
import type { TrainConfig } from "./runtime/config.js";
import { NotRegularFileError, readCappedSync, type CappedRead } from "./runtime/io/regular-file.js";
import { projectRootOf } from "./runtime/data/data-path.js";
import { CLI_NOT_FOUND_HINT, fileErrorHint } from "./runtime/data/data-error.js";

export type SpecFormat = "dsl" | "yaml";

export interface CompiledSpec {
  readonly path: string;
  readonly source: SourceFile | undefined;
  /** sha256 of the file's bytes, hex; stored in generated headers and checkpoints (computed when first read). */
  readonly hash: string;
  readonly format: SpecFormat | undefined;
  readonly spec: Spec | undefined;
  readonly graph: IRGraph | undefined;
  readonly train: TrainConfig | undefined;
  /** Sorted, de-duplicated. */
  readonly diagnostics: readonly Diagnostic[];
}

export function specFormatOf(path: string): SpecFormat | undefined {
  if (/\.mfgnet$/i.test(path)) return "dsl";
  if (/\.mfgnet\.ya?ml$/i.test(path)) return "yaml";
  return undefined;
}

/** sha256 of `text` (UTF-8), hex. */
export function hashText(text: string): string {
  // Loaded on first use: node:crypto takes milliseconds to load, and `mfgc check` never hashes.
  return process.getBuiltinModule("node:crypto").createHash("sha256").update(text, "utf8").digest("hex");
}

/** `fields` with a `hash` of `text` ({@link hashText}) computed when first read, then kept. */
function withLazyHash<T extends object>(fields: T, text: string): T & { readonly hash: string } {
  let hash: string | undefined;
  return Object.defineProperty(fields, "hash", { get: () => (hash ??= hashText(text)), enumerable: true }) as T & { readonly hash: string };
}

/** Parses text in the given format (no file system access). */
export function parseSpecText(text: string, path: string, format: SpecFormat): ParseResult {
  return format === "dsl" ? parseDsl(text, path) : parseYaml(text, path);
}

/**
 * Diagnostics shown for one file at most. A generated spec can hold 100,000 mistakes; nobody reads
 * past the first few hundred, and printing them all costs more than checking the file did.
 */
export const MAX_DIAGNOSTICS_PER_FILE = 200;

/** Diagnostics of one file with their spans at the end of the file moved onto its text (see {@link clampToText}). */
function clampSpans(ds: readonly Diagnostic[], source: SourceFile): Diagnostic[] {
  const clamp = (span: Span): Span => clampToText(span, source);
  return ds.map((d) => ({ ...d, span: clamp(d.span), related: d.related.map((r) => ({ ...r, span: clamp(r.span) })) }));
}

/**
 * The first {@link MAX_DIAGNOSTICS_PER_FILE} of sorted diagnostics, then one MFG9081 saying how many
 * more there were, at the first one left out. The notice is an error when an error was left out, so a
 * file never looks clean because its errors came late.
 */

export function capDiagnostics(sorted: readonly Diagnostic[]): readonly Diagnostic[] {
  if (sorted.length <= MAX_DIAGNOSTICS_PER_FILE) return sorted;
  const dropped = sorted.slice(MAX_DIAGNOSTICS_PER_FILE);
  const first = dropped[0]!;
  const notice = createDiagnostic("MFG9081", `stopped after ${MAX_DIAGNOSTICS_PER_FILE} diagnostics; ${dropped.length} more in this file are not shown`, first.span, {
    severity: hasErrors(dropped) ? "error" : "warning",
    hints: ["fix the first ones and check again"],
  });
  return [...sorted.slice(0, MAX_DIAGNOSTICS_PER_FILE), notice];
}

/** Parse + build from text; what `compileFile` does after reading. */
export function compileText(text: string, path: string, format: SpecFormat): CompiledSpec {
  const source = new SourceFile(path, text);
  const parsed = parseSpecText(text, path, format);
  if (parsed.spec === undefined || !treeIsComplete(parsed.diagnostics)) {
    return withLazyHash(
      { path, source, format, spec: parsed.spec, graph: undefined, train: undefined, diagnostics: capDiagnostics(sortDiagnostics(clampSpans(parsed.diagnostics, source))) },
      text,
    );
  }
  const built = buildIR(parsed.spec);
  const diagnostics = sortDiagnostics(clampSpans([...parsed.diagnostics, ...built.diagnostics], source));
  const ok = !hasErrors(diagnostics);
  return withLazyHash(
    {
      path,
      source,
      format,
      spec: parsed.spec,
      graph: ok ? built.graph : undefined,
      train: ok ? built.train : undefined,
      diagnostics: capDiagnostics(diagnostics),
    },
    text,
  );
}

/** Options of {@link compileFile}. */
export interface CompileFileOptions {
  /** Folders besides the spec's project that data may come from (`--data-root`, relative to the working directory). */
  readonly dataRoots?: readonly string[];
  /**
   * Check the spec's data and transfer paths (missing files, MFG4933 outside the project); default true.
   * Commands that read no data (`summary`, `graph`, `fmt`, `export`) turn it off: a spec whose data lies
   * in /usr/share/datasets is no concern of theirs, and they have no `--data-root` to say it is fine.
   */
  readonly dataPaths?: boolean;
}

/** The read errors a user meets, in words (the rest keep their errno code). */
const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  ENOTDIR: "a folder on its path is a file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a folder",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "the name is too long",
};

/** Reads and compiles one spec file; I/O problems become MFG9xxx diagnostics, never exceptions. */
export function compileFile(path: string, opts: CompileFileOptions = {}): CompiledSpec {
  const format = specFormatOf(path);
  const fail = (code: "MFG9001" | "MFG9002" | "MFG9003" | "MFG9080", message: string, hints: string[] = []): CompiledSpec => ({
    path,
    source: undefined,
    hash: "",
    format,
    spec: undefined,
    graph: undefined,
    train: undefined,
    diagnostics: [createDiagnostic(code, message, createSpan(path, 0, 0), { hints })],
  });
  if (format === undefined) {
    return fail("MFG9002", `\`${path}\` is not a spec file`, ["spec files end in `.mfgnet`, `.mfgnet.yaml` or `.mfgnet.yml`"]);
  }
  let read: CappedRead;
  try {
    read = readCappedSync(path, MAX_SPEC_BYTES);
  } catch (e) {
    if (e instanceof NotRegularFileError) {
      const hint =
        e.kind === "directory"
          ? "name a spec file in it; `mfgc check` and `mfgc build` also take a folder and read every spec under it"
          : "a spec must be a regular file; mfgc does not read pipes, devices or kernel pseudo-files";
      return fail("MFG9080", `\`${path}\` is a ${e.kind}, not a regular file`, [hint]);
    }
    const code = (e as NodeJS.ErrnoException).code;
    return fail("MFG9001", `cannot read \`${path}\`: ${(code !== undefined ? READ_ERRORS[code] : undefined) ?? code ?? String(e)}`, [fileErrorHint(e, CLI_NOT_FOUND_HINT)]);
  }
  if (read.overCap) {
    return fail("MFG9003", `\`${path}\` is larger than ${MAX_SPEC_BYTES} bytes, the limit for a spec`, ["a spec describes a model; data belongs in the files it points to"]);
  }
  let text = read.bytes.toString("utf8");
  // A UTF-8 byte order mark is not part of the spec text (editors on Windows add it).
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const compiled = compileText(text, path, format);
  if (opts.dataPaths === false) return compiled;
  return withDataPathWarnings(compiled, NODE_DATA_PATH_PROBE, (opts.dataRoots ?? []).map((r) => resolvePath(r)));
}

/** The file system as the data-path check sees it. */
export const NODE_DATA_PATH_PROBE: DataPathProbe = {
  exists: (p) => existsSync(p),
  list: (p) => {
    try {
      return readdirSync(p);
    } catch {
      return undefined;
    }
  },
  resolve: (dir, p) => resolvePath(dir, p),
  dirname: (p) => dirname(p),
  basename: (p) => basename(p),
  realpath: (p) => {
    try {
      return realpathSync(p);
    } catch {
      return undefined;
    }
  },
  projectRoot: (specDir) => projectRootOf(specDir),
};

/**
 * Adds warnings for data paths that do not exist (relative to the spec's folder) and for data and
 * transfer paths outside the spec's project and `dataRoots` (absolute), errors or not.
 */
export function withDataPathWarnings(compiled: CompiledSpec, probe: DataPathProbe = NODE_DATA_PATH_PROBE, dataRoots: readonly string[] = []): CompiledSpec {
  if (compiled.spec === undefined) return compiled;
  const warnings = checkDataPaths(compiled.spec, dirname(resolvePath(compiled.path)), probe, dataRoots);
  return warnings.length === 0 ? compiled : { ...compiled, diagnostics: sortDiagnostics([...compiled.diagnostics, ...warnings]) };
}
