/**
 * Token types of the `.mfgnet` DSL, in the one order the lexer tries them.
 *
 * Patterns are deliberately simple (chevrotain has no time guard; a backtracking regex once lexed
 * exponentially, chevrotain#1151). Strings, numbers and block comments use small hand-written matchers
 * that scan linearly and never fail half-way: an unterminated string or comment, or a malformed number,
 * is still one token, and the lexer reports the problem with a precise span.
 *
 * Besides the real tokens there are a few pattern-less *categories* the parser uses:
 * - `Keyword`: every keyword (keys like `train:` may be keywords);
 * - `AddOp` / `MulOp`: binary operators by precedence;
 * - `TopStray` / `GraphStray` / `TrainStray`: every token that cannot start something at that level, so
 *   the parser can swallow junk one token at a time instead of abandoning the enclosing declaration.
 */
import { createToken, Lexer, type CustomPatternMatcherReturn, type TokenType } from "chevrotain";

// ───────────────────────────── categories ─────────────────────────────

export const Keyword = createToken({ name: "Keyword", pattern: Lexer.NA });
export const AddOp = createToken({ name: "AddOp", pattern: Lexer.NA });
export const MulOp = createToken({ name: "MulOp", pattern: Lexer.NA });
export const TopStray = createToken({ name: "TopStray", pattern: Lexer.NA });
export const GraphStray = createToken({ name: "GraphStray", pattern: Lexer.NA });
export const TrainStray = createToken({ name: "TrainStray", pattern: Lexer.NA });

/** Tokens that cannot start anything inside a model/block body or a train section. */
const STRAY_EVERYWHERE = [TopStray, GraphStray, TrainStray];

// ───────────────────────────── linear matchers ─────────────────────────────

function single(image: string): CustomPatternMatcherReturn {
  return [image] as unknown as CustomPatternMatcherReturn;
}

/** `"…"` up to the closing quote, or up to the end of the line when it is missing (reported later). */
export function matchString(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== 34 /* " */) return null;
  let i = offset + 1;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 34) return single(text.slice(offset, i + 1));
    if (ch === 10 || ch === 13) break;
    if (ch === 92 /* \ */) {
      const next = text.charCodeAt(i + 1);
      // A backslash before a line break (or the end) cannot escape it: the string stops here.
      if (i + 1 >= text.length || next === 10 || next === 13) {
        i++;
        break;
      }
      i += 2;
      continue;
    }
    i++;
  }
  return single(text.slice(offset, i));
}

/** `/* … *\/`, or everything to the end of the file when the comment is never closed (reported later). */
export function matchBlockComment(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== 47 || text.charCodeAt(offset + 1) !== 42) return null;
  const close = text.indexOf("*/", offset + 2);
  return single(text.slice(offset, close === -1 ? text.length : close + 2));
}

function isNumberPart(ch: number): boolean {
  return (ch >= 48 && ch <= 57) || (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || ch === 95 || ch === 46;
}

/**
 * A number-like run: it starts with a digit (or `.` and a digit) and takes every following letter, digit,
 * `_` and `.`, plus a sign right after `e`/`E`. Whether the run is a *valid* number is checked by the
 * lexer, so `1e`, `1.2.3` and `3x` are one token each with one clear diagnostic.
 */
export function matchNumber(text: string, offset: number): CustomPatternMatcherReturn | null {
  const first = text.charCodeAt(offset);
  const isDigit = first >= 48 && first <= 57;
  if (!isDigit) {
    const second = text.charCodeAt(offset + 1);
    if (first !== 46 || !(second >= 48 && second <= 57)) return null;
  }
  let i = offset + 1;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (isNumberPart(ch)) {
      i++;
      continue;
    }
    const prev = text.charCodeAt(i - 1);
    if ((ch === 43 || ch === 45) && (prev === 101 || prev === 69)) {
      i++;
      continue;
    }
    break;
  }
  return single(text.slice(offset, i));
}

/** The strict shape of a valid number literal (anchored; linear). */
export const VALID_NUMBER = /^(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

// ───────────────────────────── skipped and comments ─────────────────────────────

// Every pattern is a string or has a `start_chars_hint`: chevrotain then indexes the tokens by first
// character without parsing their regular expressions, which was a good part of `mfgc check`'s start-up.

const WHITESPACE_CHARS = [" ", "\t", "\r", "\n", "\f", "\v", "\uFEFF", "\u00A0"];
export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: new RegExp(`[${WHITESPACE_CHARS.join("")}]+`),
  start_chars_hint: WHITESPACE_CHARS,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const LineComment = createToken({ name: "LineComment", pattern: /(?:#|\/\/)[^\r\n]*/, start_chars_hint: ["#", "/"], group: "comments" });
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: { exec: matchBlockComment },
  start_chars_hint: ["/"],
  line_breaks: true,
  group: "comments",
});

// ───────────────────────────── literals and names ─────────────────────────────

export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: { exec: matchString },
  start_chars_hint: ['"'],
  line_breaks: false,
  categories: STRAY_EVERYWHERE,
});
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: { exec: matchNumber },
  start_chars_hint: [".", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  line_breaks: false,
  categories: STRAY_EVERYWHERE,
});
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, start_chars_hint: [...LETTERS, "_"], categories: [TopStray] });

