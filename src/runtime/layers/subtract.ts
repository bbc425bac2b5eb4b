/**
 * `MfgSubtract`: Keras's `Subtract` merge layer (`a − b` for exactly two inputs of one shape), which
 * tfjs-layers 4.22 lacks (it has add, average, concatenate, maximum, minimum, multiply, dot).
 * No weights. Padding masks combine as in Keras 3's merge layers (see `elementwiseMergeMask`).
 *
 * Imports only `@tensorflow/tfjs` and its sibling `merge.ts`, so generated code may copy both.
 */
import * as tf from "@tensorflow/tfjs";
import { elementwiseMergeMask } from "./merge.js";

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = (number | null)[];
type Kwargs = Record<string, unknown>;

/** Configuration: only the common layer arguments (name, …). */
export type MfgSubtractArgs = LayerArgs;

/** Element-wise `inputs[0] − inputs[1]`. */
export class MfgSubtract extends tf.layers.Layer {
  static className = "MfgSubtract";

  constructor(args: MfgSubtractArgs = {}) {
    super(args);
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    if (!Array.isArray(inputShape[0]) || inputShape.length !== 2) {
      throw new Error("MfgSubtract: needs exactly two inputs");
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return (inputShape as Shape[])[0]!;
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return elementwiseMergeMask(mask, 2) as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      if (!Array.isArray(inputs) || inputs.length !== 2) throw new Error("MfgSubtract: needs exactly two inputs");
      return tf.sub(inputs[0]!, inputs[1]!);
    });
  }
}

tf.serialization.registerClass(MfgSubtract);
