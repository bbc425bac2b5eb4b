/** Comments as `mfgc fmt` keeps them: the AST has no room for them, so they travel beside it. */
import type { Span } from "../../diagnostics/span.js";

/** One comment of the source file, verbatim. */
export interface SourceComment {
  /** The comment's text with its marker: `# note`, `// note`, or a block comment. */
  readonly text: string;
  readonly span: Span;
  /** Nothing but whitespace precedes it on its line. */
  readonly ownLine: boolean;
  /** An empty line separates it from the text before it. */
  readonly blankBefore: boolean;
}

/** `/* … *\/`: the only comment form that may sit inside a line with code after it. */
export function isBlockComment(c: SourceComment): boolean {
  return c.text.startsWith("/*");
}

/**
 * The comment's lines as YAML (and the DSL's `#` form) can hold them: `// x` → `# x`, and a block
 * comment becomes one `#` line per line of its body.
 */
export function hashCommentLines(c: SourceComment): string[] {
  if (c.text.startsWith("#")) return [c.text];
  if (c.text.startsWith("//")) return [`#${c.text.slice(2)}`];
  const body = c.text.slice(2, c.text.endsWith("*/") && c.text.length >= 4 ? -2 : undefined);
  const lines = body.split(/\r\n|\r|\n/).map((l) => l.replace(/\s+$/, ""));
  while (lines.length > 1 && lines[lines.length - 1]!.trim() === "") lines.pop();
  while (lines.length > 1 && lines[0]!.trim() === "") lines.shift();
  return lines.map((l) => (l.trim() === "" ? "#" : `#${l.startsWith(" ") ? "" : " "}${l}`));
}
