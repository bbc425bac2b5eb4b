/**
 * `MfgUpSampling2D`: Keras's `UpSampling2D` with `interpolation: "bilinear"`, which resizes with
 * half-pixel centres (TF2 / Keras 3 `image.resize`: source coordinate (x + 0.5) / size − 0.5, clamped
 * to the edge). tfjs-layers 4.22's UpSampling2D resizes without them, so the row [0, 1] doubles to
 * [0, 0.5, 1, 1] there instead of Keras's [0, 0.25, 0.75, 1]. `nearest` needs no custom layer (both
 * repeat each pixel for integer factors). No weights; channels-last.
 *
 * Imports only `@tensorflow/tfjs`, so generated code may copy it.
 */
import * as tf from "@tensorflow/tfjs";

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = (number | null)[];
type Kwargs = Record<string, unknown>;

/** Configuration: the integer factor for height and width. */
export interface MfgUpSampling2DArgs extends LayerArgs {
  size: [number, number];
}

/** (batch, h, w, c) → (batch, h·size[0], w·size[1], c), bilinear with half-pixel centres. */
export class MfgUpSampling2D extends tf.layers.Layer {
  static className = "MfgUpSampling2D";

  readonly size: [number, number];

  constructor(args: MfgUpSampling2DArgs) {
    super(args);
    this.size = [args.size[0], args.size[1]];
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const grow = (d: number | null | undefined, f: number) => (d == null ? null : d * f);
    return [s[0] ?? null, grow(s[1], this.size[0]), grow(s[2], this.size[1]), s[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      const [, h, w] = x.shape;
      return tf.image.resizeBilinear(x, [h * this.size[0], w * this.size[1]], false, true);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), size: this.size };
  }
}

tf.serialization.registerClass(MfgUpSampling2D);
