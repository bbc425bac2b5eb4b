/**
 * `MfgGRU`: Keras's `GRU` for TensorFlow.js, both variants.
 *
 * tfjs 4.22's GRU throws on `resetAfter: true`, which is Keras's default (GRU(32) on 14 features:
 * 4,608 parameters in Keras, 4,512 in tfjs's only mode). This layer owns Keras's weights directly:
 *   kernel [features, 3*units], recurrent_kernel [units, 3*units],
 *   bias [2, 3*units] (row 0 input bias, row 1 recurrent bias) with `resetAfter`, else [3*units].
 * Gate order inside each 3*units block is Keras's: update z, reset r, candidate h.
 *
 *   z  = σ(x·Wz + bz + h·Uz + b'z)          r = σ(x·Wr + br + h·Ur + b'r)
 *   resetAfter:  ĥ = tanh(x·Wh + bh + r ⊙ (h·Uh + b'h))
 *   otherwise:   ĥ = tanh(x·Wh + bh + (r ⊙ h)·Uh)
 *   h' = z ⊙ h + (1 − z) ⊙ ĥ
 *
 * The input projection is one 2-D `matMul` for all time steps; each step is 2-D `matMul`s only.
 * `dropout` (inputs) and `recurrentDropout` (the state entering the recurrent product) use one mask
 * per sequence, as Keras. A padding mask keeps the previous state (and output) at masked steps.
 * With `goBackwards`, the sequence is read last-to-first and `returnSequences` outputs come in that
 * reading order, as Keras — which is what tfjs's Bidirectional expects (see `MfgBidirectional`).
 *
 * Imports only `@tensorflow/tfjs` and sibling files of this folder, so generated code may copy them.
 */
import * as tf from "@tensorflow/tfjs";
import { createInitializer, deriveSeed } from "./initializers.js";
import { activationFunction } from "./activation-functions.js";

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = (number | null)[];
type Kwargs = Record<string, unknown>;

/** Configuration; keys mirror Keras's GRU arguments in tfjs's camelCase. */
export interface MfgGRUArgs extends LayerArgs {
  units: number;
  /** Candidate activation (default `tanh`); any name of the op catalog's activation list. */
  activation?: string;
  /** Gate activation (default `sigmoid`, as Keras; tfjs's own GRU defaults to hardSigmoid). */
  recurrentActivation?: string;
  useBias?: boolean;
  /** Keras 2/3 default true: separate input and recurrent biases, reset gate after the product. */
  resetAfter?: boolean;
  /** Return the whole sequence `[batch, time, units]` instead of the last state (default false). */
  returnSequences?: boolean;
  /** Read the sequence last-to-first (default false). */
  goBackwards?: boolean;
  /** Dropout rate on the inputs, training only (default 0). */
  dropout?: number;
  /** Dropout rate on the recurrent state, training only (default 0). */
  recurrentDropout?: number;
  /** tfjs initializer names (defaults as Keras: glorotUniform, orthogonal, zeros). */
  kernelInitializer?: string;
  recurrentInitializer?: string;
  biasInitializer?: string;
  /** Seed for the initializers; each weight derives its own. `null`: unseeded. */
  seed?: number | null;
}

/** Keras GRU (either `reset_after` mode) with Keras's weight layout; see the file comment. */
export class MfgGRU extends tf.layers.Layer {
  static className = "MfgGRU";

