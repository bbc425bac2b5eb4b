/**
 * `MfgPositionalEncoding`: adds position information to a sequence `[batch, seq, d]`.
 *
 * - `sinusoidal` (no weights): the Vaswani et al. table, interleaved as in keras-hub's
 *   `SinePositionEncoding`: PE[p, 2i] = sin(p / w^(2i/d)), PE[p, 2i+1] = cos(p / w^(2i/d)),
 *   with w = `maxWavelength` (10000).
 * - `learned`: one trainable row per position, weight `embeddings` [maxLength, d], as keras-hub's
 *   `PositionEmbedding` (glorot_uniform by default).
 *
 * Unlike the keras-hub layers (which return only the encoding), this layer returns `x + PE`, the way
 * a Transformer encoder uses it. The sequence length may vary between calls up to `maxLength`; the
 * first `seq` rows are used (a `slice`, whose gradient is a pad, so no gather/segment-sum kernels).
 * Padding masks pass through unchanged.
 *
 * Imports only `@tensorflow/tfjs` and sibling files of this folder, so generated code may copy them.
 */
import * as tf from "@tensorflow/tfjs";
import { createInitializer } from "./initializers.js";

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = (number | null)[];
type Kwargs = Record<string, unknown>;

/** How positions are encoded. */
export type PositionalEncodingMode = "sinusoidal" | "learned";

/** Configuration (tfjs camelCase keys). */
export interface MfgPositionalEncodingArgs extends LayerArgs {
  /** `sinusoidal` (fixed table) or `learned` (trainable table). */
  mode: PositionalEncodingMode;
  /** Longest sequence the layer accepts; the learned table has this many rows. Required for
   *  `learned`; `null` (sinusoidal only): any length. */
  maxLength?: number | null;
  /** Base of the sinusoid wavelengths (default 10000). */
  maxWavelength?: number;
  /** tfjs initializer name for the learned table (default `glorotUniform`). */
  embeddingsInitializer?: string;
  /** Seed for the learned table's initializer; `null`: unseeded. */
  seed?: number | null;
}

/** Adds a sinusoidal or learned positional encoding to its input; see the file comment. */
export class MfgPositionalEncoding extends tf.layers.Layer {
  static className = "MfgPositionalEncoding";

  readonly mode: PositionalEncodingMode;
  readonly maxLength: number | null;
  readonly maxWavelength: number;
  readonly embeddingsInitializer: string;
  readonly seed: number | null;

  private embeddings: tf.LayerVariable | null = null;
  /** The last sinusoid table's numbers, so repeated calls with one length skip the trigonometry. */
  private cachedTable: { seqLen: number; d: number; values: Float32Array } | null = null;

  constructor(args: MfgPositionalEncodingArgs) {
    super(args);
    if (args.mode !== "sinusoidal" && args.mode !== "learned") {
      throw new Error(`MfgPositionalEncoding: mode must be 'sinusoidal' or 'learned', got '${String(args.mode)}'`);
    }
    this.mode = args.mode;
    this.maxLength = args.maxLength ?? null;
    if (this.mode === "learned" && this.maxLength === null) {
      throw new Error("MfgPositionalEncoding: mode 'learned' needs maxLength (one row per position)");
    }
    this.maxWavelength = args.maxWavelength ?? 10000;
    this.embeddingsInitializer = args.embeddingsInitializer ?? "glorotUniform";
    this.seed = args.seed ?? null;
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const d = shape[shape.length - 1];
    if (d == null) throw new Error("MfgPositionalEncoding: the last dimension must be known");
    if (this.mode === "learned") {
      this.embeddings = this.addWeight("embeddings", [this.maxLength!, d], "float32", createInitializer(this.embeddingsInitializer, this.seed === null ? undefined : this.seed === 0 ? 1 : this.seed, "MfgPositionalEncoding"));
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const seqLen = x.shape[x.rank - 2]!;
      const d = x.shape[x.rank - 1]!;
      if (this.maxLength !== null && seqLen > this.maxLength) {
        throw new Error(`MfgPositionalEncoding: sequence length ${seqLen} exceeds maxLength ${this.maxLength}`);
      }
      const table = this.embeddings === null
        ? tf.tensor2d(this.sinusoidValues(seqLen, d), [seqLen, d])
        : tf.slice(this.embeddings.read(), [0, 0], [seqLen, d]);
      return tf.add(x, table); // [seq, d] broadcasts over the batch
    });
  }

  private sinusoidValues(seqLen: number, d: number): Float32Array {
    const cached = this.cachedTable;
    if (cached !== null && cached.seqLen === seqLen && cached.d === d) return cached.values;
    const values = sinusoidValues(seqLen, d, this.maxWavelength);
    this.cachedTable = { seqLen, d, values };
    return values;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      mode: this.mode,
      maxLength: this.maxLength,
      maxWavelength: this.maxWavelength,
      embeddingsInitializer: this.embeddingsInitializer,
      seed: this.seed,
    };
  }
}

/** The [seqLen, d] sinusoid table, row-major: even columns sin, odd columns cos, one frequency per pair. */
export function sinusoidValues(seqLen: number, d: number, maxWavelength = 10000): Float32Array {
  const values = new Float32Array(seqLen * d);
  for (let p = 0; p < seqLen; p++) {
    for (let i = 0; i < d; i++) {
      const angle = p / Math.pow(maxWavelength, (2 * Math.floor(i / 2)) / d);
      values[p * d + i] = i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return values;
}

tf.serialization.registerClass(MfgPositionalEncoding);
