/**
 * A small YAML value tree and its deterministic renderer, used by `printYaml`. Scalars arrive already
 * as text (the caller decides quoting). A collection marked `auto` is written in flow style on one
 * line when it fits in {@link WIDTH} columns and holds no comments, otherwise in block style; `block`
 * collections always use block style. Comments ride on entries and nodes ({@link YMeta}) and are
 * written as `#` lines before them, at the end of their line, or after them.
 */
import { hashCommentLines, type SourceComment } from "../comments/types.js";

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
  return { leading: [], trailing: [], after: [], blankBefore: false };
}

export const scalar = (text: string): YNode => ({ t: "scalar", text, meta: newMeta() });
export const seq = (items: readonly YNode[], layout: Layout = "auto"): YNode => ({ t: "seq", items, layout, meta: newMeta() });
export const map = (entries: readonly YEntry[], layout: Layout = "auto"): YNode => ({ t: "map", entries, layout, meta: newMeta() });
export const entry = (key: string, value: YNode): YEntry => ({ key, value, meta: newMeta() });

function metaHasComments(m: YMeta): boolean {
  return m.leading.length + m.trailing.length + m.after.length > 0;
}

/** Whether a comment sits anywhere inside `n` (its own trailing comment does not count: it ends the line). */
function hasInnerComments(n: YNode): boolean {
  if (n.meta.leading.length + n.meta.after.length > 0) return true;
  if (n.t === "seq") return n.items.some((i) => metaHasComments(i.meta) || hasInnerComments(i));
  if (n.t === "map") return n.entries.some((e) => metaHasComments(e.meta) || metaHasComments(e.value.meta) || hasInnerComments(e.value));
  return false;
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

function trailingText(comments: readonly SourceComment[]): string {
  return comments.length === 0 ? "" : `  ${comments.flatMap(hashCommentLines).join(" ")}`;
}

function commentLines(comments: readonly SourceComment[], pad: string, out: string[]): void {
  comments.forEach((c, i) => {
    if (i > 0 && c.blankBefore) out.push("");
    for (const l of hashCommentLines(c)) out.push(`${pad}${l}`);
  });
}

/** Writes the entries of a block mapping at `indent`. */
export function renderEntries(entries: readonly YEntry[], indent: number, out: string[]): void {
  entries.forEach((e, i) => {
    if (i > 0 && e.meta.blankBefore) out.push("");
    renderEntry(e, indent, out);
  });
}

/** `key: value` at `indent`; the value in flow style when it may, else in block style below the key. */
export function renderEntry(e: YEntry, indent: number, out: string[]): void {
  const pad = " ".repeat(indent);
  commentLines([...e.meta.leading, ...e.value.meta.leading], pad, out);
  const trailing = [...e.meta.trailing, ...e.value.meta.trailing];
  const v = e.value;
  const inline = `${pad}${e.key}:`;
  if (canFlow(v, inline.length + 1)) {
    out.push(`${inline} ${flow(v)}${trailingText(trailing)}`);
  } else {
    out.push(`${inline}${trailingText(trailing)}`);
    if (v.t === "map") renderEntries(v.entries, indent + 2, out);
    else if (v.t === "seq") renderItems(v.items, indent + 2, out);
  }
  commentLines([...v.meta.after, ...e.meta.after], pad, out);
}

/** The items of a block sequence at `indent`. */
export function renderItems(items: readonly YNode[], indent: number, out: string[]): void {
  items.forEach((item, i) => {
    if (i > 0 && item.meta.blankBefore) out.push("");
    renderItem(item, indent, out);
  });
}

function renderItem(item: YNode, indent: number, out: string[]): void {
  const pad = " ".repeat(indent);
  const firstEntry = item.t === "map" ? item.entries[0] : undefined;
  // Comments before the item's first key can only go above the `- ` line.
  commentLines([...item.meta.leading, ...(firstEntry?.meta.leading ?? []), ...(firstEntry?.value.meta.leading ?? [])], pad, out);
  const dash = `${pad}- `;
  if (item.t === "map" && item.entries.length > 0) {
    // A mapping item is written as block entries, the first sharing the `- ` line (`- conv2d: { … }`).
    const lines: string[] = [];
    const stripped = item.entries.map((e, i) => (i === 0 ? { ...e, meta: { ...e.meta, leading: [] }, value: withoutLeading(e.value) } : e));
    renderEntries(stripped, indent + 2, lines);
    lines[0] = dash + lines[0]!.slice(indent + 2);
    if (item.meta.trailing.length > 0) lines[0] += trailingText(item.meta.trailing);
    out.push(...lines);
  } else if (item.t === "seq" && item.items.length > 0 && !canFlow(item, dash.length)) {
    out.push(`${pad}-${trailingText(item.meta.trailing)}`);
    renderItems(item.items, indent + 2, out);
  } else {
    out.push(`${dash}${flow(item)}${trailingText(item.meta.trailing)}`);
  }
  commentLines(item.meta.after, pad, out);
}

function withoutLeading(n: YNode): YNode {
  return { ...n, meta: { ...n.meta, leading: [] } } as YNode;
}
