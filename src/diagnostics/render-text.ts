/**
 * Human-readable diagnostics in the style of tsc/rustc:
 *
 *   specs/a.mfgnet:12:5 - error MFG3004: unknown op `maxpol2d`
 *
 *   12     -> maxpol2d(2)
 *              ~~~~~~~~
 *     hint: did you mean `maxpool2d`?
 *     specs/a.mfgnet:9:5 - note: the input came from `pool2` here
 */
import pc from "picocolors";
import type { Diagnostic, Severity } from "./diagnostic.js";
import type { SourceFile } from "./span.js";
import { escapeControls } from "./escape.js";
import { pushAll } from "../util/arrays.js";

export interface TextRenderOptions {
  /** Use ANSI colours (the CLI decides from the terminal and NO_COLOR / FORCE_COLOR). */
  readonly color: boolean;
}

/** Looks up the text of a file named by a span (undefined for spans without source, e.g. data files). */
export type SourceLookup = (file: string) => SourceFile | undefined;

const MAX_FRAME_WIDTH = 160;

export function renderText(diagnostics: readonly Diagnostic[], sources: SourceLookup, opts: TextRenderOptions): string {
  const c = opts.color ? pc : pc.createColors(false);
  const blocks = diagnostics.map((d) => renderOne(d, sources, c));
  return blocks.join("\n");
}

type Colors = ReturnType<typeof pc.createColors>;

function severityLabel(s: Severity, c: Colors): string {
  switch (s) {
    case "error":
      return c.red(c.bold("error"));
    case "warning":
      return c.yellow(c.bold("warning"));
    case "info":
      return c.blue(c.bold("info"));
  }
}

/** `file:line:col`; a file name can hold anything a file system allows, so it is escaped like a message. */
function location(file: string, offset: number, sources: SourceLookup): string {
  const src = sources(file);
  if (!src) return escapeControls(file);
  const p = src.position(offset);
  return `${escapeControls(file)}:${p.line}:${p.column}`;
}

function renderOne(d: Diagnostic, sources: SourceLookup, c: Colors): string {
  const lines: string[] = [];
  lines.push(`${c.cyan(location(d.span.file, d.span.start, sources))} - ${severityLabel(d.severity, c)} ${c.gray(d.code)}: ${escapeControls(d.message)}`);
  const src = sources(d.span.file);
  if (src) pushAll(lines, ["", ...codeFrame(src, d.span.start, d.span.end, c), ""]);
  // Diagnostics are escaped when created; escaping again is a no-op there and covers any made by hand.
  for (const h of d.hints) lines.push(`  ${c.green("hint")}: ${escapeControls(h)}`);
  for (const r of d.related) lines.push(`  ${c.cyan(location(r.span.file, r.span.start, sources))} - ${c.bold("note")}: ${escapeControls(r.message)}`);
  return lines.join("\n") + "\n";
}

/** The line the span starts on, with `~` under the spanned part (first line only for multi-line spans). */
export function codeFrame(src: SourceFile, start: number, end: number, c: Colors = pc.createColors(false)): string[] {
  const from = src.position(start);
  const to = src.position(Math.max(start, end));
  const text = src.lineText(from.line);
  const startCol = from.column - 1;
  const endCol = to.line === from.line ? Math.max(to.column - 1, startCol + 1) : Math.max(text.length, startCol + 1);
  const gutter = String(from.line);
  let shown = text;
  let caretStart = startCol;
  let caretEnd = endCol;
  if (shown.length > MAX_FRAME_WIDTH) {
    // Long lines (generated specs) are cut around the span so the caret stays visible. Cut before
    // sanitizing: a 100 KB line in every one of 200 frames would otherwise be scanned 200 times.
    const offset = Math.max(0, Math.min(startCol - 20, shown.length - MAX_FRAME_WIDTH));
    shown = (offset > 0 ? "…" : "") + shown.slice(offset, offset + MAX_FRAME_WIDTH);
    caretStart = startCol - offset + (offset > 0 ? 1 : 0);
    caretEnd = Math.min(endCol - offset + (offset > 0 ? 1 : 0), shown.length + 1);
  }
  const pad = " ".repeat(gutter.length);
  // Tabs and control characters would misalign the caret; they are shown as single visible cells, one
  // UTF-16 unit for one, so the columns worked out above still hold.
  return [
    `${c.bgWhite(c.black(gutter))} ${sanitizeForTerminal(shown)}`,
    `${c.bgWhite(c.black(pad))} ${" ".repeat(Math.max(0, caretStart))}${c.red("~".repeat(Math.max(1, caretEnd - caretStart)))}`,
  ];
}

/** Replaces characters that would move the cursor or inject terminal escapes with visible stand-ins. */
export function sanitizeForTerminal(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029\t]/g, (ch) => (ch === "\t" ? " " : "\uFFFD"));
}

/** "3 errors, 1 warning" — the summary line the CLI prints last. */
export function summaryLine(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  return `${plural(errors, "error")}, ${plural(warnings, "warning")}`;
}
