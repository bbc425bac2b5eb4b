/**
 * Text from a spec or a data file that ends up in a message must not drive the terminal that shows it:
 * an ESC sequence can retitle the window or clear the screen, and a bidi override can make a message
 * read differently from what it says (CVE-2021-42574, "Trojan Source"). Every diagnostic message, hint
 * and note passes through {@link escapeControls} when it is created, so no renderer (text, JSON, SARIF,
 * the language server, the runtime's stderr lines) can forget it.
 */

/**
 * Every C0 control (a message is one line: `\n` and `\t` are escaped too), DEL, C1 controls, the
 * Unicode line and paragraph separators, and the bidirectional formatting characters (LRM, RLM, ALM,
 * embeddings, overrides, isolates; Unicode UAX #9, table 1).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Replaces every unsafe character by a visible JavaScript-style escape: ESC → `\x1b`, U+202E → `\u202e`.
 * Everything else, including other non-ASCII text, is kept as it is.
 */
export function escapeControls(s: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(s)) return s;
  return s.replace(UNSAFE, (ch) => {
    const cp = ch.charCodeAt(0);
    return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, "0")}` : `\\u${cp.toString(16).padStart(4, "0")}`;
  });
}

/** Longest excerpt of a data file (or of any untrusted text) a message quotes, in UTF-16 units. */
export const MAX_EXCERPT = 40;

/**
 * A short, escaped excerpt of untrusted text for a message: at most `max` characters of it (then `…`),
 * controls escaped. Messages about data files quote only this, so a spec that names a secret file as
 * its data can never print the file into a CI log.
 */
export function excerpt(s: string, max = MAX_EXCERPT): string {
  const cut = s.length > max ? `${s.slice(0, max)}…` : s;
  return escapeControls(cut);
}

/**
 * A list of untrusted names for a message (`` `a`, `b`, … and 12 more``): at most `maxItems` of them,
 * each an {@link excerpt}; the whole list stays short whatever the input holds.
 */
export function excerptList(items: readonly string[], maxItems = 8, maxEach = 24): string {
  const shown = items.slice(0, maxItems).map((s) => `\`${excerpt(s, maxEach)}\``);
  const more = items.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

/** {@link escapeControls} for multi-line text (a usage message, a list of paths): line breaks are kept. */
export function escapeLines(s: string): string {
  return s.split("\n").map(escapeControls).join("\n");
}
