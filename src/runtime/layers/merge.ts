/**
 * `MfgMerge`: tfjs's merge layers (add, subtract, multiply, average, concatenate) with Keras 3's padding
 * masks. tfjs-layers 4.22's `Merge.computeMask` returns a mask with an extra leading axis and skips the
 * last input, which corrupts every layer after a residual `add` on a masked sequence; this layer computes
 * the same values and Keras's masks. mfgc uses it only where a mask reaches a merge.
 *
 * Masks (keras/src/layers/merging/base_merge.py, concatenate.py):
 * - add, subtract, multiply, average: no mask unless every input has one; then a step is kept where any
 *   input keeps it (logical or).
 * - concatenate: each input's mask (all true for an unmasked input) is broadcast to the input, joined
 *   along the axis, and a step is kept where any feature keeps it. Along the last axis an unmasked input
 *   keeps every step, so there is no mask.
 *
 * Imports only `@tensorflow/tfjs`, so generated code may copy it.
 */
import * as tf from "@tensorflow/tfjs";

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = (number | null)[];
type Kwargs = Record<string, unknown>;
type MaybeMask = tf.Tensor | null | undefined;

export type MergeMode = "add" | "subtract" | "multiply" | "average" | "concatenate";

/** Configuration: the merge and, for `concatenate`, the axis (tfjs's count: batch included, ≥ 1). */
export interface MfgMergeArgs extends LayerArgs {
  mode: MergeMode;
  /** Concatenation axis, non-negative with the batch as axis 0 (default: the last). */
  axis?: number | null;
}

function maskList(mask: tf.Tensor | tf.Tensor[] | undefined): MaybeMask[] {
  return Array.isArray(mask) ? mask : [mask];
}

/** Keras 3's element-wise merge mask (see the file comment); null for no mask. */
export function elementwiseMergeMask(mask: tf.Tensor | tf.Tensor[] | undefined, inputs: number): tf.Tensor | null {
  const masks = maskList(mask);
  if (masks.length < inputs || masks.some((m) => m == null)) return null;
  return tf.tidy(() => (masks as tf.Tensor[]).slice(1).reduce((acc, m) => tf.logicalOr(acc, tf.cast(m, "bool")), tf.cast(masks[0]!, "bool")));
}

/** Element-wise merges and concatenation with Keras's padding masks. No weights. */
export class MfgMerge extends tf.layers.Layer {
  static className = "MfgMerge";

  readonly mode: MergeMode;
  readonly axis: number | null;

  constructor(args: MfgMergeArgs) {
    super(args);
    this.mode = args.mode;
    this.axis = args.axis ?? null;
    if (!["add", "subtract", "multiply", "average", "concatenate"].includes(this.mode)) throw new Error(`MfgMerge: unknown mode '${String(this.mode)}'`);
    this.supportsMasking = true;
  }

  private concatAxis(rank: number): number {
    return this.axis ?? rank - 1;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = inputShape as Shape[];
    if (this.mode !== "concatenate") return shapes[0]!;
    const axis = this.concatAxis(shapes[0]!.length);
    const out = [...shapes[0]!];
    out[axis] = shapes.some((s) => s[axis] == null) ? null : shapes.reduce((n, s) => n + (s[axis] as number), 0);
    return out;
  }

  override computeMask(inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    if (this.mode !== "concatenate") return elementwiseMergeMask(mask, list.length) as tf.Tensor;
    const masks = maskList(mask);
    if (masks.every((m) => m == null)) return null as unknown as tf.Tensor;
    const axis = this.concatAxis(list[0]!.rank);
    // Along the last axis an unmasked input makes every step kept: no mask (Keras gives all-true).
    if (axis === list[0]!.rank - 1 && (masks.length < list.length || masks.some((m) => m == null))) return null as unknown as tf.Tensor;
    return tf.tidy(() => {
      const full = list.map((x, i) => {
        const m = masks[i];
        if (m == null) return tf.onesLike(x).cast("bool");
        const expanded = m.rank < x.rank ? tf.expandDims(m, -1) : m;
        return tf.logicalAnd(tf.cast(expanded, "bool"), tf.onesLike(x).cast("bool"));
      });
      return tf.any(tf.concat(full, axis), -1);
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      switch (this.mode) {
        case "add":
          return list.slice(1).reduce((acc, x) => tf.add(acc, x), list[0]!);
        case "subtract":
          if (list.length !== 2) throw new Error("MfgMerge: subtract needs exactly two inputs");
          return tf.sub(list[0]!, list[1]!);
        case "multiply":
          return list.slice(1).reduce((acc, x) => tf.mul(acc, x), list[0]!);
        case "average":
          return tf.div(list.slice(1).reduce((acc, x) => tf.add(acc, x), list[0]!), list.length);
        case "concatenate":
          return tf.concat(list, this.concatAxis(list[0]!.rank));
      }
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode, axis: this.axis };
  }
}

tf.serialization.registerClass(MfgMerge);
