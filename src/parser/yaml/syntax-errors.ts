/**
 * The `yaml` package's syntax errors in mfgc's own words: the library says "Implicit keys need to be
 * on a single line" for a forgotten colon and points at the start of a line; users need "expected `:`
 * after `name`" at the key, with the fix as a hint. Where a mistake can also be made in the DSL, the
 * code is the DSL's (a forgotten `:` is MFG1007, an unclosed string MFG1002, an unclosed bracket
 * MFG1008, a stray closing bracket MFG1010), so the same mistake has the same code in both forms.
 * Indentation, which only YAML has, is MFG1116. Anything else keeps MFG1100 with the library's words.
 */
import type { YAMLError } from "yaml";
import { createDiagnostic, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { createSpan } from "../../diagnostics/span.js";

/** The span of line `offset` is on: [start of line, end of line). */
function lineAt(text: string, offset: number): { start: number; end: number } {
  let start = Math.min(offset, text.length);
  while (start > 0 && text[start - 1] !== "\n" && text[start - 1] !== "\r") start--;
  let end = start;
  while (end < text.length && text[end] !== "\n" && text[end] !== "\r") end++;
  return { start, end };
}

/** The next line after the one holding `offset` that has content (not blank, not only a comment). */
function nextContentLine(text: string, offset: number): { start: number; end: number } | undefined {
  let { end } = lineAt(text, offset);
  while (end < text.length) {
    const l = lineAt(text, end + (text[end] === "\r" && text[end + 1] === "\n" ? 2 : 1));
    if (l.start >= text.length) return undefined;
    if (!/^\s*(#.*)?$/.test(text.slice(l.start, l.end))) return l;
    end = l.end;
  }
  return undefined;
}

function previousContentLine(text: string, lineStart: number): { start: number; end: number } | undefined {
  let at = lineStart - 1;
  while (at > 0) {
    const l = lineAt(text, at);
    if (!/^\s*(#.*)?$/.test(text.slice(l.start, l.end))) return l;
    at = l.start - 1;
  }
  return undefined;
}

function indentOf(text: string, line: { start: number; end: number }): number {
  return /^ */.exec(text.slice(line.start, line.end))![0].length;
}

/** Where an unclosed quote or bracket starts, found by reading the text up to `until` as YAML reads it. */
function openBefore(text: string, until: number): { quote?: number; bracket?: { at: number; char: string } } {
  const brackets: { at: number; char: string }[] = [];
  let quote: { at: number; char: string } | undefined;
  for (let i = 0; i < until && i < text.length; i++) {
    const ch = text[i]!;
    if (quote !== undefined) {
      if (ch === "\\" && quote.char === '"') i++;
      else if (ch === quote.char) {
        if (quote.char === "'" && text[i + 1] === "'") i++;
        else quote = undefined;
      }
      continue;
    }
    const prev = i === 0 ? "\n" : text[i - 1]!;
    if (ch === "#" && /\s/.test(prev)) {
      while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
      continue;
    }
    // A quote opens a scalar only where a scalar can start (`it's` in plain text is not a quote).
    if ((ch === '"' || ch === "'") && /[\s:,[{-]/.test(prev) && /(^|[\s,[{]|[:-]\s*)$/.test(text.slice(Math.max(0, i - 3), i))) {
      quote = { at: i, char: ch };
    } else if (ch === "{" || ch === "[") brackets.push({ at: i, char: ch });
    else if ((ch === "}" || ch === "]") && brackets.length > 0) brackets.pop();
  }
  return { ...(quote !== undefined ? { quote: quote.at } : {}), ...(brackets.length > 0 ? { bracket: brackets[brackets.length - 1]! } : {}) };
}

/** The offset of the bracket closing the one at `open`, if the text has it (quotes and comments skipped). */
function closerAfter(text: string, open: number): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (quote !== undefined) {
      if (ch === "\\" && quote === '"') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "#" && /\s/.test(text[i - 1] ?? "\n")) while (i < text.length && text[i] !== "\n") i++;
    else if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") {
      depth--;
      if (depth === 0) return ch === (text[open] === "{" ? "}" : "]") ? i : undefined;
    }
  }
  return undefined;
}

/** One library syntax error → an mfgc diagnostic with its position and a hint. */
export function explainYamlSyntaxError(e: YAMLError, text: string, file: string): Diagnostic {
  const [start, end] = e.pos;
  const span = (s: number, t: number) => createSpan(file, s, Math.max(t, s + 1));
  const message = e.message.replace(/\s+at line \d+, column \d+[\s\S]*$/, "");

  if (e.code === "MULTILINE_IMPLICIT_KEY" || (e.code === "MISSING_CHAR" && /followed by map values/.test(message))) {
    const line = lineAt(text, start);
    const content = text.slice(line.start, line.end);
    const dash = /^(\s*)-(?=[^\s-])/.exec(content);
    if (dash !== null) {
      const at = line.start + dash[1]!.length;
      return createDiagnostic("MFG1007", "expected a space after `-`", span(at, at + 1), { hints: [`a list item is \`- item\`: write \`${content.trim().replace(/^-/, "- ")}\``] });
    }
    const key = /^[^\s:#]+/.exec(text.slice(start, line.end));
    if (key !== null) {
      const rest = text.slice(start + key[0].length, line.end).replace(/\s+#.*$/, "").trim();
      return createDiagnostic("MFG1007", `expected \`:\` after \`${key[0]}\``, span(start, start + key[0].length), {
        hints: [rest === "" ? `write \`${key[0]}:\`` : `write \`${key[0]}: ${rest}\``],
      });
    }
  }

  if (e.code === "MISSING_CHAR" && /closing .?quote/.test(message)) {
    const open = openBefore(text, start).quote ?? start;
    const q = text[open] === "'" ? "'" : '"';
    return createDiagnostic("MFG1002", "this string is never closed", span(open, open + 1), {
      hints: [`add the closing \`${q}\` on the same line`],
    });
  }

  if (e.code === "BAD_INDENT" && /^Flow (map|sequence)/.test(message)) {
    const close = /map/.test(message) ? "}" : "]";
    const open = openBefore(text, start).bracket;
    const at = open?.at ?? start;
    if (open !== undefined && closerAfter(text, open.at) !== undefined) {
      // Closed, but its later lines start left of where the collection's key is.
      const line = lineAt(text, start);
      const have = indentOf(text, line);
      const want = indentOf(text, lineAt(text, open.at)) + 1;
      return createDiagnostic("MFG1116", `the lines of this flow ${close === "}" ? "mapping" : "list"} must be indented past its key`, span(line.start + have, Math.max(line.end, line.start + have + 1)), {
        hints: [`indent them by at least ${want} space${want === 1 ? "" : "s"}, or keep the ${close === "}" ? "mapping" : "list"} on one line`],
      });
    }
    return createDiagnostic("MFG1008", `this \`${close === "}" ? "{" : "["}\` is never closed`, span(at, at + 1), {
      hints: [`close it with \`${close}\` (a flow ${close === "}" ? "mapping" : "list"} ends before the next key)`],
    });
  }

  if (e.code === "BAD_SCALAR_START") {
    // `@` and `` ` `` are reserved in YAML: a value cannot start with them unquoted (the DSL's MFG1001).
    const ch = text[start] ?? "@";
    const value = /^[^\s,}\]#]+/.exec(text.slice(start))?.[0] ?? ch;
    return createDiagnostic("MFG1001", `unexpected character \`${ch}\``, span(start, start + 1), { hints: [`a value cannot start with \`${ch}\` unquoted: write \`"${value}"\``] });
  }

  if (e.code === "UNEXPECTED_TOKEN" && /flow-(seq|map)-end/.test(message)) {
    const ch = text[start] ?? "]";
    return createDiagnostic("MFG1010", `unexpected \`${ch}\``, span(start, start + 1), { hints: [`there is no open \`${ch === "}" ? "{" : "["}\` for it to close`] });
  }

  if (e.code === "BAD_INDENT" || e.code === "BLOCK_AS_IMPLICIT_KEY") {
    // "Nested mappings are not allowed in compact mappings": the line after the error is indented
    // deeper than its key's siblings and reads as the previous value's continuation.
    const line = /^Nested mappings/.test(message) ? (nextContentLine(text, start) ?? lineAt(text, start)) : lineAt(text, start);
    const prev = previousContentLine(text, line.start);
    const have = indentOf(text, line);
    const prevIndent = prev === undefined ? 0 : indentOf(text, prev);
    const opensBlock = prev !== undefined && /:\s*(#.*)?$/.test(text.slice(prev.start, prev.end));
    const want = opensBlock ? prevIndent + 2 : prevIndent;
    const at = line.start + have;
    const what = /^\s*-/.test(text.slice(line.start, line.end)) ? "list item" : "key";
    if (have === want && what === "list item") {
      return createDiagnostic("MFG1116", "a list item cannot stand among the keys of a mapping", span(at, Math.max(line.end, at + 1)), {
        hints: ["put the list under its own key and indent it: `layers:` followed by `  - …` lines"],
      });
    }
    return createDiagnostic("MFG1116", `this ${what} is indented ${have} space${have === 1 ? "" : "s"}; the lines around it need ${want}`, span(at, Math.max(line.end, at + 1)), {
      hints: [`indent it by ${want} space${want === 1 ? "" : "s"}: a mapping's keys, and a list's \`- \` items, start at the same column`],
    });
  }

  return createDiagnostic("MFG1100", lowerFirst(message), span(start, end), { hints: ["check the indentation and the `:` after each key on this line"] });
}

function lowerFirst(s: string): string {
  return s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s;
}
