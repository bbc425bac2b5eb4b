/**
 * Keras's image augmentation layers (keras.layers.RandomFlip, RandomTranslation, RandomRotation,
 * RandomZoom, RandomContrast), which tfjs-layers 4.22 lacks. Like Keras's they change images only while
 * training (`apply(x, {training: true})`) and pass them through unchanged at inference.
 *
 * Randomness: every draw is an unseeded tfjs random op, which tfjs seeds from `Math.random`; mfgc's
 * training loop runs with `Math.random` replaced by the run's seeded generator (src/runtime/prng.ts),
 * whose state every checkpoint stores — so augmentation is reproducible from the spec's `seed` and a
 * resumed run draws exactly the numbers an uninterrupted one would.
 *
 * Geometry follows Keras 3.0's layers: each output pixel (x, y) reads the input at
 * (a0·x + a1·y + a2, b0·x + b1·y + b2), sampled by `tf.image.transform` (TensorFlow's
 * ImageProjectiveTransformV3) with the layer's interpolation and fill mode. tfjs has no gradient for
 * that transform, so translation, rotation and zoom belong before any trainable layer (as in Keras
 * models, where augmentation comes first).
 *
 * Imports only `@tensorflow/tfjs`, so generated code may copy it.
 */
import * as tf from "@tensorflow/tfjs";

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = (number | null)[];
type Kwargs = Record<string, unknown>;

/** A Keras factor: a number f means [−f, f]; a pair is [lower, upper]. */
export type Factor = number | [number, number];
export type FillMode = "reflect" | "wrap" | "constant" | "nearest";
export type Interpolation = "nearest" | "bilinear";

/** [lower, upper] of a symmetric Keras factor (keras BaseImagePreprocessingLayer._set_factor). */
export function factorRange(f: Factor): [number, number] {
  if (typeof f === "number") return [-Math.abs(f), Math.abs(f)];
  return f[0] <= f[1] ? [f[0], f[1]] : [f[1], f[0]];
}

/** Base: the training switch and the common config. Subclasses implement `augment` on a 4-D batch. */
abstract class MfgImageAugmentation extends tf.layers.Layer {
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
  }

  /** The augmented batch (called only while training, inside a tidy). */
  protected abstract augment(x: tf.Tensor4D): tf.Tensor;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      return kwargs["training"] === true ? this.augment(x) : x;
    });
  }
}

/** Configuration of the transform-based layers. */
interface TransformArgs extends LayerArgs {
  fillMode?: FillMode;
  interpolation?: Interpolation;
  fillValue?: number;
}

abstract class MfgImageTransform extends MfgImageAugmentation {
  readonly fillMode: FillMode;
  readonly interpolation: Interpolation;
  readonly fillValue: number;

  constructor(args: TransformArgs) {
    super(args);
    this.fillMode = args.fillMode ?? "reflect";
    this.interpolation = args.interpolation ?? "bilinear";
    this.fillValue = args.fillValue ?? 0;
  }

  /** One row [a0, a1, a2, b0, b1, b2, 0, 0] per image of a batch of `batch` h×w images. */
  protected abstract transforms(batch: number, height: number, width: number): tf.Tensor2D;

  protected augment(x: tf.Tensor4D): tf.Tensor {
    const [b, h, w] = x.shape;
    return tf.image.transform(x, this.transforms(b, h, w), this.interpolation, this.fillMode, this.fillValue);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), fillMode: this.fillMode, interpolation: this.interpolation, fillValue: this.fillValue };
  }
}

/** Stacks per-image rows [a0, a1, a2, b0, b1, b2] (each a [b] tensor) into [b, 8] transforms. */
function stackTransforms(rows: readonly tf.Tensor1D[]): tf.Tensor2D {
  const zeros = tf.zerosLike(rows[0]!);
  return tf.stack([...rows, zeros, zeros], 1) as tf.Tensor2D;
}

export type FlipMode = "horizontal" | "vertical" | "horizontal_and_vertical";

/** Configuration: which flip (Keras's default flips both ways at once). */
export interface MfgRandomFlipArgs extends LayerArgs {
  mode?: FlipMode;
}

