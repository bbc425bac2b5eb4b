/**
 * `MfgZeroPadding1D` and `MfgCropping1D`: Keras's `ZeroPadding1D` / `Cropping1D` over the steps axis of
 * (batch, steps, channels), which tfjs-layers 4.22 lacks. Either side may differ (`[start, end]`).
 * `MfgZeroPadding1D` also gives `conv1d(padding: causal)` its left padding of dilation·(kernel − 1),
 * which tfjs's Conv1D does not implement. No weights.
 *
 * Imports only `@tensorflow/tfjs`, so generated code may copy it.
 */
import * as tf from "@tensorflow/tfjs";

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = (number | null)[];
type Kwargs = Record<string, unknown>;

function single(inputShape: Shape | Shape[]): Shape {
  return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
}

function oneTensor(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor3D {
  return (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor3D;
}

/**
 * The shared shape of both layers: an amount at the start and at the end of the steps, added
 * (`grow` 1) or removed (`grow` −1). Subclasses compute the values.
 */
abstract class MfgSteps1D extends tf.layers.Layer {
  protected constructor(args: LayerArgs, readonly amounts: [number, number], private readonly grow: 1 | -1) {
    super(args);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = single(inputShape);
    return [s[0] ?? null, s[1] == null ? null : s[1] + this.grow * (this.amounts[0] + this.amounts[1]), s[2] ?? null];
  }
}

/** Configuration: zeros added before and after the steps. */
export interface MfgZeroPadding1DArgs extends LayerArgs {
  padding: [number, number];
}

/** (batch, steps, channels) → (batch, start + steps + end, channels), the new steps all zero. */
export class MfgZeroPadding1D extends MfgSteps1D {
  static className = "MfgZeroPadding1D";

  constructor(args: MfgZeroPadding1DArgs) {
    super(args, [args.padding[0], args.padding[1]], 1);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => tf.pad(oneTensor(inputs), [[0, 0], this.amounts, [0, 0]]));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), padding: this.amounts };
  }
}

/** Configuration: steps removed at the start and at the end. */
export interface MfgCropping1DArgs extends LayerArgs {
  cropping: [number, number];
}

/** (batch, steps, channels) → (batch, steps − start − end, channels). */
export class MfgCropping1D extends MfgSteps1D {
  static className = "MfgCropping1D";

  constructor(args: MfgCropping1DArgs) {
    super(args, [args.cropping[0], args.cropping[1]], -1);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs);
      const [start, end] = this.amounts;
      return tf.slice(x, [0, start, 0], [-1, x.shape[1] - start - end, -1]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), cropping: this.amounts };
  }
}

tf.serialization.registerClass(MfgZeroPadding1D);
tf.serialization.registerClass(MfgCropping1D);
