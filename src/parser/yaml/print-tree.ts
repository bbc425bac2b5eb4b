/**
 * A small YAML value tree and its deterministic renderer, used by `printYaml`. Scalars arrive already
 * as text (the caller decides quoting). A collection marked `auto` is written in flow style on one
 * line when it fits in {@link WIDTH} columns and holds no comments, otherwise in block style; `block`
 * collections always use block style. Comments ride on entries and nodes ({@link YMeta}) and are
 * written as `#` lines before them, at the end of their line, or after them.
 */
import { hashCommentLines, type SourceComment } from "../comments/types.js";
import { pushAll } from "../../util/arrays.js";

/** Lines longer than this switch a collection from flow to block style. */
export const WIDTH = 100;

/** Comments and spacing around one node or entry (mutable while the printer attaches comments). */
export interface YMeta {
  readonly leading: SourceComment[];
  /** On the node's (first) line, after it. */
  readonly trailing: SourceComment[];
  /** On lines of their own after the node. */
  readonly after: SourceComment[];
  blankBefore: boolean;
  /** An empty line between the leading comments and the node. */
  blankAfterLeading: boolean;
}

export type Layout = "auto" | "block";

export interface YEntry {
  readonly key: string;
  readonly value: YNode;
  readonly meta: YMeta;
}

export type YNode =
  | { readonly t: "scalar"; readonly text: string; readonly meta: YMeta }
  | { readonly t: "seq"; readonly items: readonly YNode[]; readonly layout: Layout; readonly meta: YMeta }
  | { readonly t: "map"; readonly entries: readonly YEntry[]; readonly layout: Layout; readonly meta: YMeta };

export function newMeta(): YMeta {
  return { leading: [], trailing: [], after: [], blankBefore: false, blankAfterLeading: false };
}

export const scalar = (text: string): YNode => ({ t: "scalar", text, meta: newMeta() });
export const seq = (items: readonly YNode[], layout: Layout = "auto"): YNode => ({ t: "seq", items, layout, meta: newMeta() });
export const map = (entries: readonly YEntry[], layout: Layout = "auto"): YNode => ({ t: "map", entries, layout, meta: newMeta() });
export const entry = (key: string, value: YNode): YEntry => ({ key, value, meta: newMeta() });

function ownLineComments(m: YMeta): boolean {
  return m.leading.length + m.after.length > 0;
}

/**
 * Whether a comment that needs a line of its own sits anywhere inside `n`. Same-line comments do not
 * count: a collection in flow style carries them at the end of its line (see {@link flowTrailing}).
 */
function hasInnerComments(n: YNode): boolean {
  if (ownLineComments(n.meta)) return true;
  if (n.t === "seq") return n.items.some(hasInnerComments);
  if (n.t === "map") return n.entries.some((e) => ownLineComments(e.meta) || hasInnerComments(e.value));
  return false;
}

/** The same-line comments inside a node written in flow style, in order: they end its line. */
function flowTrailing(n: YNode): SourceComment[] {
  if (n.t === "seq") return n.items.flatMap((i) => [...i.meta.trailing, ...flowTrailing(i)]);
  if (n.t === "map") return n.entries.flatMap((e) => [...e.meta.trailing, ...e.value.meta.trailing, ...flowTrailing(e.value)]);
  return [];
}

/** One-line flow text of a node without comments. */
export function flow(n: YNode): string {
  switch (n.t) {
    case "scalar":
      return n.text;
    case "seq":
      return `[${n.items.map(flow).join(", ")}]`;
    case "map":
      return n.entries.length === 0 ? "{}" : `{ ${n.entries.map((e) => `${e.key}: ${flow(e.value)}`).join(", ")} }`;
  }
}

function canFlow(n: YNode, prefixWidth: number): boolean {
  if (n.t === "scalar") return true;
  if (n.layout === "block" && (n.t === "seq" ? n.items.length > 0 : n.entries.length > 0)) return false;
  return !hasInnerComments(n) && prefixWidth + flow(n).length <= WIDTH;
}

/**
 * Collects output lines. Comments that follow a node on lines of their own are held back until the
 * next line is known and then written at that line's indentation: read again, they are the leading
 * comments of whatever comes next, and the printer writes leading comments at their node's
 * indentation, so holding them back is what makes formatting formatted text change nothing.
 */
export class YamlWriter {
  readonly lines: string[] = [];
  private pending: SourceComment[] = [];

  /** Writes held-back comments at `indent` (call before writing anything that starts a node). */
  flush(indent: number): void {
    const held = this.pending;
    this.pending = [];
    commentLines(held, " ".repeat(indent), this);
  }

  push(...lines: string[]): void {
    pushAll(this.lines, lines);
  }

