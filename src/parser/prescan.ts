/**
 * A budget check on the raw text, before any lexer or parser sees it. The real front-ends cost far more
 * per character than a scan does (chevrotain builds a CST node per grammar rule it enters, the `yaml`
 * package a token object per bracket), so a file made of deep brackets — under the size cap, but every
 * character a nesting level — could take tens of seconds and gigabytes before the depth check that
 * follows lexing refused it. This scan refuses such files in one allocation-free pass.
 *
 * It counts, outside strings and comments:
 * - the deepest bracket nesting (`(`, `[`, `{`), refused past {@link MAX_NESTING_DEPTH};
 * - the nesting work, the sum over opening brackets of their depth, refused past {@link MAX_DSL_NESTING_WORK}
 *   or {@link MAX_YAML_NESTING_WORK};
 * - the tokens (a run of name or number characters counts once, every other visible character once),
 *   refused past {@link MAX_DSL_TOKENS} or {@link MAX_YAML_TOKENS};
 * - the length of each quoted string, refused past {@link MAX_STRING_CHARS}.
 *
 * The scan is conservative, not a lexer: it may count a token the lexer would merge, never fewer.
 */
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { createSpan } from "../diagnostics/span.js";
import { MAX_NESTING_DEPTH } from "./parse-result.js";

/**
 * The largest sum of bracket depths the DSL front-end accepts. A 15,000-layer chain written out, every
 * step `-> dense(64, activation: relu)` inside `model { … }`, sums to 30,000; sixty-deep parentheses on
 * every line of a file reach this after about 550 lines. It is kept below what the token budget allows
 * (a token adds at most 32 on average: depth is at most 64 and every bracket is closed), so that dense
 * deep bracketing is refused as such rather than as a token count.
 */
export const MAX_DSL_NESTING_WORK = 1_000_000;

/**
 * The largest sum of bracket depths the YAML front-end accepts. The `yaml` package pays for depth: a
 * file of `[]` pairs at depth 62 with 993,830 of work (32,000 tokens) took 0.97 s of CPU to check on a
 * loaded 2-core machine, one with 497,830 (16,000 tokens) 0.65 s. Real YAML specs nest a few levels
 * (a flow mapping inside a layer inside `layers:`), a few units of work per token, so even a spec at
 * {@link MAX_YAML_TOKENS} stays far below. At depth 62 (31 of work per token) this is reached after
 * about 16,100 tokens, before the token budget, so dense deep bracketing is refused as such.
 */
export const MAX_YAML_NESTING_WORK = 500_000;

/**
 * The most DSL tokens in one spec. Parsing and checking cost about 3–7 µs of CPU per token on a loaded
 * 2-core machine (the parser keeps a concrete syntax tree of every token, about 1.4 KB each; checking
 * adds the per-name work), so 100,000 tokens stay within about half a second. A real spec is far
 * smaller: the largest Keras Applications model, NASNetLarge (1,041 layers), written out one step per
 * layer at about 10 tokens a step (`-> conv2d(64, 3, padding: same) as c1`) is about 10,000 tokens. The
 * node cap (MAX_EXPANDED_NODES, 15,000) is reached with `repeat` and blocks, or written out at 3 tokens
 * a step (`-> relu`).
 */
export const MAX_DSL_TOKENS = 100_000;

/**
 * The most YAML tokens in one spec, counted as for the DSL. The `yaml` package lexes and composes at
 * about 10 µs of CPU per token (a token object, then a node), and ajv, the AST conversion and the IR
 * check add about as much again, so a spec's CPU time is about 0.1 s plus 25–40 µs per token (this
 * machine's speed varies by up to ~1.4× between runs). At 35,000 tokens a spec of 4,300 written-out
 * `- dense: { units: 4 }` layers took 1.09–1.31 s of CPU; at 25,000, 3,119 such layers took 0.93 s and
 * 12,480 `- layernorm` lines (2 tokens each) 1.07 s through the CLI — at or over issue 14's 1 s goal.
 * 20,000 tokens: about 2,000–2,600 written-out layers (`- dense: { units: 64, activation: relu }` is
 * 8–12 tokens, `- dense: { units: 4 }` 8), twice a written-out NASNetLarge (1,041 layers); longer
 * models use `repeat` and blocks.
 */