/**
 * Keras 3's RandomFlip: each image is flipped with probability ½; with `horizontal_and_vertical` the
 * same draw flips both axes (keras random_flip.py uses one `flips` tensor for both).
 */
export class MfgRandomFlip extends MfgImageAugmentation {
  static className = "MfgRandomFlip";
  readonly mode: FlipMode;

  constructor(args: MfgRandomFlipArgs = {}) {
    super(args);
    this.mode = args.mode ?? "horizontal_and_vertical";
  }

  protected augment(x: tf.Tensor4D): tf.Tensor {
    // 1 where the image flips, 0 where it stays: y = x + f·(flip(x) − x), broadcast over each image.
    const f = tf.cast(tf.lessEqual(tf.randomUniform([x.shape[0], 1, 1, 1]), 0.5), x.dtype);
    const flip = (t: tf.Tensor, axis: number) => tf.add(t, tf.mul(f, tf.sub(tf.reverse(t, axis), t)));
    let y: tf.Tensor = x;
    if (this.mode !== "vertical") y = flip(y, 2);
    if (this.mode !== "horizontal") y = flip(y, 1);
    return y;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode };
  }
}

/** Configuration: shifts as fractions of the height and width. */
export interface MfgRandomTranslationArgs extends TransformArgs {
  heightFactor: Factor;
  widthFactor: Factor;
}

/** Keras's RandomTranslation: shifts each image by uniform fractions of its height and width. */
export class MfgRandomTranslation extends MfgImageTransform {
  static className = "MfgRandomTranslation";
  readonly heightFactor: Factor;
  readonly widthFactor: Factor;

  constructor(args: MfgRandomTranslationArgs) {
    super(args);
    this.heightFactor = args.heightFactor;
    this.widthFactor = args.widthFactor;
  }

  protected transforms(batch: number, height: number, width: number): tf.Tensor2D {
    const [hl, hu] = factorRange(this.heightFactor);
    const [wl, wu] = factorRange(this.widthFactor);
    const dy = tf.mul(tf.randomUniform([batch], hl, hu), height) as tf.Tensor1D;
    const dx = tf.mul(tf.randomUniform([batch], wl, wu), width) as tf.Tensor1D;
    const one = tf.onesLike(dx);
    const zero = tf.zerosLike(dx);
    return stackTransforms([one, zero, tf.neg(dx), zero, one, tf.neg(dy)]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heightFactor: this.heightFactor, widthFactor: this.widthFactor };
  }
}

/** Configuration: the rotation as a fraction of a full turn. */
export interface MfgRandomRotationArgs extends TransformArgs {
  factor: Factor;
}

/** Keras's RandomRotation: turns each image about its centre by a uniform fraction of 2π. */
export class MfgRandomRotation extends MfgImageTransform {
  static className = "MfgRandomRotation";
  readonly factor: Factor;

  constructor(args: MfgRandomRotationArgs) {
    super(args);
    this.factor = args.factor;
  }

  protected transforms(batch: number, height: number, width: number): tf.Tensor2D {
    const [lo, hi] = factorRange(this.factor);
    const angle = tf.mul(tf.randomUniform([batch], lo, hi), 2 * Math.PI) as tf.Tensor1D;
    return rotationTransforms(angle, height, width);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), factor: this.factor };
  }
}

/** Keras 3.0's rotation about ((w − 1)/2, (h − 1)/2) by `angle` radians, one row per angle. */
export function rotationTransforms(angle: tf.Tensor1D, height: number, width: number): tf.Tensor2D {
  const cos = tf.cos(angle);
  const sin = tf.sin(angle);
  const xOffset = tf.div(tf.sub(width - 1, tf.sub(tf.mul(cos, width - 1), tf.mul(sin, height - 1))), 2) as tf.Tensor1D;
  const yOffset = tf.div(tf.sub(height - 1, tf.add(tf.mul(sin, width - 1), tf.mul(cos, height - 1))), 2) as tf.Tensor1D;
  return stackTransforms([cos, tf.neg(sin), xOffset, sin, cos, yOffset]);
}

