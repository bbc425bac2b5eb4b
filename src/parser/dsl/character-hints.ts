/**
 * What to do about a character the DSL lexer cannot read (MFG1001). Most such characters come from
 * pasting: a Cyrillic `а` inside `softmax`, a typographic `→` or `“`, a NUL byte from a corrupted copy.
 * The hint names the ASCII character meant when there is an obvious one.
 */

/**
 * Non-ASCII characters that look like (or are typographic forms of) ASCII spec text and that Unicode
 * NFKD does not already map to ASCII. Letters: the Cyrillic and Greek lookalikes of Latin letters that
 * Unicode's confusables list (UTS #39, confusables.txt) maps to a single Latin letter.
 */
const LOOKALIKES: Readonly<Record<string, string>> = {
  // Cyrillic
  "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w",
  "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
  // Greek
  "α": "a", "ο": "o", "ν": "v", "ι": "i", "κ": "k", "ρ": "p", "τ": "t", "υ": "u",
  "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
  // Typography that word processors and chat apps substitute
  "→": "->", "−": "-", "–": "-", "—": "-", "×": "*", "÷": "/", "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'",
};

/** Characters the DSL reads outside strings and comments, besides letters, digits, `_` and white space. */
const PUNCTUATION = "`->`, `( ) [ ] { }`, `,`, `:`, `;`, `=`, `?` and `+ - * /`";

/**
 * The hint for an unreadable character `ch` (one code point), shown as `shown` (the message's form:
 * the character in backticks, or `U+XXXX` for invisible ones). Always returns one hint.
 */
export function unexpectedCharacterHint(ch: string, shown: string): string {
  if (ch === "'") return 'strings use double quotes: `"…"`';
  if (ch === ".") return "a number needs a digit after `.`, e.g. `.5`";
  if (ch === ">") return "steps are chained with `->`";
  if (ch === "%" || ch === "@" || ch === "$") return "names may only contain letters, digits and `_`";
  const code = ch.codePointAt(0) ?? 0;
  if (/\p{C}|\p{Z}/u.test(ch)) return `delete the invisible character ${shown} (or replace it with a plain space)`;
  if (code < 0x80) return `remove ${shown}; outside strings and comments the DSL reads names, numbers, ${PUNCTUATION}`;
  const meant = asciiLookalike(ch);
  const unicode = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (meant === "'" || meant === '"') return `${shown} (${unicode}) is a typographic quote; strings use plain double quotes: \`"…"\``;
  if (meant !== undefined) return `${shown} is ${unicode}, not ASCII; retype it as \`${meant}\``;
  return `${shown} (${unicode}) is not ASCII: outside strings and comments the DSL reads only ASCII; remove it or move it into a comment`;
}

/** The ASCII text `ch` stands for, if any: accented and full-width forms through NFKD, else {@link LOOKALIKES}. */
function asciiLookalike(ch: string): string | undefined {
  const folded = ch.normalize("NFKD").replace(/\p{M}/gu, "");
  if (folded !== "" && /^[\x21-\x7e]+$/.test(folded)) return folded;
  return LOOKALIKES[ch];
}
