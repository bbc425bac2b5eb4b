/**
 * `MfgMultiHeadAttention`: Keras `MultiHeadAttention` for TensorFlow.js.
 *
 * tfjs 4.22 has no public attention layer (its internal port uses `tf.einsum`, which has no gradient),
 * so this layer owns Keras's eight weights directly, in Keras's order and shapes:
 *   query/kernel [dq, heads, keyDim]   query/bias [heads, keyDim]
 *   key/kernel   [dk, heads, keyDim]   key/bias   [heads, keyDim]
 *   value/kernel [dv, heads, valueDim] value/bias [heads, valueDim]
 *   attention_output/kernel [heads, valueDim, dOut]   attention_output/bias [dOut]
 * Every projection is a 2-D `matMul` on reshaped tensors and the attention itself is a 3-D batched
 * `matMul`, because `einsum` has no gradient and a 3-D-by-2-D `matMul` has a wrong one in tfjs.
 *
 * Inputs: one tensor (self-attention), `[query, value]` or `[query, value, key]` (cross-attention).
 * Padding masks from `Masking`/`Embedding(maskZero)` are honoured: the query mask hides rows and, for
 * self-attention, the same mask hides columns. The output carries the query's mask on.
 *
 * Imports only `@tensorflow/tfjs` and sibling files of this folder, so generated code may copy them.
 */
import * as tf from "@tensorflow/tfjs";
import { createInitializer, deriveSeed } from "./initializers.js";

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = (number | null)[];
type Kwargs = Record<string, unknown>;

/** Configuration; keys mirror Keras's arguments in tfjs's camelCase. */
export interface MfgMultiHeadAttentionArgs extends LayerArgs {
  /** Number of attention heads. */
  numHeads: number;
  /** Size of each head's query and key projection. */
  keyDim: number;
  /** Size of each head's value projection (default: `keyDim`). */
  valueDim?: number | null;
  /** Dropout rate on the attention probabilities, training only (default 0). */
  dropout?: number;
  /** Whether the four projections have biases (default true). */
  useBias?: boolean;
  /** Last dimension of the output (default: the query's last dimension). */
  outputShape?: number | null;
  /** Mask out future positions (query i attends to keys ≤ i), as Keras `use_causal_mask=True`. */
  useCausalMask?: boolean;
  /** tfjs initializer name for the kernels (default `glorotUniform`, as Keras). */
  kernelInitializer?: string;
  /** tfjs initializer name for the biases (default `zeros`, as Keras). */
  biasInitializer?: string;
  /** Seed for the initializers; each weight derives its own. `null`: unseeded. */
  seed?: number | null;
}

/** Keras's large negative logit for masked positions (`_large_negative_number` for float32). */
const MASKED_LOGIT = -1e9;

/** Keras/tfjs multi-head attention with weights in Keras's layout; see the file comment. */
export class MfgMultiHeadAttention extends tf.layers.Layer {
  static className = "MfgMultiHeadAttention";

  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly dropout: number;
  readonly useBias: boolean;
  /** Keras's `output_shape` (the name `outputShape` is taken by tfjs's `Layer`). */
  readonly outputDim: number | null;
  readonly useCausalMask: boolean;
  readonly kernelInitializer: string;
  readonly biasInitializer: string;
  readonly seed: number | null;

  private queryKernel: tf.LayerVariable | null = null;
  private queryBias: tf.LayerVariable | null = null;
  private keyKernel: tf.LayerVariable | null = null;
  private keyBias: tf.LayerVariable | null = null;
  private valueKernel: tf.LayerVariable | null = null;
  private valueBias: tf.LayerVariable | null = null;
  private outputKernel: tf.LayerVariable | null = null;
  private outputBias: tf.LayerVariable | null = null;

