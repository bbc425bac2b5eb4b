/**
 * Source positions. Every AST and IR node carries a {@link Span} of offsets; line and column are
 * computed only when a diagnostic is printed (see {@link SourceFile.position}).
 */

/** A half-open range `[start, end)` of UTF-16 offsets into one source file. */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

/** 1-based line and column, as editors and tsc print them. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export function createSpan(file: string, start: number, end: number): Span {
  return { file, start, end: Math.max(start, end) };
}

/** The smallest span covering both `a` and `b` (which must be in the same file). */
export function joinSpans(a: Span, b: Span): Span {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/**
 * A span that starts after the last visible character of `text` (on the final line break, or at the end
 * of the file: "expected `}`, found the end of the file") moved onto that last character. Such spans
 * pointed one past the text, so SARIF consumers and editors saw a column beyond the line. Other spans
 * are returned as they are.
 */
export function clampToText(span: Span, source: SourceFile): Span {
  const last = source.lastVisible;
  if (span.file !== source.path || span.start <= last) return span;
  const at = Math.max(0, last);
  return { file: span.file, start: at, end: Math.min(source.text.length, at + 1) };
}

/** A span for things that come from no source text (defaults, compiler-made nodes). */
export const NO_SPAN: Span = Object.freeze({ file: "<none>", start: 0, end: 0 });

/** Source text plus a lazily built line index, shared by the printer and the YAML front-end. */
export class SourceFile {
  private lineStarts: number[] | undefined;
  private lastVisibleOffset: number | undefined;

  constructor(
    /** Path as the user gave it (relative paths stay relative: printed output must not leak absolute paths). */
    readonly path: string,
    readonly text: string,
  ) {}

  private starts(): number[] {
    if (this.lineStarts === undefined) {
      const starts = [0];
      for (let i = 0; i < this.text.length; i++) {
        const ch = this.text.charCodeAt(i);
        // \r\n counts once; a lone \r is a line break too (as in YAML and the DSL lexer).
        if (ch === 10 /* \n */) starts.push(i + 1);
        else if (ch === 13 /* \r */ && this.text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  /** 1-based line/column of an offset (clamped to the text). */
  position(offset: number): Position {
    const starts = this.starts();
    const off = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: off - starts[lo]! + 1 };
  }

  /** Text of a 1-based line without its line terminator. */
  lineText(line: number): string {
    const starts = this.starts();
    const start = starts[line - 1];
    if (start === undefined) return "";
    const next = starts[line];
    let end = next === undefined ? this.text.length : next;
    while (end > start && (this.text[end - 1] === "\n" || this.text[end - 1] === "\r")) end--;
    return this.text.slice(start, end);
  }

  /** Offset of the last character that is not whitespace (-1 for an empty or blank file). */
  get lastVisible(): number {
    if (this.lastVisibleOffset === undefined) {
      let last = this.text.length - 1;
      while (last >= 0 && /\s/.test(this.text[last]!)) last--;
      this.lastVisibleOffset = last;
    }
    return this.lastVisibleOffset;
  }

  get lineCount(): number {
    return this.starts().length;
  }
}
