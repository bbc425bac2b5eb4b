/**
 * The DSL lexer: chevrotain's lexer over {@link ALL_TOKENS}, plus the lexical checks chevrotain does not
 * do (unterminated strings and comments, bad escapes, malformed or out-of-range numbers), each reported
 * with the smallest span.
 */
import { Lexer, type ILexingError, type IToken } from "chevrotain";
import { createDiagnostic, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { createSpan } from "../../diagnostics/span.js";
import { ALL_TOKENS, Arrow, BlockComment, Equals, NumberLiteral, Semicolon, StringLiteral, VALID_NUMBER } from "./tokens.js";
import { decodeStringLiteral } from "./string-literal.js";
import { SKIP_GRAMMAR_VALIDATIONS } from "./grammar-validation.js";
import { unexpectedCharacterHint } from "./character-hints.js";

/** What the lexer hands to the parser. */
export interface LexResult {
  /** Significant tokens (no whitespace or comments). */
  readonly tokens: IToken[];
  /** Start offsets of comments (line comments and block comments). */
  readonly commentStarts: readonly number[];
  /** The comments themselves, in source order (kept by `mfgc fmt`). */
  readonly comments: readonly { readonly offset: number; readonly text: string }[];
  readonly diagnostics: Diagnostic[];
  /** Start offsets of tokens preceded by a line break (a call's `(` must be on the name's line). */
  readonly afterNewline: ReadonlySet<number>;
  /** Start offsets of tokens that begin a new statement position: after a line break or a `;`. */
  readonly boundaries: ReadonlySet<number>;
}

// One instance for the process: building a lexer analyses every pattern.
const dslLexer = new Lexer([...ALL_TOKENS], {
  positionTracking: "onlyOffset",
  ensureOptimizations: !SKIP_GRAMMAR_VALIDATIONS,
  skipValidations: SKIP_GRAMMAR_VALIDATIONS,
});

export function lexDsl(text: string, file: string): LexResult {
  const result = dslLexer.tokenize(text);
  const diagnostics: Diagnostic[] = [];

  const fatArrows = readFatArrowsAsArrows(result.tokens, result.errors, text);
  for (const at of fatArrows) {
    diagnostics.push(
      createDiagnostic("MFG1001", "unexpected `=>`", createSpan(file, at, at + 2), { hints: ["steps are chained with `->`"] }),
    );
  }
  for (const err of result.errors) {
    if (err.length <= 0) continue;
    const start = err.offset;
    const end = start + Math.max(1, err.length);
    diagnostics.push(unexpectedCharacter(text, file, start, end));
  }
  for (const comment of result.groups["comments"] ?? []) {
    const closed = comment.image.length >= 4 && comment.image.endsWith("*/");
    if (comment.tokenType === BlockComment && !closed) {
      diagnostics.push(
        createDiagnostic("MFG1004", "this block comment is never closed", createSpan(file, comment.startOffset, comment.startOffset + 2), {
          hints: ["close it with `*/`; block comments do not nest"],
        }),
      );
    }
  }
  for (const token of result.tokens) {
    // "onlyOffset" tracking skips endOffset; the parser's CST locations need it (inclusive).
    token.endOffset = token.startOffset + token.image.length - 1;
    if (token.tokenType === StringLiteral) checkString(token, file, diagnostics);
    else if (token.tokenType === NumberLiteral) checkNumber(token, file, diagnostics);
  }

  const afterNewline = new Set<number>();
  const boundaries = new Set<number>();
  let prevEnd = 0;
  let prevWasSemicolon = true;
  for (const token of result.tokens) {
    const gap = text.slice(prevEnd, token.startOffset);
    const newline = gap.includes("\n") || gap.includes("\r");
    if (newline) afterNewline.add(token.startOffset);
    if (newline || prevWasSemicolon) boundaries.add(token.startOffset);
    prevEnd = token.startOffset + token.image.length;
    prevWasSemicolon = token.tokenType === Semicolon;
  }
  const commentTokens = result.groups["comments"] ?? [];
  const commentStarts = commentTokens.map((c) => c.startOffset);
  const comments = commentTokens.map((c) => ({ offset: c.startOffset, text: c.image }));
  return { tokens: result.tokens, commentStarts, comments, diagnostics, afterNewline, boundaries };
}

/**
 * `=>` (a typo for `->`) lexes as `=` plus an unknown `>`; the parser would then also report the `=`.
 * The `=` token becomes an arrow spanning both characters and the `>` error is dropped, so the typo
 * gives one diagnostic and the rest of the statement still parses. Returns the typos' offsets.
 */
function readFatArrowsAsArrows(tokens: IToken[], errors: ILexingError[], text: string): number[] {
  const found: number[] = [];
  for (const token of tokens) {
    if (token.tokenType !== Equals || text[token.startOffset + 1] !== ">") continue;
    const err = errors.find((e) => e.offset === token.startOffset + 1);
    if (err === undefined) continue;
    err.offset += 1;
    err.length -= 1;
    token.tokenType = Arrow;
    token.tokenTypeIdx = Arrow.tokenTypeIdx!;
    token.image = "=>";
    found.push(token.startOffset);
  }
  return found;
}

function unexpectedCharacter(text: string, file: string, start: number, end: number): Diagnostic {
  const ch = String.fromCodePoint(text.codePointAt(start) ?? 0);
  const shown = /^[\x21-\x7e]$/.test(ch) || (ch.codePointAt(0)! > 0xa0 && !/\p{C}|\p{Z}/u.test(ch)) ? `\`${ch}\`` : `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  return createDiagnostic("MFG1001", `unexpected character ${shown}`, createSpan(file, start, end), { hints: [unexpectedCharacterHint(ch, shown)] });
}

function checkString(token: IToken, file: string, out: Diagnostic[]): void {
  const { problems } = decodeStringLiteral(token.image);
  for (const p of problems) {
    const code = p.kind === "unterminated" ? "MFG1002" : "MFG1003";
    // An unterminated string is pointed at by its opening quote: the rest of the line is not "wrong".
    const span = p.kind === "unterminated" ? createSpan(file, token.startOffset, token.startOffset + 1) : createSpan(file, token.startOffset + p.start, token.startOffset + p.end);
    out.push(createDiagnostic(code, p.message, span, { hints: p.hints }));
  }
}

/** The value of a number token; NaN-free (malformed numbers read as 0 after being reported). */
export function numberValue(image: string): number {
  if (!VALID_NUMBER.test(image)) return 0;
  const v = Number(image);
  return Number.isFinite(v) ? v : 0;
}

function checkNumber(token: IToken, file: string, out: Diagnostic[]): void {
  const image = token.image;
  const span = createSpan(file, token.startOffset, token.startOffset + image.length);
  if (!VALID_NUMBER.test(image)) {
    out.push(createDiagnostic("MFG1005", `malformed number \`${shorten(image)}\``, span, { hints: numberHints(image) }));
    return;
  }
  if (!Number.isFinite(Number(image))) {
    out.push(createDiagnostic("MFG1006", `the number \`${shorten(image)}\` is too large`, span, { hints: ["numbers must fit in a 64-bit float (at most about 1.8e308)"] }));
  }
}

function numberHints(image: string): string[] {
  if (/^[0-9.]*[eE][+-]?$/.test(image)) return ["an exponent needs digits, e.g. `1e-3`"];
  if ((image.match(/\./g) ?? []).length > 1) return ["a number has at most one decimal point"];
  if (/^0[xXbBoO]/.test(image)) return ["only decimal numbers are supported"];
  if (/^[0-9.]+[A-Za-z_]/.test(image)) return ["names cannot start with a digit; put a space or an operator between a number and a name"];
  return ["numbers look like `42`, `0.5`, `.5`, `1e-3` or `2.5E+4`"];
}

/** Keeps messages readable for pathological tokens (a 1 MB number). */
export function shorten(s: string, max = 40): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}