  constructor(args: MfgMultiHeadAttentionArgs) {
    super(args);
    this.numHeads = args.numHeads;
    this.keyDim = args.keyDim;
    this.valueDim = args.valueDim ?? args.keyDim;
    this.dropout = args.dropout ?? 0;
    this.useBias = args.useBias ?? true;
    this.outputDim = args.outputShape ?? null;
    this.useCausalMask = args.useCausalMask ?? false;
    this.kernelInitializer = args.kernelInitializer ?? "glorotUniform";
    this.biasInitializer = args.biasInitializer ?? "zeros";
    this.seed = args.seed ?? null;
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    const [queryShape, valueShape, keyShape] = splitShapes(inputShape);
    const dq = lastDim(queryShape, "query");
    const dv = lastDim(valueShape, "value");
    const dk = lastDim(keyShape, "key");
    const dOut = this.outputDim ?? dq;
    const h = this.numHeads;
    let index = 0;
    const kernel = (name: string, shape: number[]): tf.LayerVariable =>
      this.addWeight(name, shape, "float32", createInitializer(this.kernelInitializer, deriveSeed(this.seed, index++), "MfgMultiHeadAttention"));
    const bias = (name: string, shape: number[]): tf.LayerVariable | null =>
      this.useBias ? this.addWeight(name, shape, "float32", createInitializer(this.biasInitializer, deriveSeed(this.seed, index++), "MfgMultiHeadAttention")) : null;
    // Creation order is Keras's weight order (query, key, value, output), which save/load relies on.
    this.queryKernel = kernel("query/kernel", [dq, h, this.keyDim]);
    this.queryBias = bias("query/bias", [h, this.keyDim]);
    this.keyKernel = kernel("key/kernel", [dk, h, this.keyDim]);
    this.keyBias = bias("key/bias", [h, this.keyDim]);
    this.valueKernel = kernel("value/kernel", [dv, h, this.valueDim]);
    this.valueBias = bias("value/bias", [h, this.valueDim]);
    this.outputKernel = kernel("attention_output/kernel", [h, this.valueDim, dOut]);
    this.outputBias = bias("attention_output/bias", [dOut]);
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [queryShape] = splitShapes(inputShape);
    return [...queryShape.slice(0, -1), this.outputDim ?? lastDim(queryShape, "query")];
  }

  /** The output is aligned with the query, so it carries the query's padding mask. */
  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const queryMask = Array.isArray(mask) ? mask[0] : mask;
    return (queryMask ?? null) as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const query = list[0] as tf.Tensor;
      const value = list[1] ?? query;
      const key = list[2] ?? value;
      const [batch, queryLen] = query.shape as number[];
      const valueLen = value.shape[1] as number;
      const h = this.numHeads;

      // Projections [batch*len, d] x [d, heads*dim], then split heads: [batch*heads, len, dim].
      const q = this.splitHeads(this.project(query, this.queryKernel, this.queryBias), batch!, queryLen!, this.keyDim);
      const k = this.splitHeads(this.project(key, this.keyKernel, this.keyBias), batch!, valueLen, this.keyDim);
      const v = this.splitHeads(this.project(value, this.valueKernel, this.valueBias), batch!, valueLen, this.valueDim);

      // Keras scales the query, not the scores; the same up to rounding.
      const scaled = tf.mul(q, 1 / Math.sqrt(this.keyDim));
      let scores = tf.matMul(scaled, k, false, true); // [batch*heads, queryLen, valueLen]
      const mask = this.attentionMask(kwargs["mask"], list.length === 1, batch!, queryLen!, valueLen);
      if (mask !== null) {
        const perHead = tf.reshape(tf.tile(tf.expandDims(mask, 1), [1, h, 1, 1]), [batch! * h, queryLen!, valueLen]);
        scores = tf.where(perHead, scores, tf.fill(scores.shape, MASKED_LOGIT));
      }
      let probs = tf.softmax(scores, -1);
      if (kwargs["training"] === true && this.dropout > 0) {
        probs = tf.dropout(probs, this.dropout);
      }
      const context = tf.matMul(probs, v); // [batch*heads, queryLen, valueDim]

