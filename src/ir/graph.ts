/** Small helpers over an {@link IRGraph}: lookup by id, consumers, and a deterministic topological sort. */
import type { IRGraph, IRNode } from "./types.js";

/** Nodes by id (build once per pass; graphs are immutable). */
export function nodeMap(graph: Pick<IRGraph, "nodes">): Map<string, IRNode> {
  return new Map(graph.nodes.map((n) => [n.id, n]));
}

export function getNode(graph: Pick<IRGraph, "nodes">, id: string): IRNode | undefined {
  return graph.nodes.find((n) => n.id === id);
}

/** For every node id, the nodes that read it (in graph order; a node reading one input twice appears once). */
export function consumerMap(graph: Pick<IRGraph, "nodes">): Map<string, IRNode[]> {
  const out = new Map<string, IRNode[]>(graph.nodes.map((n) => [n.id, []]));
  for (const n of graph.nodes) {
    for (const i of new Set(n.inputs)) out.get(i)?.push(n);
  }
  return out;
}

export function consumers(graph: Pick<IRGraph, "nodes">, id: string): IRNode[] {
  return graph.nodes.filter((n) => n.inputs.includes(id));
}

/**
 * Kahn's algorithm; among ready nodes the one written first in the spec (file, then offset) goes first,
 * then the one earlier in `nodes`, so the order never depends on hashing. Throws on a cycle or a missing
 * input: both are compiler bugs (the builder cannot produce them).
 */
export function topoSort(nodes: readonly IRNode[]): IRNode[] {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const pending = nodes.map((n) => new Set(n.inputs).size);
  const readers = new Map<string, number[]>();
  nodes.forEach((n, i) => {
    for (const input of new Set(n.inputs)) {
      if (!index.has(input)) throw new Error(`topoSort: node \`${n.id}\` reads unknown node \`${input}\``);
      const list = readers.get(input) ?? [];
      list.push(i);
      readers.set(input, list);
    }
  });
  const before = (a: number, b: number): boolean => {
    const x = nodes[a]!.span;
    const y = nodes[b]!.span;
    if (x.file !== y.file) return x.file < y.file;
    if (x.start !== y.start) return x.start < y.start;
    return a < b;
  };
  const ready: number[] = [];
  pending.forEach((p, i) => {
    if (p === 0) ready.push(i);
  });
  const out: IRNode[] = [];
  while (ready.length > 0) {
    // Linear scan for the minimum: graphs are small, and it keeps the tie rule in one obvious place.
    let best = 0;
    for (let k = 1; k < ready.length; k++) if (before(ready[k]!, ready[best]!)) best = k;
    const i = ready.splice(best, 1)[0]!;
    out.push(nodes[i]!);
    for (const r of readers.get(nodes[i]!.id) ?? []) {
      pending[r] = pending[r]! - 1;
      if (pending[r] === 0) ready.push(r);
    }
  }
  if (out.length !== nodes.length) throw new Error("topoSort: the graph has a cycle");
  return out;
}
