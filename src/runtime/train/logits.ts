/**
 * Keras computes cross-entropy from the logits when a model output's last op is a softmax or a sigmoid
 * (keras/src/backend/tensorflow/nn.py `_get_logits`: the `_keras_logits` that `keras.activations.softmax`
 * and `sigmoid` cache on their result, or the op's input in graph mode, which `fit` always is). The loss
 * is then exact where a probability underflows, and its gradient `p − y` never vanishes in the
 * [ε, 1 − ε] clip. tfjs has no such hook, so the forward pass here runs with those output activations
 * deferred, applies them itself (the same tfjs ops the layers would apply), and returns both.
 */
import * as tf from "@tensorflow/tfjs";
import type { OutputLogits } from "./losses.js";

/** The two members of a tfjs activation that Dense, Conv and Activation layers call. */
interface ActivationLike {
  getClassName(): string;
  apply(x: tf.Tensor, axis?: number): tf.Tensor;
}

/** A tfjs layer seen through the private `activation` field the layers below own. */
interface LayerWithActivation {
  activation?: ActivationLike;
}

/** tfjs layers whose `call` ends by applying `this.activation` to everything it computed. */
const ACTIVATION_LAST = new Set(["Dense", "Activation", "Conv1D", "Conv2D", "Conv3D"]);

/**
 * Output layers whose activation can be deferred: softmax or sigmoid applied last, and the layer's result
 * used nowhere but as the output (no other layer consumes it; tfjs refuses one tensor as two outputs).
 */
function deferrable(model: tf.LayersModel): (tf.layers.Layer | null)[] {
  return model.outputs.map((o) => {
    const layer = o.sourceLayer as tf.layers.Layer;
    const kind = (layer as unknown as LayerWithActivation).activation?.getClassName();
    const alone = layer.outboundNodes.length === 0;
    return alone && ACTIVATION_LAST.has(layer.getClassName()) && (kind === "softmax" || kind === "sigmoid") ? layer : null;
  });
}

/**
 * `model.apply(inputs, {training})` that also returns, per output, the logits of a softmax/sigmoid output
 * layer (null for other outputs). Outputs are `[batch, …]` tensors as `model.apply` returns them,
 * numerically the same; call inside a tidy or gradient scope, which owns every tensor returned.
 */
export function applyWithLogits(model: tf.LayersModel, inputs: tf.Tensor | tf.Tensor[], training: boolean): { outputs: tf.Tensor[]; logits: (OutputLogits | null)[] } {
  const layers = deferrable(model);
  const saved = layers.map((l) => (l === null ? null : (l as unknown as LayerWithActivation).activation!));
  // The identity in place of the deferred activations (made per call, not at module load, so mutation
  // testing can swap it like any other code).
  const linear: ActivationLike = { getClassName: () => "linear", apply: (x) => x };
  layers.forEach((l) => {
    if (l !== null) (l as unknown as LayerWithActivation).activation = linear;
  });
  let raw: tf.Tensor | tf.Tensor[];
  try {
    raw = model.apply(inputs, { training }) as tf.Tensor | tf.Tensor[];
  } finally {
    layers.forEach((l, k) => {
      if (l !== null) (l as unknown as LayerWithActivation).activation = saved[k]!;
    });
  }
  const outs = Array.isArray(raw) ? raw : [raw];
  const logits: (OutputLogits | null)[] = [];
  const outputs = outs.map((z, k) => {
    const activation = saved[k]?.getClassName();
    if (activation !== "softmax" && activation !== "sigmoid") {
      logits.push(null);
      return z;
    }
    logits.push({ activation, logits: z });
    return saved[k]!.apply(z);
  });
  return { outputs, logits };
}