/** Configuration: zoom ranges; a positive factor zooms out, a negative one in. */
export interface MfgRandomZoomArgs extends TransformArgs {
  heightFactor: Factor;
  /** null: the height's zoom for both axes (keeps the aspect ratio). */
  widthFactor?: Factor | null;
}

/** Keras's RandomZoom: scales each image about its centre by 1 + a uniform factor. */
export class MfgRandomZoom extends MfgImageTransform {
  static className = "MfgRandomZoom";
  readonly heightFactor: Factor;
  readonly widthFactor: Factor | null;

  constructor(args: MfgRandomZoomArgs) {
    super(args);
    this.heightFactor = args.heightFactor;
    this.widthFactor = args.widthFactor ?? null;
  }

  protected transforms(batch: number, height: number, width: number): tf.Tensor2D {
    const [hl, hu] = factorRange(this.heightFactor);
    const zy = tf.randomUniform([batch], 1 + hl, 1 + hu) as tf.Tensor1D;
    let zx = zy;
    if (this.widthFactor !== null) {
      const [wl, wu] = factorRange(this.widthFactor);
      zx = tf.randomUniform([batch], 1 + wl, 1 + wu) as tf.Tensor1D;
    }
    return zoomTransforms(zx, zy, height, width);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heightFactor: this.heightFactor, widthFactor: this.widthFactor };
  }
}

/** Keras 3.0's zoom about ((w − 1)/2, (h − 1)/2) by `zx`, `zy` (> 1 zooms out). */
export function zoomTransforms(zx: tf.Tensor1D, zy: tf.Tensor1D, height: number, width: number): tf.Tensor2D {
  const xOffset = tf.mul(tf.sub(1, zx), (width - 1) / 2) as tf.Tensor1D;
  const yOffset = tf.mul(tf.sub(1, zy), (height - 1) / 2) as tf.Tensor1D;
  const zero = tf.zerosLike(zx);
  return stackTransforms([zx, zero, xOffset, zero, zy, yOffset]);
}

/** Configuration: contrast factor and the value range outputs are clipped to. */
export interface MfgRandomContrastArgs extends LayerArgs {
  /** f means [1 − f, 1 + f]; a pair [lower, upper] means [1 − lower, 1 + upper]. */
  factor: Factor;
  /** Outputs are clipped to it (Keras's default [0, 255]). */
  valueRange?: [number, number];
}

/**
 * Keras 3's RandomContrast: per image, (x − mean) · c + mean with the mean over height and width per
 * channel and c uniform in [1 − lower, 1 + upper], clipped to `valueRange`.
 */
export class MfgRandomContrast extends MfgImageAugmentation {
  static className = "MfgRandomContrast";
  readonly factor: Factor;
  readonly valueRange: [number, number];

  constructor(args: MfgRandomContrastArgs) {
    super(args);
    this.factor = args.factor;
    this.valueRange = args.valueRange === undefined ? [0, 255] : [args.valueRange[0], args.valueRange[1]];
  }

  protected augment(x: tf.Tensor4D): tf.Tensor {
    const [lower, upper] = typeof this.factor === "number" ? [this.factor, this.factor] : this.factor;
    const c = tf.randomUniform([x.shape[0], 1, 1, 1], 1 - lower, 1 + upper);
    return adjustContrast(x, c, this.valueRange);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), factor: this.factor, valueRange: this.valueRange };
  }
}

/** (x − mean) · c + mean, the mean over height and width per image and channel, clipped to `range`. */
export function adjustContrast(x: tf.Tensor4D, c: tf.Tensor, range: readonly [number, number]): tf.Tensor {
  const mean = tf.mean(x, [1, 2], true);
  return tf.clipByValue(tf.add(tf.mul(tf.sub(x, mean), c), mean), range[0], range[1]);
}

for (const cls of [MfgRandomFlip, MfgRandomTranslation, MfgRandomRotation, MfgRandomZoom, MfgRandomContrast]) {
  tf.serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
}
