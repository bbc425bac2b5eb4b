/**
 * Runs a tfjs LayersModel layer by layer in inference mode, with one layer's output replaced by a given
 * tensor. That makes the rest of the network a differentiable function of an intermediate activation,
 * which Grad-CAM needs (tfjs has no gradient with respect to a symbolic intermediate tensor).
 * mfgc applies every layer exactly once, so each layer has one inbound node.
 */
import type * as tf from "@tensorflow/tfjs";

interface InboundNode {
  readonly inboundLayers: readonly tf.layers.Layer[];
}

function inboundLayers(layer: tf.layers.Layer): readonly tf.layers.Layer[] {
  const nodes = (layer as unknown as { inboundNodes: readonly InboundNode[] }).inboundNodes;
  return nodes[0]?.inboundLayers ?? [];
}

export interface ExecuteOptions {
  /** Layer name → the tensor to use as its output (the layer itself is not run). */
  readonly replace?: ReadonlyMap<string, tf.Tensor>;
  /** Layers whose outputs to return, by name. */
  readonly outputs: readonly string[];
  /** Layers to run without their activation (for scores before a softmax); the value is the activation-free output. */
  readonly preActivation?: ReadonlySet<string>;
}

/** A layer's output before its `activation` (Dense/Conv: matMul/conv plus bias); tfjs exposes `activation` on them. */
function withoutActivation(layer: tf.layers.Layer, inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  const holder = layer as unknown as { activation?: { apply(x: tf.Tensor): tf.Tensor; getClassName(): string } | null };
  const original = holder.activation;
  if (original === undefined || original === null) throw new Error(`internal: layer \`${layer.name}\` has no activation to remove`);
  // Shaped like tfjs's own `Linear` activation (layers ask for its class name to pick a fused kernel).
  holder.activation = { apply: (x: tf.Tensor) => x, getClassName: () => "linear" };
  try {
    return layer.apply(inputs, { training: false }) as tf.Tensor;
  } finally {
    holder.activation = original;
  }
}

/** Outputs of the requested layers for `inputs` (by input layer name). Call inside `tf.tidy`/`tf.grad`. */
export function executeLayers(model: tf.LayersModel, inputs: ReadonlyMap<string, tf.Tensor>, opts: ExecuteOptions): tf.Tensor[] {
  // Input layers by name (a Sequential model may not list its input layer among `layers`).
  const values = new Map<string, tf.Tensor>(inputs);
  for (const layer of model.layers) {
    const replaced = opts.replace?.get(layer.name);
    if (replaced !== undefined) {
      values.set(layer.name, replaced);
      continue;
    }
    if (layer.getClassName() === "InputLayer") {
      if (!values.has(layer.name)) throw new Error(`internal: no value for input \`${layer.name}\``);
      continue;
    }
    const args = inboundLayers(layer).map((l) => {
      const v = values.get(l.name);
      if (v === undefined) throw new Error(`internal: layer \`${layer.name}\` reads \`${l.name}\` before it ran`);
      return v;
    });
    const input = args.length === 1 ? args[0]! : args;
    const out = opts.preActivation?.has(layer.name) === true ? withoutActivation(layer, input) : (layer.apply(input, { training: false }) as tf.Tensor);
    values.set(layer.name, out);
  }
  return opts.outputs.map((name) => {
    const v = values.get(name);
    if (v === undefined) throw new Error(`internal: the model has no layer \`${name}\``);
    return v;
  });
}
