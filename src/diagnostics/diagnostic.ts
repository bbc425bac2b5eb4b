import type { Span } from "./span.js";
import type { DiagnosticCode } from "./catalogue.js";
import { CATALOGUE, type CodeInfo } from "./catalogue.js";
import { escapeControls } from "./escape.js";

export type Severity = "error" | "warning" | "info";

/** A secondary location that explains the main one ("the input came from `pool2` here"). */
export interface RelatedInfo {
  readonly message: string;
  readonly span: Span;
}

/**
 * A user-facing problem. Diagnostics are values: phases append them to a {@link DiagnosticBag} and carry
 * on; exceptions are reserved for bugs in mfgc itself.
 */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** One sentence; identifiers in backticks. */
  readonly message: string;
  /** The smallest span that shows the mistake. */
  readonly span: Span;
  /** Suggestions: "did you mean `maxpool2d`?" */
  readonly hints: readonly string[];
  /** Notes pointing at other places in the source. */
  readonly related: readonly RelatedInfo[];
}

export interface DiagnosticInit {
  readonly severity?: Severity;
  readonly hints?: readonly string[];
  readonly related?: readonly RelatedInfo[];
}

/**
 * Makes a diagnostic. Message, hints and notes quote spec and data text, so their control and bidi
 * characters are escaped here, once, for every renderer (see escape.ts).
 */
export function createDiagnostic(code: DiagnosticCode, message: string, span: Span, init: DiagnosticInit = {}): Diagnostic {
  return {
    code,
    severity: init.severity ?? (CATALOGUE as Readonly<Record<string, CodeInfo>>)[code]?.severity ?? "error",
    message: escapeControls(message),
    span,
    hints: (init.hints ?? []).map(escapeControls),
    related: (init.related ?? []).map((r) => ({ message: escapeControls(r.message), span: r.span })),
  };
}

/** Collects diagnostics of one or more phases. */
export class DiagnosticBag {
  private readonly items: Diagnostic[] = [];

  add(d: Diagnostic): void {
    this.items.push(d);
  }

  report(code: DiagnosticCode, message: string, span: Span, init?: DiagnosticInit): void {
    this.items.push(createDiagnostic(code, message, span, init));
  }

  addAll(ds: Iterable<Diagnostic>): void {
    for (const d of ds) this.items.push(d);
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }

  get size(): number {
    return this.items.length;
  }

  /** Sorted by file, offset, code, with exact duplicates dropped (see {@link sortDiagnostics}). */
  toArray(): Diagnostic[] {
    return sortDiagnostics(this.items);
  }
}

/** Sort for determinism: printed diagnostics never depend on the order phases found them. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  const sorted = [...ds].sort(
    (a, b) =>
      cmp(a.span.file, b.span.file) ||
      a.span.start - b.span.start ||
      cmp(a.code, b.code) ||
      a.span.end - b.span.end ||
      cmp(a.message, b.message),
  );
  const out: Diagnostic[] = [];
  for (const d of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.code === d.code && prev.message === d.message && prev.span.file === d.span.file && prev.span.start === d.span.start && prev.span.end === d.span.end) continue;
    out.push(d);
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === "error");
}

/** Result of a phase: a value (possibly partial) plus what went wrong. */
export interface PhaseResult<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}
