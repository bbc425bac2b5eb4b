/**
 * A budget check on the raw text, before any lexer or parser sees it. The real front-ends cost far more
 * per character than a scan does (chevrotain builds a CST node per grammar rule it enters, the `yaml`
 * package a token object per bracket), so a file made of deep brackets — under the size cap, but every
 * character a nesting level — could take tens of seconds and gigabytes before the depth check that
 * follows lexing refused it. This scan refuses such files in one allocation-free pass.
 *
 * It counts, outside strings and comments:
 * - the deepest bracket nesting (`(`, `[`, `{`), refused past {@link MAX_NESTING_DEPTH};
 * - the nesting work, the sum over opening brackets of their depth, refused past {@link MAX_NESTING_WORK};
 * - for the DSL, the tokens (a run of name or number characters counts once, every other visible
 *   character once), refused past {@link MAX_DSL_TOKENS}.
 *
 * The scan is conservative, not a lexer: it may count a token the lexer would merge, never fewer.
 */
import { MAX_NESTING_DEPTH } from "./parse-result.js";

/**
 * The largest sum of bracket depths either front-end accepts. A 20,000-layer chain written out, every
 * step `-> dense(64, activation: relu)` inside `model { … }`, sums to 40,000; sixty-deep parentheses on
 * every line of a file reach this after about 1,100 lines.
 */
export const MAX_NESTING_WORK = 2_000_000;

/**
 * The most DSL tokens in one spec: about 25 per layer at the node cap (MAX_EXPANDED_NODES) written out
 * one layer per step. The DSL parser keeps a concrete syntax tree of every token, about 1.4 KB each.
 */
export const MAX_DSL_TOKENS = 500_000;

/** What the scan found; `refusal` is set when a budget is exceeded (the rest of the file was not scanned). */
export interface PrescanResult {
  readonly refusal?: {
    readonly kind: "depth" | "work" | "tokens";
    /** UTF-16 offset where the budget ran out. */
    readonly offset: number;
  };
}

const enum Ch {
  Tab = 9,
  LF = 10,
  CR = 13,
  Space = 32,
  DoubleQuote = 34,
  Hash = 35,
  SingleQuote = 39,
  LParen = 40,
  RParen = 41,
  Star = 42,
  Slash = 47,
  LBracket = 91,
  Backslash = 92,
  RBracket = 93,
  LCurly = 123,
  RCurly = 125,
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46;
}

function isSpace(c: number): boolean {
  return c === Ch.Space || c === Ch.Tab || c === Ch.LF || c === Ch.CR || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0xfeff;
}

/**
 * Scans `text` in the syntax of one front-end. DSL: `"…"` strings with `\` escapes, `#` and `//` line
 * comments, `/* … *\/` block comments. YAML: `"…"` and `'…'` scalars, `#` comments after a space or at a
 * line start; its block nesting (indentation) is bounded by the size cap and checked on the CST.
 */
export function prescan(text: string, syntax: "dsl" | "yaml"): PrescanResult {
  let depth = 0;
  let work = 0;
  let tokens = 0;
  let inWord = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isWordChar(c)) {
      if (!inWord) tokens++;
      inWord = true;
      continue;
    }
    inWord = false;
    if (isSpace(c)) continue;
    const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
    const prev = i > 0 ? text.charCodeAt(i - 1) : Ch.LF;
    // Comments and strings: skip to their end (an unterminated one runs to the end of the file or line).
    if (c === Ch.Hash && (syntax === "dsl" || isSpace(prev))) {
      while (i + 1 < n && text.charCodeAt(i + 1) !== Ch.LF && text.charCodeAt(i + 1) !== Ch.CR) i++;
      continue;
    }
    if (syntax === "dsl" && c === Ch.Slash && next === Ch.Slash) {
      while (i + 1 < n && text.charCodeAt(i + 1) !== Ch.LF && text.charCodeAt(i + 1) !== Ch.CR) i++;
      continue;
    }
    if (syntax === "dsl" && c === Ch.Slash && next === Ch.Star) {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === Ch.DoubleQuote || (syntax === "yaml" && c === Ch.SingleQuote)) {
      tokens++;
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === Ch.Backslash && c === Ch.DoubleQuote) i++;
        else if (d === c) {
          // YAML's '' inside a single-quoted scalar is an escaped quote, not the end.
          if (c === Ch.SingleQuote && i + 1 < n && text.charCodeAt(i + 1) === Ch.SingleQuote) i++;
          else break;
        } else if (syntax === "dsl" && (d === Ch.LF || d === Ch.CR)) break;
      }
      continue;
    }
    tokens++;
    if (syntax === "dsl" && tokens > MAX_DSL_TOKENS) return { refusal: { kind: "tokens", offset: i } };
    if (c === Ch.LParen || c === Ch.LBracket || c === Ch.LCurly) {
      depth++;
      work += depth;
      if (depth > MAX_NESTING_DEPTH) return { refusal: { kind: "depth", offset: i } };
      if (work > MAX_NESTING_WORK) return { refusal: { kind: "work", offset: i } };
    } else if ((c === Ch.RParen || c === Ch.RBracket || c === Ch.RCurly) && depth > 0) {
      depth--;
    }
  }
  if (syntax === "dsl" && tokens > MAX_DSL_TOKENS) return { refusal: { kind: "tokens", offset: n } };
  return {};
}
