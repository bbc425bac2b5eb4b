/**
 * Bad training data is a user mistake, so it is reported as a {@link Diagnostic}. The runtime runs inside
 * generated code (no diagnostic bag to append to), so loaders throw a {@link DataError} that carries the
 * diagnostic; `runTraining` lets it escape before any training step runs, and the CLI prints it.
 */
import path from "node:path";
import { createDiagnostic, type Diagnostic } from "../../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../../diagnostics/catalogue.js";
import { createSpan } from "../../diagnostics/span.js";

/** An error in the data (or in the run) that carries a user-facing diagnostic with an MFG4xxx code. */
export class DataError extends Error {
  override readonly name = "DataError";
  constructor(readonly diagnostic: Diagnostic) {
    super(`${diagnostic.span.file}: ${diagnostic.code}: ${diagnostic.message}`);
  }
  get code(): DiagnosticCode {
    return this.diagnostic.code;
  }
}

/** The data file's path as printed: relative to the working directory when inside it (no absolute-path leaks). */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

/**
 * Builds a {@link DataError} for `file`. `offset` is a byte offset (IDX) or the row's first byte (CSV)
 * when known; the message itself also names the row/offset so it reads well without a code frame.
 */
export function dataError(code: DiagnosticCode, file: string, message: string, offset = 0, hints: readonly string[] = []): DataError {
  return new DataError(createDiagnostic(code, message, createSpan(displayPath(file), offset, offset), { hints }));
}

/** A data path that does not exist: where it is looked for. */
const DATA_NOT_FOUND_HINT = "check the path: data paths are relative to the spec's folder (`mfgc check` suggests near names)";

/** A path given on the command line that does not exist. */
export const CLI_NOT_FOUND_HINT = "check the path: it is relative to the folder you run mfgc in";

/**
 * What to do when a file or folder cannot be opened or read, by the system's error code (`e` is what
 * the file system threw); `notFound` is the hint for a path that does not exist (a data path by default).
 */
export function fileErrorHint(e: unknown, notFound = DATA_NOT_FOUND_HINT): string {
  switch ((e as NodeJS.ErrnoException | undefined)?.code) {
    case "ENOENT":
      return notFound;
    case "EACCES":
    case "EPERM":
      return "make it readable by the user who runs mfgc";
    case "EISDIR":
      return "name a file, not a folder";
    case "ENOTDIR":
      return "a folder on the path is a file: check the path";
    default:
      return "check that the path exists and that the user who runs mfgc can read it";
  }
}

/** The hint for a file that is cut short or damaged (an interrupted download or copy). */
export const DAMAGED_FILE_HINT = "the file is damaged or cut short: download or copy it again";
