/**
 * `MfgDepthwiseConv2D`: Keras's `DepthwiseConv2D` with `dilation_rate` > 1. tfjs-layers 4.22's layer
 * ignores the dilation in its forward pass, and the cpu backend's depthwise gradients ignore it too, so
 * this layer never asks a depthwise kernel to dilate: it uses TensorFlow's own atrous rewrite
 * (`tf.nn.with_space_to_batch`) — space-to-batch by the dilation, an undilated `valid` depthwise
 * convolution, batch-to-space back — whose every step has a correct gradient on every backend.
 * Padding follows TensorFlow (`same`: the dilated kernel's pad, the larger half after). Strides are 1
 * (Keras refuses strides > 1 with dilation > 1).
 * Weights as Keras: depthwise_kernel [kh, kw, channels, multiplier], bias [channels·multiplier].
 *
 * Imports only `@tensorflow/tfjs` and sibling files of this folder, so generated code may copy them.
 */
import * as tf from "@tensorflow/tfjs";
import { activationFunction } from "./activation-functions.js";
import { createInitializer, deriveSeed } from "./initializers.js";

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = (number | null)[];
type Kwargs = Record<string, unknown>;

/** Configuration (tfjs camelCase keys, Keras meanings). */
export interface MfgDepthwiseConv2DArgs extends LayerArgs {
  kernelSize: [number, number];
  dilationRate: [number, number];
  depthMultiplier?: number;
  padding?: "valid" | "same";
  /** Keras activation name (default `linear`). */
  activation?: string;
  useBias?: boolean;
  depthwiseInitializer?: string;
  biasInitializer?: string;
  seed?: number | null;
}

/**
 * TensorFlow's `required_space_to_batch_paddings` for one axis: the convolution's own padding
 * (`before`, `after`), plus zeros at the end so the padded length divides by the block (`extra`, cropped
 * off again after batch-to-space).
 */
export function atrousPadding(size: number, kernel: number, dilation: number, padding: "valid" | "same"): { before: number; after: number; extra: number } {
  const span = (kernel - 1) * dilation + 1;
  const total = padding === "same" ? span - 1 : 0;
  const before = Math.floor(total / 2);
  const after = total - before;
  const extra = (dilation - ((size + before + after) % dilation)) % dilation;
  return { before, after: after + extra, extra };
}

/** A depthwise 2-D convolution with dilation, computed by space-to-batch. */
export class MfgDepthwiseConv2D extends tf.layers.Layer {
  static className = "MfgDepthwiseConv2D";

  readonly kernelSize: [number, number];
  readonly dilationRate: [number, number];
  readonly depthMultiplier: number;
  readonly padding: "valid" | "same";
  readonly activation: string;
  readonly useBias: boolean;
  readonly depthwiseInitializer: string;
  readonly biasInitializer: string;
  readonly seed: number | null;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: MfgDepthwiseConv2DArgs) {
    super(args);
    this.kernelSize = [args.kernelSize[0], args.kernelSize[1]];
    this.dilationRate = [args.dilationRate[0], args.dilationRate[1]];
    this.depthMultiplier = args.depthMultiplier ?? 1;
    this.padding = args.padding ?? "valid";
    this.activation = args.activation ?? "linear";
    activationFunction(this.activation);
    this.useBias = args.useBias ?? true;
    this.depthwiseInitializer = args.depthwiseInitializer ?? "glorotUniform";
    this.biasInitializer = args.biasInitializer ?? "zeros";
    this.seed = args.seed ?? null;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const channels = shape[3];
    if (channels == null) throw new Error("MfgDepthwiseConv2D: the channel count must be known");
    const [kh, kw] = this.kernelSize;
    const init = (name: string, i: number) => createInitializer(name, deriveSeed(this.seed, i), "MfgDepthwiseConv2D");
    this.kernel = this.addWeight("depthwise_kernel", [kh, kw, channels, this.depthMultiplier], "float32", init(this.depthwiseInitializer, 0));
    if (this.useBias) this.bias = this.addWeight("bias", [channels * this.depthMultiplier], "float32", init(this.biasInitializer, 1));
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const len = (d: number | null | undefined, i: 0 | 1): number | null => {
      if (d == null) return null;
      return this.padding === "same" ? d : d - (this.kernelSize[i] - 1) * this.dilationRate[i];
    };
    return [s[0] ?? null, len(s[1], 0), len(s[2], 1), s[3] == null ? null : s[3] * this.depthMultiplier];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      const h = atrousPadding(x.shape[1], this.kernelSize[0], this.dilationRate[0], this.padding);
      const w = atrousPadding(x.shape[2], this.kernelSize[1], this.dilationRate[1], this.padding);
      const blocks = tf.spaceToBatchND(x, this.dilationRate, [[h.before, h.after], [w.before, w.after]]) as tf.Tensor4D;
      const conv = tf.depthwiseConv2d(blocks, this.kernel!.read() as tf.Tensor4D, 1, "valid");
      let y: tf.Tensor = tf.batchToSpaceND(conv, this.dilationRate, [[0, h.extra], [0, w.extra]]);
      if (this.bias !== null) y = tf.add(y, this.bias.read());
      return activationFunction(this.activation)(y);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      kernelSize: this.kernelSize,
      dilationRate: this.dilationRate,
      depthMultiplier: this.depthMultiplier,
      padding: this.padding,
      activation: this.activation,
      useBias: this.useBias,
      depthwiseInitializer: this.depthwiseInitializer,
      biasInitializer: this.biasInitializer,
      seed: this.seed,
    };
  }
}

tf.serialization.registerClass(MfgDepthwiseConv2D);
