/**
 * Finds the comments of a spec file with their positions: the DSL's from its lexer, YAML's from the
 * `yaml` package's concrete syntax tree (its composed document keeps comments only as loose strings).
 * Run only on text that parsed (so the YAML nesting limit has been enforced already).
 */
import { Parser } from "yaml";
import { createSpan } from "../../diagnostics/span.js";
import { lexDsl } from "../dsl/lexer.js";
import type { SourceComment } from "./types.js";

export type CommentFormat = "dsl" | "yaml";

/** Every comment of `text` in source order. */
export function collectComments(text: string, file: string, format: CommentFormat): SourceComment[] {
  const raw = format === "dsl" ? lexDsl(text, file).comments.map((c) => ({ offset: c.offset, text: c.text })) : yamlComments(text);
  return raw
    .sort((a, b) => a.offset - b.offset)
    .map((c) => ({
      text: c.text.replace(/[ \t\r\n]+$/, ""),
      span: createSpan(file, c.offset, c.offset + c.text.replace(/[ \t\r\n]+$/, "").length),
      ownLine: isOwnLine(text, c.offset),
      blankBefore: hasBlankLineBefore(text, c.offset),
    }));
}

interface RawComment {
  readonly offset: number;
  readonly text: string;
}

/** Comment tokens anywhere in the CST (they hang off items, collections, scalars and documents). */
function yamlComments(text: string): RawComment[] {
  const out: RawComment[] = [];
  const stack: unknown[] = [...new Parser().parse(text)];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    const token = v as { type?: unknown; offset?: unknown; source?: unknown };
    if (token.type === "comment" && typeof token.offset === "number" && typeof token.source === "string") {
      out.push({ offset: token.offset, text: token.source });
      continue;
    }
    for (const [k, child] of Object.entries(v)) if (k !== "source" && typeof child === "object") stack.push(child);
  }
  return out;
}

export function isOwnLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const ch = text[i]!;
    if (ch === "\n" || ch === "\r") return true;
    if (ch !== " " && ch !== "\t") return false;
  }
  return true;
}

/** An empty line lies between `offset` and the previous non-blank text (never at the start of the file). */
export function hasBlankLineBefore(text: string, offset: number): boolean {
  let breaks = 0;
  for (let i = offset - 1; i >= 0; i--) {
    const ch = text[i]!;
    if (ch === "\n") breaks++;
    else if (ch === "\r") {
      if (text[i + 1] !== "\n") breaks++;
    } else if (ch !== " " && ch !== "\t" && ch !== "\f" && ch !== "\v") return breaks >= 2;
  }
  return false;
}