export const MAX_YAML_TOKENS = 20_000;

/**
 * The longest quoted string (UTF-16 code units). Strings in a spec are names, file paths (PATH_MAX is
 * 4,096 bytes on Linux) and enum values; a 3.9 MB string cost most of a second to lex and print.
 */
export const MAX_STRING_CHARS = 65_536;

/** What the scan found; `refusal` is set when a budget is exceeded (the rest of the file was not scanned). */
export interface PrescanResult {
  readonly refusal?: {
    readonly kind: "depth" | "work" | "tokens" | "string";
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
 * Whether the quote at `i` opens a YAML quoted scalar: only where a scalar can start, after an indicator
 * (`:`, `-`, `?`, `,`, `[`, `{`) or at a line's start. A quote inside a plain scalar (`name: Bob's net`)
 * is a character of that scalar, not the start of a string running on to the next quote in the file.
 */
function opensYamlScalar(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text.charCodeAt(j) === Ch.Space || text.charCodeAt(j) === Ch.Tab)) j--;
  if (j < 0) return true;
  const p = text.charCodeAt(j);
  return p === Ch.LF || p === Ch.CR || p === 58 /* : */ || p === 45 /* - */ || p === 63 /* ? */ || p === 44 /* , */ || p === Ch.LBracket || p === Ch.LCurly;
}

/**
 * Scans `text` in the syntax of one front-end. DSL: `"…"` strings with `\` escapes, `#` and `//` line
 * comments, `/* … *\/` block comments. YAML: `"…"` and `'…'` scalars where a scalar may start, `#` comments after a space or at a
 * line start; its block nesting (indentation) is bounded by the size cap and checked on the CST.
 */
export function prescan(text: string, syntax: "dsl" | "yaml"): PrescanResult {
  let depth = 0;
  let work = 0;
  let tokens = 0;
  let inWord = false;
  const maxTokens = syntax === "dsl" ? MAX_DSL_TOKENS : MAX_YAML_TOKENS;
  const maxWork = syntax === "dsl" ? MAX_DSL_NESTING_WORK : MAX_YAML_NESTING_WORK;
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
    if ((c === Ch.DoubleQuote && syntax === "dsl") || (syntax === "yaml" && (c === Ch.DoubleQuote || c === Ch.SingleQuote) && opensYamlScalar(text, i))) {
      tokens++;
      const opened = i;
      for (i++; i < n; i++) {
        if (i - opened > MAX_STRING_CHARS) return { refusal: { kind: "string", offset: opened } };
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
    if (tokens > maxTokens) return { refusal: { kind: "tokens", offset: i } };
    if (c === Ch.LParen || c === Ch.LBracket || c === Ch.LCurly) {
      depth++;
      work += depth;
      if (depth > MAX_NESTING_DEPTH) return { refusal: { kind: "depth", offset: i } };
      if (work > maxWork) return { refusal: { kind: "work", offset: i } };
    } else if ((c === Ch.RParen || c === Ch.RBracket || c === Ch.RCurly) && depth > 0) {
      depth--;
    }
  }
  if (tokens > maxTokens) return { refusal: { kind: "tokens", offset: n } };
  return {};
}

/** MFG1019 (both front-ends): the quoted string opening at `offset` is longer than {@link MAX_STRING_CHARS}. */
export function stringTooLong(file: string, offset: number): Diagnostic {
  return createDiagnostic("MFG1019", `this string is longer than ${MAX_STRING_CHARS.toLocaleString("en-US")} characters; the file was not read further`, createSpan(file, offset, offset + 1), {
    hints: ["strings in a spec are names, file paths and option values; put long text in a file the spec points to"],
  });
}
