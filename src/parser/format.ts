/**
 * Formatting a spec's text: parse, find its comments, print canonically in the same or the other form.
 * Shared by `mfgc fmt` and the language server's document formatting.
 */
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Spec } from "./ast.js";
import { attachComments, type Trivia } from "./comments/attach.js";
import { collectComments, hasBlankLineBefore } from "./comments/collect.js";
import type { SourceComment } from "./comments/types.js";
import { parseDsl } from "./dsl/index.js";
import { printDsl } from "./dsl/printer.js";
import { parseYaml } from "./yaml/index.js";
import { printYaml } from "./yaml/print.js";

export type SpecForm = "dsl" | "yaml";

export interface FormatResult {
  /** The formatted text; undefined when the spec does not parse (see {@link diagnostics}). */
  readonly text: string | undefined;
  /** What parsing reported. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Whether a parse left the AST complete enough to print: syntax (MFG1xxx) and YAML structure (MFG2xxx)
 * errors mean parts of the file are missing from the tree, and printing it would drop them. Semantic
 * errors (an unknown op, a wrong shape) do not: such a spec still formats.
 */
export function isPrintable(diagnostics: readonly Diagnostic[]): boolean {
  return !diagnostics.some((d) => d.severity === "error" && /^MFG[12]/.test(d.code));
}

/** Offset of the first character that is neither whitespace nor part of a comment. */
export function firstTokenOffset(text: string, comments: readonly SourceComment[]): number {
  let i = 0;
  let c = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    while (c < comments.length && comments[c]!.span.end <= i) c++;
    const next = comments[c];
    if (next !== undefined && next.span.start === i) {
      i = next.span.end;
      continue;
    }
    return i;
  }
}

/**
 * Where the file's header comments end. In YAML, every comment before the first key (`mfgnet:`, which
 * no AST node covers): editors' modelines live there. In the DSL, the comments before the first
 * declaration up to the last blank line; comments right above the declaration are its own.
 */
function headerEnd(text: string, comments: readonly SourceComment[], form: SpecForm): number {
  const first = firstTokenOffset(text, comments);
  if (form === "yaml") return first;
  const before = comments.filter((c) => c.span.end <= first);
  const lastSeparated = before.filter((c, i) => (before[i + 1]?.blankBefore ?? hasBlankLineBefore(text, first)) === true).at(-1);
  return lastSeparated === undefined ? 0 : lastSeparated.span.end;
}

/** The comments of a parsed spec, attached to its nodes. */
export function triviaOf(spec: Spec, text: string, file: string, form: SpecForm): Trivia {
  const comments = collectComments(text, file, form);
  return attachComments(spec, comments, text, headerEnd(text, comments, form));
}

/** Prints an AST (with its comments) in a form. */
export function printSpec(spec: Spec, trivia: Trivia, to: SpecForm): string {
  return to === "dsl" ? printDsl(spec, trivia) : printYaml(spec, trivia);
}

/** Formats `text` (written in `from`) into the canonical text of `to`. */
export function formatSpecText(text: string, file: string, from: SpecForm, to: SpecForm = from): FormatResult {
  const parsed = from === "dsl" ? parseDsl(text, file) : parseYaml(text, file);
  if (parsed.spec === undefined || !isPrintable(parsed.diagnostics) || (from === "dsl" && hasErrors(parsed.diagnostics))) {
    return { text: undefined, diagnostics: parsed.diagnostics };
  }
  return { text: printSpec(parsed.spec, triviaOf(parsed.spec, text, file, from), to), diagnostics: parsed.diagnostics };
}
