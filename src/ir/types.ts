/**
 * The IR: an immutable DAG of typed tensor nodes. Every node has exactly one output tensor whose shape
 * excludes the batch dimension (always symbolic, printed as `batch`/`None`). Nodes are kept in a
 * topological order with ties broken by source position, so everything derived from the IR (summaries,
 * generated code) is deterministic.
 */
import type { Span } from "../diagnostics/span.js";

export type DType = "f32" | "i32" | "bool";

/** A known size, or `null` for a size known only at run time (e.g. a variable sequence length). */
export type Dim = number | null;

/** Dimensions *without* the batch dimension. */
export type Shape = readonly Dim[];

/** A resolved parameter value. Nested layers (bidirectional, time_distributed) are {@link LayerAttr}. */
export type AttrValue = number | string | boolean | null | readonly AttrValue[] | LayerAttr;

/** The wrapped layer of a wrapper op, e.g. the `lstm(64)` in `bidirectional(lstm(64))`. */
export interface LayerAttr {
  readonly op: string;
  readonly attrs: Attrs;
}

export type Attrs = Readonly<Record<string, AttrValue>>;

export interface ParamCount {
  readonly trainable: number;
  readonly nonTrainable: number;
}

export interface IRNode {
  /** Unique within the graph; a valid identifier stem: the user's name, or `<op>_<n>` from a per-op counter. */
  readonly id: string;
  /** Registry op name; graph inputs use the pseudo-op `input` (attrs `{dtype, shape}`). */
  readonly op: string;
  /** Every parameter of the op, defaults included, after evaluation and validation. */
  readonly attrs: Attrs;
  /** Ids of the producing nodes, in the op's input order. */
  readonly inputs: readonly string[];
  readonly shape: Shape;
  readonly dtype: DType;
  /** Where the spec wrote this node (passes keep the span of the text a rewritten node came from). */
  readonly span: Span;
  /** The name the user gave (`as c1`, `c1 = …`), if any. */
  readonly userName?: string;
  /** Block expansion trail, outermost first, e.g. `["encoder_2"]`; empty for top-level nodes. */
  readonly scope: readonly string[];
}

export interface IRGraph {
  readonly name: string;
  /** Topologically ordered; ties by source position. */
  readonly nodes: readonly IRNode[];
  /** Ids of `input` nodes, in declaration order. */
  readonly inputs: readonly string[];
  /** Ids of output nodes, in declaration order. */
  readonly outputs: readonly string[];
  readonly span: Span;
}