function keyword(word: string, name: string, strayIn: readonly TokenType[]): TokenType {
  return createToken({ name, pattern: word, longer_alt: Identifier, categories: [Keyword, ...strayIn] });
}

export const Model = keyword("model", "Model", []);
export const Block = keyword("block", "Block", []);
export const Train = keyword("train", "Train", []);
export const Input = keyword("input", "Input", [TopStray, TrainStray]);
export const Output = keyword("output", "Output", [TopStray, TrainStray]);
export const As = keyword("as", "As", STRAY_EVERYWHERE);
export const Repeat = keyword("repeat", "Repeat", STRAY_EVERYWHERE);
export const True = keyword("true", "True", STRAY_EVERYWHERE);
export const False = keyword("false", "False", STRAY_EVERYWHERE);

/** The DSL's keywords: never names (a YAML spec may not use them as names either, see to-ast.ts). */
export const KEYWORDS: readonly string[] = ["model", "block", "train", "input", "output", "as", "repeat", "true", "false"];

/**
 * Words YAML 1.2 (core schema) reads as null or a boolean when they are written plain. A name must mean
 * the same in both forms, so these are not names in either.
 */
export const YAML_RESERVED_WORDS: readonly string[] = ["null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"];

// ───────────────────────────── punctuation ─────────────────────────────

export const Arrow = createToken({ name: "Arrow", pattern: "->", categories: STRAY_EVERYWHERE });
export const LCurly = createToken({ name: "LCurly", pattern: "{", categories: STRAY_EVERYWHERE });
export const RCurly = createToken({ name: "RCurly", pattern: "}", categories: [TopStray] });
export const LParen = createToken({ name: "LParen", pattern: "(", categories: [TopStray, TrainStray] });
export const RParen = createToken({ name: "RParen", pattern: ")", categories: STRAY_EVERYWHERE });
export const LBracket = createToken({ name: "LBracket", pattern: "[", categories: STRAY_EVERYWHERE });
export const RBracket = createToken({ name: "RBracket", pattern: "]", categories: STRAY_EVERYWHERE });
export const Comma = createToken({ name: "Comma", pattern: ",", categories: STRAY_EVERYWHERE });
export const Colon = createToken({ name: "Colon", pattern: ":", categories: STRAY_EVERYWHERE });
export const Semicolon = createToken({ name: "Semicolon", pattern: ";" });
export const Equals = createToken({ name: "Equals", pattern: "=", categories: STRAY_EVERYWHERE });
export const Question = createToken({ name: "Question", pattern: "?", categories: STRAY_EVERYWHERE });
export const Plus = createToken({ name: "Plus", pattern: "+", categories: [AddOp, ...STRAY_EVERYWHERE] });
export const Minus = createToken({ name: "Minus", pattern: "-", categories: [AddOp, ...STRAY_EVERYWHERE] });
export const Star = createToken({ name: "Star", pattern: "*", categories: [MulOp, ...STRAY_EVERYWHERE] });
export const Slash = createToken({ name: "Slash", pattern: "/", categories: [MulOp, ...STRAY_EVERYWHERE] });

/** Every token type, in lexing order (comments before `/`, `->` before `-`, keywords before identifiers). */
export const ALL_TOKENS: readonly TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  StringLiteral,
  NumberLiteral,
  Arrow,
  LCurly,
  RCurly,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Semicolon,
  Equals,
  Question,
  Plus,
  Minus,
  Star,
  Slash,
  Model,
  Block,
  Train,
  Input,
  Output,
  As,
  Repeat,
  True,
  False,
  Identifier,
  Keyword,
  AddOp,
  MulOp,
  TopStray,
  GraphStray,
  TrainStray,
];

/** Opening bracket token name → its closer's image, and back. */
export const CLOSER_OF: Readonly<Record<string, string>> = { LParen: ")", LBracket: "]", LCurly: "}" };
export const OPENER_OF: Readonly<Record<string, string>> = { RParen: "(", RBracket: "[", RCurly: "{" };
