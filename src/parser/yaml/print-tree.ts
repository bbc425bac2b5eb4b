/**
 * A tiny YAML value tree and its deterministic renderer, used by `printYaml`. Scalars arrive already
 * as text (the caller decides quoting); short collections are written in flow style on one line,
 * long mappings in block style.
 */

export type YNode =
  | { readonly t: "scalar"; readonly text: string }
  | { readonly t: "seq"; readonly items: readonly YNode[] }
  | { readonly t: "map"; readonly entries: readonly (readonly [string, YNode])[] };

/** Lines longer than this switch a mapping from flow to block style. */
const WIDTH = 100;

export const scalar = (text: string): YNode => ({ t: "scalar", text });
export const seq = (items: readonly YNode[]): YNode => ({ t: "seq", items });
export const map = (entries: readonly (readonly [string, YNode])[]): YNode => ({ t: "map", entries });

export function flow(n: YNode): string {
  switch (n.t) {
    case "scalar":
      return n.text;
    case "seq":
      return `[${n.items.map(flow).join(", ")}]`;
    case "map":
      return n.entries.length === 0 ? "{}" : `{ ${n.entries.map(([k, v]) => `${k}: ${flow(v)}`).join(", ")} }`;
  }
}

/** `key: value` at `indent`, breaking a mapping that does not fit into one line per entry. */
export function renderEntry(key: string, value: YNode, indent: number, out: string[]): void {
  const pad = " ".repeat(indent);
  const inline = `${pad}${key}: ${flow(value)}`;
  if (value.t === "map" && value.entries.length > 0 && inline.length > WIDTH) {
    out.push(`${pad}${key}:`);
    for (const [k, v] of value.entries) renderEntry(k, v, indent + 2, out);
    return;
  }
  out.push(inline);
}

/** A block list: one `- item` line per entry (each item in flow style). */
export function renderList(key: string, items: readonly YNode[], indent: number, out: string[]): void {
  const pad = " ".repeat(indent);
  if (items.length === 0) {
    out.push(`${pad}${key}: []`);
    return;
  }
  out.push(`${pad}${key}:`);
  for (const item of items) {
    if (item.t === "map" && item.entries.length === 1) {
      const [k, v] = item.entries[0]!;
      out.push(`${pad}  - ${k}: ${flow(v)}`);
    } else out.push(`${pad}  - ${flow(item)}`);
  }
}
