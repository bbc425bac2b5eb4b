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
