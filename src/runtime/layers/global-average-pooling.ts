/**
 * `MfgGlobalAveragePooling1D`: Keras's `GlobalAveragePooling1D` with its padding mask honoured — the
 * mean over the unmasked steps only, `Σ x·m / Σ m` (keras/src/layers/pooling/global_average_pooling1d.py).
 * tfjs-layers 4.22's layer averages every step, padding included. As in Keras, a sample whose steps are
 * all masked divides by zero (NaN). No weights; the output carries no mask.
 *
 * Imports only `@tensorflow/tfjs`, so generated code may copy it.
 */
import * as tf from "@tensorflow/tfjs";

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = (number | null)[];
type Kwargs = Record<string, unknown>;

/** Configuration: `keepdims` keeps the steps axis as size 1 (default false). */
export interface MfgGlobalAveragePooling1DArgs extends LayerArgs {
  keepdims?: boolean;
}

/** (batch, steps, channels) → (batch, channels), or (batch, 1, channels) with `keepdims`. */
export class MfgGlobalAveragePooling1D extends tf.layers.Layer {
  static className = "MfgGlobalAveragePooling1D";

  readonly keepdims: boolean;

  constructor(args: MfgGlobalAveragePooling1DArgs = {}) {
    super(args);
    this.keepdims = args.keepdims ?? false;
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    return this.keepdims ? [shape[0] ?? null, 1, shape[2] ?? null] : [shape[0] ?? null, shape[2] ?? null];
  }

  /** The steps are reduced away: nothing left to mask. */
  override computeMask(): tf.Tensor {
    return null as unknown as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const raw = kwargs["mask"];
      const mask = (Array.isArray(raw) ? raw[0] : raw) as tf.Tensor | null | undefined;
      if (mask == null) return tf.mean(x, 1, this.keepdims);
      const m = tf.expandDims(tf.cast(mask, x.dtype), 2);
      return tf.div(tf.sum(tf.mul(x, m), 1, this.keepdims), tf.sum(m, 1, this.keepdims));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), keepdims: this.keepdims };
  }
}

tf.serialization.registerClass(MfgGlobalAveragePooling1D);
