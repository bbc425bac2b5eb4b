/**
 * The pass interface. A pass is a pure function `IRGraph → IRGraph` that also says what it changed;
 * when it changes nothing it returns the very same graph object, so callers can test `===`.
 */
import type { Span } from "../../diagnostics/span.js";
import type { IRGraph } from "../types.js";

/** One thing a pass did, in words a reviewer understands, pointing at the spec text it came from. */
export interface PassChange {
  readonly message: string;
  readonly span: Span;
}

export interface PassResult {
  readonly graph: IRGraph;
  readonly changes: readonly PassChange[];
  /**
   * Nodes that survive under a new id (old id → new id): a fused node takes the name of the result it
   * now computes, so weights trained under the old name can be carried over.
   */
  readonly renamed?: Readonly<Record<string, string>>;
}

export interface Pass {
  /** kebab-case, shown in `--print-passes` and accepted by `--disable-pass`. */
  readonly name: string;
  /** One line for `mfgc graph --passes`. */
  readonly description: string;
  run(graph: IRGraph): PassResult;
}

export function unchanged(graph: IRGraph): PassResult {
  return { graph, changes: [] };
}

/** `conv2d \`c1\`` — how reports name a node. */
export function describeNode(n: { op: string; id: string }): string {
  return `${n.op} \`${n.id}\``;
}
