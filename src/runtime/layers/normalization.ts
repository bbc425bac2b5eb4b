/**
 * `MfgNormalization`: Keras's preprocessing `Normalization` for TensorFlow.js (tfjs 4.22 has none).
 *
 * Output: (x − mean) / max(√variance, 1e-7) per feature along `axis`, Keras's formula and epsilon
 * (`invert` computes the inverse). The statistics are non-trainable weights, as Keras:
 *   mean [C], variance [C], count [] (int32)  →  2·C + 1 parameters, all non-trainable,
 * so they are saved with the model. `adapt(data)` computes them from training data (population
 * variance, over every axis except `axis`) before training; `mean`/`variance` in the config set them
 * directly instead. Integer inputs are cast to float32.
 *
 * Self-contained on purpose: it imports only `@tensorflow/tfjs`, so generated code may copy it.
 */
import * as tf from "@tensorflow/tfjs";

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = (number | null)[];
type Kwargs = Record<string, unknown>;

/** Configuration (tfjs camelCase keys, Keras meanings). */
export interface MfgNormalizationArgs extends LayerArgs {
  /** The feature axis with its own statistics, counting the batch axis as Keras does (default −1). */
  axis?: number;
  /** Fixed per-feature mean (instead of `adapt`); needs `variance` too. */
  mean?: number[] | null;
  /** Fixed per-feature variance (instead of `adapt`). */
  variance?: number[] | null;
  /** Undo a normalization instead: x · max(√variance, 1e-7) + mean (default false). */
  invert?: boolean;
}

/** Keras's `backend.epsilon()`, the floor of the standard deviation. */
const EPSILON = 1e-7;

/** Feature standardization with adaptable, saved statistics; see the file comment. */
export class MfgNormalization extends tf.layers.Layer {
  static className = "MfgNormalization";

  readonly axis: number;
  readonly invert: boolean;
  private readonly initialMean: number[] | null;
  private readonly initialVariance: number[] | null;

  private mean: tf.LayerVariable | null = null;
  private variance: tf.LayerVariable | null = null;
  private count: tf.LayerVariable | null = null;

  constructor(args: MfgNormalizationArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
    this.invert = args.invert ?? false;
    this.initialMean = args.mean ?? null;
    this.initialVariance = args.variance ?? null;
    if ((this.initialMean === null) !== (this.initialVariance === null)) {
      throw new Error("MfgNormalization: give both mean and variance, or neither");
    }
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const axis = resolveAxis(this.axis, shape.length);
    const features = shape[axis];
    if (features == null) throw new Error(`MfgNormalization: the size of axis ${this.axis} must be known`);
    const meanInit = this.initialMean === null ? tf.initializers.zeros() : constantInitializer(this.initialMean, features, "mean");
    const varianceInit = this.initialVariance === null ? tf.initializers.ones() : constantInitializer(this.initialVariance, features, "variance");
    // Keras's weight order and names: mean, variance, count — all non-trainable.
    this.mean = this.addWeight("mean", [features], "float32", meanInit, undefined, false);
    this.variance = this.addWeight("variance", [features], "float32", varianceInit, undefined, false);
    this.count = this.addWeight("count", [], "int32", tf.initializers.zeros(), undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const raw = Array.isArray(inputs) ? inputs[0]! : inputs;
      const x = raw.dtype === "float32" ? raw : tf.cast(raw, "float32");
      const broadcast = broadcastShape(this.axis, x.shape);
      const mean = tf.reshape(this.mean!.read(), broadcast);
      const std = tf.maximum(tf.sqrt(tf.reshape(this.variance!.read(), broadcast)), EPSILON);
      return this.invert ? tf.add(tf.mul(x, std), mean) : tf.div(tf.sub(x, mean), std);
    });
  }

  /**
   * Sets mean, variance and count from `data` (e.g. the training split's features), reducing over
   * every axis but `axis`. Builds the layer first if it is not built yet. Call before training.
   */
  adapt(data: tf.Tensor): void {
    if (!this.built) this.build([null, ...data.shape.slice(1)]);
    const axis = resolveAxis(this.axis, data.rank);
    const reduce = data.shape.map((_d, i) => i).filter((i) => i !== axis);
    const stats = tf.tidy(() => {
      const x = data.dtype === "float32" ? data : tf.cast(data, "float32");
      const { mean, variance } = tf.moments(x, reduce);
      return [mean, variance];
    });
    const count = reduce.reduce((n, i) => n * data.shape[i]!, 1);
    const countTensor = tf.scalar(count, "int32");
    this.mean!.write(stats[0]!);
    this.variance!.write(stats[1]!);
    this.count!.write(countTensor);
    tf.dispose([...stats, countTensor]);
  }

  /**
   * Sets the statistics directly: per-feature `mean` and population `variance` (length = the size of
   * `axis`) over `count` values each — what `adapt` computes, for callers that accumulate them batch by
   * batch. The layer must be built.
   */
  setStatistics(mean: ArrayLike<number>, variance: ArrayLike<number>, count: number): void {
    if (!this.built || this.mean === null || this.variance === null || this.count === null) throw new Error("MfgNormalization: build the layer before setting its statistics");
    const features = this.mean.shape[0]!;
    if (mean.length !== features || variance.length !== features) throw new Error(`MfgNormalization: statistics for ${mean.length} features, the layer has ${features}`);
    const values = [tf.tensor1d(Array.from(mean), "float32"), tf.tensor1d(Array.from(variance), "float32"), tf.scalar(count, "int32")];
    this.mean.write(values[0]!);
    this.variance.write(values[1]!);
    this.count.write(values[2]!);
    tf.dispose(values);
  }

  override getConfig(): tf.serialization.ConfigDict {
    // The statistics live in the weights, so a saved model keeps adapted values without them here.
    return {
      ...super.getConfig(),
      axis: this.axis,
      invert: this.invert,
      mean: this.initialMean,
      variance: this.initialVariance,
    };
  }
}

/** A non-negative axis index for a tensor of `rank` dimensions. */
function resolveAxis(axis: number, rank: number): number {
  const resolved = axis < 0 ? axis + rank : axis;
  if (resolved < 0 || resolved >= rank) throw new Error(`MfgNormalization: axis ${axis} is out of range for rank ${rank}`);
  return resolved;
}

/** [1, …, C, …, 1]: the statistics' shape broadcast against an input of shape `shape`. */
function broadcastShape(axis: number, shape: readonly number[]): number[] {
  const resolved = resolveAxis(axis, shape.length);
  return shape.map((d, i) => (i === resolved ? d : 1));
}

type Initializer = ReturnType<typeof tf.initializers.zeros>;

/** An initializer that fills a [C] weight with given values (one number broadcasts). */
function constantInitializer(values: number[], features: number, what: string): Initializer {
  const filled = values.length === 1 ? new Array<number>(features).fill(values[0]!) : values;
  if (filled.length !== features) throw new Error(`MfgNormalization: ${what} has ${values.length} values for ${features} features`);
  // tfjs has no public "from values" initializer; a zeros initializer whose apply returns the values.
  const init = tf.initializers.zeros();
  init.apply = () => tf.tensor1d(filled, "float32");
  return init;
}

tf.serialization.registerClass(MfgNormalization);
