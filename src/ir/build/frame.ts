/**
 * The expansion state of one body (the model, or one application of a block): which tensor names are
 * defined so far, which names the body defines anywhere (for "used before its definition"), the block
 * parameters in scope, and the id prefix of nodes made here.
 */
import type { Span } from "../../diagnostics/span.js";
import type { Env } from "./evaluate.js";

/**
 * A tensor as the expander sees it: the id of the node that produces it, or `null` when producing it
 * already failed (an error was reported; consumers are skipped silently, so errors never cascade).
 */
export type TensorRef = string | null;

/** Where a block was applied: used for "in block `encoder` applied here" notes. */
export interface ExpansionSite {
  readonly block: string;
  readonly span: Span;
}

export interface Frame {
  /** Prepended to ids of nodes made in this body: "" at top level, "encoder_1_" inside a block. */
  readonly prefix: string;
  /** Block instance names, outermost first (IRNode.scope). */
  readonly scope: readonly string[];
  readonly trail: readonly ExpansionSite[];
  /** Block parameters in scope. */
  readonly env: Env;
  /** Tensor names defined so far in this body. */
  readonly tensors: Map<string, TensorRef>;
  /** Every name this body defines, wherever (first definition's span). */
  readonly declared: ReadonlyMap<string, Span>;
  readonly isTop: boolean;
  /** Tensors bound to a block's `input` declarations, in order (undefined at top level). */
  readonly blockInputs: readonly TensorRef[] | undefined;
}
