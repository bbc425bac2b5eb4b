/**
 * Decoding and encoding of DSL string literals: `"…"` with escapes `\" \\ \n \t \r \u{XXXX}`.
 * Decoding never fails: problems are returned as offsets relative to the literal so the lexer can
 * report them, and the decoded value keeps going with a best guess.
 */

/** One problem inside a string literal; offsets are relative to the start of the literal's image. */
export interface StringProblem {
  readonly kind: "unterminated" | "bad-escape";
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly hints: readonly string[];
}

export interface DecodedString {
  readonly value: string;
  readonly problems: readonly StringProblem[];
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", n: "\n", t: "\t", r: "\r" };

/** Decodes a string token image (with its quotes; the closing quote may be missing). */
export function decodeStringLiteral(image: string): DecodedString {
  const problems: StringProblem[] = [];
  const terminated = image.length >= 2 && image.endsWith('"') && !endsInsideEscape(image);
  const bodyEnd = terminated ? image.length - 1 : image.length;
  let value = "";
  let i = 1;
  while (i < bodyEnd) {
    const ch = image[i]!;
    if (ch !== "\\") {
      value += ch;
      i++;
      continue;
    }
    const next = image[i + 1];
    if (next !== undefined && next in SIMPLE_ESCAPES) {
      value += SIMPLE_ESCAPES[next];
      i += 2;
      continue;
    }
    if (next === "u") {
      const decoded = decodeUnicodeEscape(image, i, bodyEnd);
      if (decoded.ok) value += decoded.text;
      else problems.push({ kind: "bad-escape", start: i, end: decoded.end, message: decoded.message, hints: UNICODE_HINT });
      i = decoded.end;
      continue;
    }
    const end = next === undefined ? i + 1 : i + 1 + (next.codePointAt(0)! > 0xffff ? 2 : 1);
    const shown = image.slice(i, end);
    problems.push({
      kind: "bad-escape",
      start: i,
      end,
      message: next === undefined ? "a string cannot end with a lone `\\`" : `\`${shown}\` is not a valid escape sequence`,
      hints: ["valid escapes are `\\\"`, `\\\\`, `\\n`, `\\t`, `\\r` and `\\u{XXXX}`; write `\\\\` for a backslash"],
    });
    value += image.slice(i + 1, end);
    i = end;
  }
  if (!terminated) {
    problems.push({
      kind: "unterminated",
      start: 0,
      end: image.length,
      message: "this string is never closed",
      hints: ['add the closing `"`; strings cannot span lines (use `\\n` for a line break)'],
    });
  }
  return { value, problems };
}

const UNICODE_HINT = ["write a Unicode escape as `\\u{XXXX}` with 1 to 6 hex digits, e.g. `\\u{e9}`"];

type UnicodeResult = { ok: true; text: string; end: number } | { ok: false; message: string; end: number };

function decodeUnicodeEscape(image: string, at: number, bodyEnd: number): UnicodeResult {
  // at: the backslash; at+1: `u`.
  if (image[at + 2] !== "{") return { ok: false, message: "`\\u` must be followed by `{`hex digits`}`", end: at + 2 };
  let j = at + 3;
  while (j < bodyEnd && j - (at + 3) <= 6 && /[0-9A-Fa-f]/.test(image[j]!)) j++;
  const digits = image.slice(at + 3, j);
  if (image[j] !== "}" || digits.length === 0 || digits.length > 6) {
    return { ok: false, message: "malformed Unicode escape", end: Math.min(image[j] === "}" ? j + 1 : j, bodyEnd) };
  }
  const code = parseInt(digits, 16);
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
    return { ok: false, message: `\`\\u{${digits}}\` is not a Unicode scalar value`, end: j + 1 };
  }
  return { ok: true, text: String.fromCodePoint(code), end: j + 1 };
}

/** True when the final `"` is escaped (`"abc\"`), i.e. the string is not actually closed. */
function endsInsideEscape(image: string): boolean {
  let backslashes = 0;
  for (let k = image.length - 2; k >= 1 && image[k] === "\\"; k--) backslashes++;
  return backslashes % 2 === 1;
}

/** Encodes a value as a DSL string literal that decodes back to exactly the same text. */
export function encodeStringLiteral(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    // Control characters, line/paragraph separators and lone surrogates are shown as escapes so the
    // printed file stays on one line and is valid UTF-16 text.
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 || (code >= 0xd800 && code <= 0xdfff)) {
      out += `\\u{${code.toString(16)}}`;
    } else out += ch;
  }
  return out + '"';
}