      // Merge heads: [batch, queryLen, heads*valueDim] x [heads*valueDim, dOut].
      const merged = tf.reshape(
        tf.transpose(tf.reshape(context, [batch!, h, queryLen!, this.valueDim]), [0, 2, 1, 3]),
        [batch! * queryLen!, h * this.valueDim],
      );
      const outKernel = this.outputKernel!.read();
      const dOut = outKernel.shape[2]!;
      let out = tf.matMul(merged, tf.reshape(outKernel, [h * this.valueDim, dOut]));
      if (this.outputBias !== null) out = tf.add(out, this.outputBias.read());
      return tf.reshape(out, [batch!, queryLen!, dOut]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      dropout: this.dropout,
      useBias: this.useBias,
      outputShape: this.outputDim,
      useCausalMask: this.useCausalMask,
      kernelInitializer: this.kernelInitializer,
      biasInitializer: this.biasInitializer,
      seed: this.seed,
    };
  }

  /** `x` [batch, len, d] times kernel [d, heads, dim] plus bias [heads, dim], as [batch*len, heads*dim]. */
  private project(x: tf.Tensor, kernel: tf.LayerVariable | null, bias: tf.LayerVariable | null): tf.Tensor {
    const w = kernel!.read();
    const [d, heads, dim] = w.shape as number[];
    const flat = tf.reshape(x, [-1, d!]);
    const projected = tf.matMul(flat, tf.reshape(w, [d!, heads! * dim!]));
    return bias === null ? projected : tf.add(projected, tf.reshape(bias.read(), [heads! * dim!]));
  }

  /** [batch*len, heads*dim] → [batch*heads, len, dim]. */
  private splitHeads(x: tf.Tensor, batch: number, len: number, dim: number): tf.Tensor3D {
    const perHead = tf.transpose(tf.reshape(x, [batch, len, this.numHeads, dim]), [0, 2, 1, 3]);
    return tf.reshape(perHead, [batch * this.numHeads, len, dim]);
  }

  /**
   * Boolean [batch, queryLen, valueLen] mask, or null when nothing is masked. As Keras: the query's
   * padding mask hides rows, the value's hides columns, the causal mask hides the future. tfjs's
   * executor passes only the first input's mask to `call`, so for cross-attention the value's padding
   * mask is known only when a mask list arrives (eager `model.apply`).
   */
  private attentionMask(rawMask: unknown, selfAttention: boolean, batch: number, queryLen: number, valueLen: number): tf.Tensor | null {
    const masks = Array.isArray(rawMask) ? (rawMask as (tf.Tensor | null)[]) : [rawMask as tf.Tensor | null | undefined];
    const queryMask = masks[0] ?? null;
    const valueMask = selfAttention ? queryMask : (masks[1] ?? null);
    const parts: tf.Tensor[] = [];
    if (queryMask !== null) parts.push(tf.reshape(tf.cast(queryMask, "bool"), [batch, queryLen, 1]));
    if (valueMask !== null) parts.push(tf.reshape(tf.cast(valueMask, "bool"), [batch, 1, valueLen]));
    if (this.useCausalMask) {
      // Row i may see columns j <= i (Keras aligns the lower triangle at the top-left corner).
      const rows = tf.reshape(tf.range(0, queryLen, 1, "int32"), [1, queryLen, 1]);
      const cols = tf.reshape(tf.range(0, valueLen, 1, "int32"), [1, 1, valueLen]);
      parts.push(tf.lessEqual(cols, rows));
    }
    if (parts.length === 0) return null;
    return parts.reduce((acc, part) => tf.logicalAnd(acc, part), tf.ones([batch, queryLen, valueLen], "bool"));
  }
}

/** Shapes of query, value and key from one shape (self-attention) or a list of 2 or 3. */
function splitShapes(inputShape: Shape | Shape[]): [Shape, Shape, Shape] {
  if (!Array.isArray(inputShape[0])) {
    const q = inputShape as Shape;
    return [q, q, q];
  }
  const shapes = inputShape as Shape[];
  const q = shapes[0]!;
  const v = shapes[1] ?? q;
  return [q, v, shapes[2] ?? v];
}

function lastDim(shape: Shape, what: string): number {
  const d = shape[shape.length - 1];
  if (d == null) throw new Error(`MfgMultiHeadAttention: the ${what}'s last dimension must be known`);
  return d;
}

tf.serialization.registerClass(MfgMultiHeadAttention);
