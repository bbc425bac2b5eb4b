/**
 * `MfgConv2DTranspose`: Keras's `Conv2DTranspose` with `output_padding`, which tfjs-layers 4.22's layer
 * lacks. Output size per axis (Keras `deconv_output_length`): `(in − 1)·stride + kernel − 2·pad +
 * output_padding` with pad = kernel // 2 for `same` and 0 for `valid`. Computed as TensorFlow does —
 * `conv2d_transpose` with that output shape and the padding mode — so the extra rows sit at the end.
 * Weights as Keras: kernel [kh, kw, filters, in_channels], bias [filters].
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
export interface MfgConv2DTransposeArgs extends LayerArgs {
  filters: number;
  kernelSize: [number, number];
  strides?: [number, number];
  padding?: "valid" | "same";
  /** Extra rows/columns at the end of each axis; each smaller than its stride. */
  outputPadding: [number, number];
  /** Keras activation name (default `linear`). */
  activation?: string;
  useBias?: boolean;
  kernelInitializer?: string;
  biasInitializer?: string;
  seed?: number | null;
}

/** Keras's output length of a transposed convolution with `output_padding` (see the file comment). */
export function transposedLength(input: number, kernel: number, stride: number, padding: "valid" | "same", outputPadding: number): number {
  const pad = padding === "same" ? Math.floor(kernel / 2) : 0;
  return (input - 1) * stride + kernel - 2 * pad + outputPadding;
}

/** A transposed 2-D convolution with Keras's `output_padding`. */
export class MfgConv2DTranspose extends tf.layers.Layer {
  static className = "MfgConv2DTranspose";

  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: "valid" | "same";
  readonly outputPadding: [number, number];
  readonly activation: string;
  readonly useBias: boolean;
  readonly kernelInitializer: string;
  readonly biasInitializer: string;
  readonly seed: number | null;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: MfgConv2DTransposeArgs) {
    super(args);
    this.filters = args.filters;
    this.kernelSize = [args.kernelSize[0], args.kernelSize[1]];
    this.strides = args.strides === undefined ? [1, 1] : [args.strides[0], args.strides[1]];
    this.padding = args.padding ?? "valid";
    this.outputPadding = [args.outputPadding[0], args.outputPadding[1]];
    this.activation = args.activation ?? "linear";
    activationFunction(this.activation);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = args.kernelInitializer ?? "glorotUniform";
    this.biasInitializer = args.biasInitializer ?? "zeros";
    this.seed = args.seed ?? null;
    if (this.outputPadding.some((p, i) => p >= this.strides[i]!)) throw new Error("MfgConv2DTranspose: output_padding must be smaller than the strides");
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const channels = shape[3];
    if (channels == null) throw new Error("MfgConv2DTranspose: the channel count must be known");
    const [kh, kw] = this.kernelSize;
    this.kernel = this.addWeight("kernel", [kh, kw, this.filters, channels], "float32", createInitializer(this.kernelInitializer, deriveSeed(this.seed, 0), "MfgConv2DTranspose"));
    if (this.useBias) this.bias = this.addWeight("bias", [this.filters], "float32", createInitializer(this.biasInitializer, deriveSeed(this.seed, 1), "MfgConv2DTranspose"));
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const len = (d: number | null | undefined, i: 0 | 1) => (d == null ? null : transposedLength(d, this.kernelSize[i], this.strides[i], this.padding, this.outputPadding[i]));
    return [s[0] ?? null, len(s[1], 0), len(s[2], 1), this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      const [b, h, w] = x.shape;
      const out: [number, number, number, number] = [b, transposedLength(h, this.kernelSize[0], this.strides[0], this.padding, this.outputPadding[0]), transposedLength(w, this.kernelSize[1], this.strides[1], this.padding, this.outputPadding[1]), this.filters];
      let y: tf.Tensor = tf.conv2dTranspose(x, this.kernel!.read() as tf.Tensor4D, out, this.strides, this.padding);
      if (this.bias !== null) y = tf.add(y, this.bias.read());
      return activationFunction(this.activation)(y);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      outputPadding: this.outputPadding,
      activation: this.activation,
      useBias: this.useBias,
      kernelInitializer: this.kernelInitializer,
      biasInitializer: this.biasInitializer,
      seed: this.seed,
    };
  }
}

tf.serialization.registerClass(MfgConv2DTranspose);