  readonly units: number;
  readonly activation: string;
  readonly recurrentActivation: string;
  readonly useBias: boolean;
  readonly resetAfter: boolean;
  readonly returnSequences: boolean;
  readonly goBackwards: boolean;
  /** Always false; read by `tf.layers.bidirectional`. */
  readonly returnState = false;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly kernelInitializer: string;
  readonly recurrentInitializer: string;
  readonly biasInitializer: string;
  readonly seed: number | null;

  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: MfgGRUArgs) {
    super(args);
    this.units = args.units;
    this.activation = args.activation ?? "tanh";
    this.recurrentActivation = args.recurrentActivation ?? "sigmoid";
    // Fail at construction, not at the first call, on an unsupported activation name.
    activationFunction(this.activation);
    activationFunction(this.recurrentActivation);
    this.useBias = args.useBias ?? true;
    this.resetAfter = args.resetAfter ?? true;
    this.returnSequences = args.returnSequences ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.dropout = args.dropout ?? 0;
    this.recurrentDropout = args.recurrentDropout ?? 0;
    this.kernelInitializer = args.kernelInitializer ?? "glorotUniform";
    this.recurrentInitializer = args.recurrentInitializer ?? "orthogonal";
    this.biasInitializer = args.biasInitializer ?? "zeros";
    this.seed = args.seed ?? null;
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const features = shape[shape.length - 1];
    if (features == null) throw new Error("MfgGRU: the feature dimension must be known");
    const u = this.units;
    // tfjs's Bidirectional builds both directions from one config (same seed): the backward layer
    // takes other seeds so the two directions do not start identical, as in Keras.
    const first = this.goBackwards ? 3 : 0;
    this.kernel = this.addWeight("kernel", [features, 3 * u], "float32", createInitializer(this.kernelInitializer, deriveSeed(this.seed, first), "MfgGRU"));
    this.recurrentKernel = this.addWeight("recurrent_kernel", [u, 3 * u], "float32", createInitializer(this.recurrentInitializer, deriveSeed(this.seed, first + 1), "MfgGRU"));
    if (this.useBias) {
      const biasShape = this.resetAfter ? [2, 3 * u] : [3 * u];
      this.bias = this.addWeight("bias", biasShape, "float32", createInitializer(this.biasInitializer, deriveSeed(this.seed, first + 2), "MfgGRU"));
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    return this.returnSequences ? [shape[0] ?? null, shape[1] ?? null, this.units] : [shape[0] ?? null, this.units];
  }

  /** A sequence output keeps the time steps' padding mask; a last-state output has none. */
  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const m = Array.isArray(mask) ? mask[0] : mask;
    return (this.returnSequences ? (m ?? null) : null) as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      let x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [batch, time, features] = x.shape as [number, number, number];
      const u = this.units;
      const training = kwargs["training"] === true;
      const rawMask = Array.isArray(kwargs["mask"]) ? (kwargs["mask"] as tf.Tensor[])[0] : (kwargs["mask"] as tf.Tensor | undefined);
      let mask = rawMask == null ? null : tf.cast(tf.reshape(rawMask, [batch, time, 1]), "float32");
      if (this.goBackwards) {
        x = tf.reverse(x, 1);
        if (mask !== null) mask = tf.reverse(mask, 1);
      }
      if (training && this.dropout > 0) {
        x = tf.mul(x, tf.reshape(tf.dropout(tf.ones([batch, features]), this.dropout), [batch, 1, features]));
      }
      const recurrentMask = training && this.recurrentDropout > 0 ? tf.dropout(tf.ones([batch, u]), this.recurrentDropout) : null;

      const biasValue = this.bias === null ? null : this.bias.read();
      const [inputBias, recurrentBias] = biasValue === null ? [null, null]
        : this.resetAfter ? tf.unstack(biasValue) : [biasValue, null];
      // All steps' input projections at once: [batch*time, features] x [features, 3u].
      let xProj = tf.reshape(tf.matMul(tf.reshape(x, [batch * time, features]), this.kernel!.read()), [batch, time, 3 * u]);
      if (inputBias != null) xProj = tf.add(xProj, inputBias);
      const steps = tf.unstack(xProj, 1);
      const maskSteps = mask === null ? null : tf.unstack(mask, 1);

      const recurrent = this.recurrentKernel!.read();
      // reset_after=false multiplies r ⊙ h by the candidate block alone, so split the kernel once.
      const [recurrentZR, recurrentH] = this.resetAfter ? [null, null] : tf.split(recurrent, [2 * u, u], 1);
      const act = activationFunction(this.activation);
      const gate = activationFunction(this.recurrentActivation);

      let h: tf.Tensor = tf.zeros([batch, u]);
      const outputs: tf.Tensor[] = [];
      for (let t = 0; t < time; t++) {
        const [xz, xr, xh] = tf.split(steps[t]!, 3, 1);
        const hIn = recurrentMask === null ? h : tf.mul(h, recurrentMask);
        let z: tf.Tensor;
        let candidate: tf.Tensor;
        if (this.resetAfter) {
          let rec = tf.matMul(hIn, recurrent);
          if (recurrentBias != null) rec = tf.add(rec, recurrentBias);
          const [rz, rr, rh] = tf.split(rec, 3, 1);
          z = gate(tf.add(xz!, rz!));
          const r = gate(tf.add(xr!, rr!));
          candidate = act(tf.add(xh!, tf.mul(r, rh!)));
        } else {
          const [rz, rr] = tf.split(tf.matMul(hIn, recurrentZR!), 2, 1);
          z = gate(tf.add(xz!, rz!));
          const r = gate(tf.add(xr!, rr!));
          candidate = act(tf.add(xh!, tf.matMul(tf.mul(r, hIn), recurrentH!)));
        }
        let next = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), candidate));
        if (maskSteps !== null) {
          // Masked step: keep the previous state (and so repeat the previous output).
          const m = maskSteps[t]!;
          next = tf.add(tf.mul(m, next), tf.mul(tf.sub(1, m), h));
        }
        h = next;
        if (this.returnSequences) outputs.push(h);
      }
      return this.returnSequences ? tf.stack(outputs, 1) : h;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation,
      recurrentActivation: this.recurrentActivation,
      useBias: this.useBias,
      resetAfter: this.resetAfter,
      returnSequences: this.returnSequences,
      goBackwards: this.goBackwards,
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      kernelInitializer: this.kernelInitializer,
      recurrentInitializer: this.recurrentInitializer,
      biasInitializer: this.biasInitializer,
      seed: this.seed,
    };
  }
}

tf.serialization.registerClass(MfgGRU);
