/**
 * `MfgActivation`: an element-wise Keras activation as a layer, for the cases tfjs's own layers do not
 * cover with Keras's meaning — Keras 3's `hard_sigmoid`, `log_softmax`, `relu` with `negative_slope` or
 * `threshold` (keras.layers.ReLU), and `leaky_relu`/`elu` on a masked sequence (tfjs's LeakyReLU and ELU
 * layers drop padding masks; this layer passes them on, as Keras's do). No weights.
 *
 * Imports only `@tensorflow/tfjs` and its sibling `activation-functions.ts`, so generated code may copy both.
 */
import * as tf from "@tensorflow/tfjs";
import { activationFunction, type ActivationParams } from "./activation-functions.js";

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = (number | null)[];
type Kwargs = Record<string, unknown>;

/** Configuration: the activation's Keras name and its parameters (see {@link ActivationParams}). */
export interface MfgActivationArgs extends LayerArgs, ActivationParams {
  /** Keras snake_case (or tfjs camelCase) activation name, e.g. `hard_sigmoid`. */
  activation: string;
}

/** Applies one activation function element-wise; the padding mask passes through. */
export class MfgActivation extends tf.layers.Layer {
  static className = "MfgActivation";

  readonly activation: string;
  readonly params: ActivationParams;
  private readonly fn: (x: tf.Tensor) => tf.Tensor;

  constructor(args: MfgActivationArgs) {
    super(args);
    this.activation = args.activation;
    this.params = {
      ...(args.alpha === undefined ? {} : { alpha: args.alpha }),
      ...(args.maxValue === undefined ? {} : { maxValue: args.maxValue }),
      ...(args.negativeSlope === undefined ? {} : { negativeSlope: args.negativeSlope }),
      ...(args.threshold === undefined ? {} : { threshold: args.threshold }),
      ...(args.axis === undefined ? {} : { axis: args.axis }),
    };
    // Fail at construction, not at the first call, on an unknown name.
    this.fn = activationFunction(this.activation, this.params);
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => this.fn(Array.isArray(inputs) ? inputs[0]! : inputs));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), activation: this.activation, ...this.params };
  }
}

tf.serialization.registerClass(MfgActivation);
