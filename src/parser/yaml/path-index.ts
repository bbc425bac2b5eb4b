/**
 * The `instancePath → YAML node` index that maps ajv's errors back to source spans. Paths are JSON
 * Pointers exactly as ajv writes them (`/model/layers/3/conv2d/kernal`).
 */
import type { Node, Scalar } from "yaml";
import type { Span } from "../../diagnostics/span.js";
import { createSpan } from "../../diagnostics/span.js";

/** One indexed value: its node (aliases already resolved) and, for a mapping entry, the key node. */
export interface IndexedNode {
  readonly node: Node;
  readonly key?: Scalar;
}

export type PathIndex = ReadonlyMap<string, IndexedNode>;

/** Appends one segment to a JSON Pointer, escaping `~` and `/` as RFC 6901 requires. */
export function childPointer(parent: string, segment: string | number): string {
  return `${parent}/${String(segment).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/** The segments of a JSON Pointer, unescaped. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The span of a node's own text (without trailing comments or line breaks). */
export function nodeSpan(node: Node | null | undefined, file: string): Span | undefined {
  const range = node?.range;
  if (!range) return undefined;
  return createSpan(file, range[0], Math.max(range[1], range[0] + 1));
}