  /** Appends another writer's lines (any number: a spec's layer list renders as one). */
  pushLines(lines: readonly string[]): void {
    pushAll(this.lines, lines);
  }

  holdBack(comments: readonly SourceComment[]): void {
    pushAll(this.pending, comments);
  }

  /** The held-back comments, for a writer whose lines are spliced into another's. */
  takePending(): SourceComment[] {
    const p = this.pending;
    this.pending = [];
    return p;
  }
}

/**
 * A node's same-line comments: the first ends the line; any further ones are held back and written
 * below (several comments cannot share the end of one line and read back as several).
 */
function endOfLine(comments: readonly SourceComment[], out: YamlWriter): string {
  const [first, ...rest] = comments;
  out.holdBack(rest);
  return first === undefined ? "" : `  ${hashCommentLines(first)[0]}`;
}

function commentLines(comments: readonly SourceComment[], pad: string, out: YamlWriter, blankAfter = false): void {
  comments.forEach((c, i) => {
    if (i > 0 && c.blankBefore) out.push("");
    for (const l of hashCommentLines(c)) out.push(`${pad}${l}`);
  });
  if (comments.length > 0 && blankAfter) out.push("");
}

/** The lines of a document whose top level is `entries`. */
export function renderDocument(entries: readonly YEntry[]): string[] {
  const out = new YamlWriter();
  renderEntries(entries, 0, out);
  out.flush(0);
  return out.lines;
}

/** Writes the entries of a block mapping at `indent`. */
function renderEntries(entries: readonly YEntry[], indent: number, out: YamlWriter): void {
  entries.forEach((e, i) => {
    out.flush(indent);
    if (i > 0 && e.meta.blankBefore) out.push("");
    renderEntry(e, indent, out);
  });
}

/** `key: value` at `indent`; the value in flow style when it may, else in block style below the key. */
function renderEntry(e: YEntry, indent: number, out: YamlWriter): void {
  const pad = " ".repeat(indent);
  commentLines([...e.meta.leading, ...e.value.meta.leading], pad, out, e.meta.blankAfterLeading || e.value.meta.blankAfterLeading);
  const v = e.value;
  const inline = `${pad}${e.key}:`;
  if (canFlow(v, inline.length + 1)) {
    out.push(`${inline} ${flow(v)}${endOfLine([...e.meta.trailing, ...v.meta.trailing, ...flowTrailing(v)], out)}`);
  } else {
    out.push(`${inline}${endOfLine([...e.meta.trailing, ...v.meta.trailing], out)}`);
    if (v.t === "map") renderEntries(v.entries, indent + 2, out);
    else if (v.t === "seq") renderItems(v.items, indent + 2, out);
  }
  out.holdBack([...v.meta.after, ...e.meta.after]);
}

/** The items of a block sequence at `indent`. */
function renderItems(items: readonly YNode[], indent: number, out: YamlWriter): void {
  items.forEach((item, i) => {
    out.flush(indent);
    if (i > 0 && item.meta.blankBefore) out.push("");
    renderItem(item, indent, out);
  });
}

function renderItem(item: YNode, indent: number, out: YamlWriter): void {
  const pad = " ".repeat(indent);
  const firstEntry = item.t === "map" ? item.entries[0] : undefined;
  // Comments before the item's first key can only go above the `- ` line.
  commentLines(
    [...item.meta.leading, ...(firstEntry?.meta.leading ?? []), ...(firstEntry?.value.meta.leading ?? [])],
    pad,
    out,
    item.meta.blankAfterLeading || (firstEntry?.meta.blankAfterLeading ?? false),
  );
  const dash = `${pad}- `;
  if (item.t === "map" && item.entries.length > 0) {
    // A mapping item is written as block entries, the first sharing the `- ` line (`- conv2d: { … }`).
    const inner = new YamlWriter();
    const comment = endOfLine(item.meta.trailing, inner);
    const stripped = item.entries.map((e, i) => (i === 0 ? { ...e, meta: { ...e.meta, leading: [] }, value: withoutLeading(e.value) } : e));
    renderEntries(stripped, indent + 2, inner);
    inner.lines[0] = dash + inner.lines[0]!.slice(indent + 2) + comment;
    out.pushLines(inner.lines);
    out.holdBack(inner.takePending());
  } else if (item.t === "seq" && item.items.length > 0 && !canFlow(item, dash.length)) {
    out.push(`${pad}-${endOfLine(item.meta.trailing, out)}`);
    renderItems(item.items, indent + 2, out);
  } else {
    out.push(`${dash}${flow(item)}${endOfLine([...item.meta.trailing, ...flowTrailing(item)], out)}`);
  }
  out.holdBack(item.meta.after);
}

function withoutLeading(n: YNode): YNode {
  return { ...n, meta: { ...n.meta, leading: [] } } as YNode;
}
