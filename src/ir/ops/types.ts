/**
 * The op registry's types: the single source of truth for every layer/op. The IR builder validates
 * parameters with it, shape inference runs its `infer`, `mfgc summary` uses `paramCount`/`flops`, the
 * YAML JSON Schema and `docs/ops.md` are generated from it, and codegen maps each op to tfjs.
 */
import type { DiagnosticCode } from "../../diagnostics/catalogue.js";
import type { Span } from "../../diagnostics/span.js";
import type { AttrValue, Attrs, DType, ParamCount, Shape } from "../types.js";

export type ParamType =
  | { readonly kind: "int"; readonly min?: number; readonly max?: number }
  | { readonly kind: "float"; readonly min?: number; readonly max?: number; readonly exclusiveMin?: boolean; readonly exclusiveMax?: boolean }
  | { readonly kind: "bool" }
  | { readonly kind: "string" }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  /** An int broadcast to `length` entries, or a list of exactly `length` ints (kernel sizes, strides). */
  | { readonly kind: "ints"; readonly length: number; readonly min?: number }
  /** A list of ints of any length (reshape target, permute order, axes). */
  | { readonly kind: "intList"; readonly min?: number }
  /**
   * Amounts before and after, per spatial axis (Keras's padding and cropping): one int for every side,
   * `length` ints (the same on both sides of each axis), or `length` pairs `[before, after]`; with
   * `length` 1, two ints are that pair. Attrs always hold the `length` pairs.
   */
  | { readonly kind: "pairs"; readonly length: number; readonly min?: number }
  /** A number or a pair `[lower, upper]` (Keras's augmentation factors); attrs keep the form given. */
  | { readonly kind: "range"; readonly min?: number; readonly max?: number }
  /** A nested layer call (`bidirectional(lstm(64))`): op name plus its own validated attrs. */
  | { readonly kind: "layer"; readonly allowed: readonly string[] };

export interface ParamDef {
  readonly name: string;
  readonly type: ParamType;
  /** Absent and not `required`: the parameter is optional with no value (attrs hold `null`). */
  readonly default?: AttrValue;
  readonly required?: boolean;
  /** Whether the parameter may be given positionally; positional order is the order of `params`. */
  readonly positional?: boolean;
  /** One line for `docs/ops.md`, the JSON Schema `description`, and hover text. */
  readonly doc: string;
}

/** One input tensor as shape inference sees it. */
export interface InferInput {
  readonly shape: Shape;
  readonly dtype: DType;
  /** Node id and span of the producer, for notes like "the input came from `pool2` here". */
  readonly from: string;
  readonly span: Span;
}

export interface InferContext {
  readonly op: string;
  readonly attrs: Attrs;
  readonly inputs: readonly InferInput[];
  /** Span of the op application in the spec. */
  readonly span: Span;
  /** Span of a given parameter's value if the user wrote it, else the op span. */
  paramSpan(name: string): Span;
  /** Report a problem; inference then returns undefined (the builder marks the node as poisoned). */
  error(code: DiagnosticCode, message: string, opts?: { span?: Span; hints?: readonly string[]; notes?: readonly { message: string; span: Span }[] }): void;
}

export interface InferResult {
  readonly shape: Shape;
  readonly dtype: DType;
}

/**
 * What an op does with the padding masks on its inputs (Keras's mask propagation): `output` says whether
 * its own output carries a mask; `refuse` says why the op cannot honour one (a diagnostic, never a
 * silent drop). See src/ir/build/masks.ts.
 */
export type MaskEffect =
  /** `makes`: the op makes a new mask from its own input (`embedding(mask_zero)`, `masking`). */
  | { readonly output: boolean; readonly makes?: boolean }
  | { readonly refuse: string };

export type OpCategory =
  | "core"
  | "convolution"
  | "pooling"
  | "normalization"
  | "regularization"
  | "reshaping"
  | "activation"
  | "merge"
  | "embedding"
  | "recurrent"
  | "attention"
  | "preprocessing";

export interface OpDef {
  readonly name: string;
  readonly category: OpCategory;
  /** One paragraph for docs. */
  readonly doc: string;
  /** Number of tensor inputs (max `Infinity` for variadic merges). */
  readonly inputs: { readonly min: number; readonly max: number };
  /** One line describing the tensor inputs (order, rank, dtype) for docs, e.g. "query, then optional value and key". */
  readonly inputDoc?: string;
  readonly params: readonly ParamDef[];
  /** Keras layer this op means (for docs and for reviewers): e.g. `keras.layers.Conv2D`. */
  readonly keras: string;
  /** Cross-parameter checks that need no shapes (e.g. `key_dim` given or derivable). */
  check?(ctx: InferContext): void;
  /**
   * Padding masks: given which inputs carry one (and the input shapes), what the output carries. Called
   * for every node; an op without it produces no mask and refuses a masked input (MFG3231).
   */
  mask?(attrs: Attrs, masked: readonly boolean[], inputs: readonly Shape[]): MaskEffect;
  /** Output shape and dtype; report through `ctx.error` and return undefined on a mismatch. */
  infer(ctx: InferContext): InferResult | undefined;
  /** Exactly Keras's parameter count for these inputs. */
  paramCount(attrs: Attrs, inputs: readonly Shape[]): ParamCount;
  /** Floating-point operations per sample for a forward pass (a multiply-add counts 2). */
  flops(attrs: Attrs, inputs: readonly Shape[], output: Shape): number;
}
