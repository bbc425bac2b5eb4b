/**
 * Grad-CAM (Selvaraju et al., "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based
 * Localization", ICCV 2017): for the last 2-D convolution's feature maps Aᵏ and a class score yᶜ taken
 * before the softmax,
 *
 *   αᵏ = (1/Z) Σᵢⱼ ∂yᶜ/∂Aᵏᵢⱼ,     L = ReLU(Σₖ αᵏ Aᵏ)
 *
 * at the convolution's resolution. Asynchronous tensor reads only.
 */
import * as tf from "@tensorflow/tfjs";
import { executeLayers } from "./execute.js";
import { pushAll } from "../util/arrays.js";

const CONV_CLASSES = new Set(["Conv2D", "SeparableConv2D", "DepthwiseConv2D"]);

interface InboundNode {
  readonly inboundLayers: readonly tf.layers.Layer[];
}

/** Names of the layers `layer` depends on (itself included). */
function ancestors(layer: tf.layers.Layer): Set<string> {
  const seen = new Set<string>();
  const stack = [layer];
  while (stack.length > 0) {
    const l = stack.pop()!;
    if (seen.has(l.name)) continue;
    seen.add(l.name);
    const nodes = (l as unknown as { inboundNodes: readonly InboundNode[] }).inboundNodes;
    pushAll(stack, nodes[0]?.inboundLayers ?? []);
  }
  return seen;
}

/** The last 2-D convolution feeding `outputLayer`, or null for a model without one. */
export function lastConvLayer(model: tf.LayersModel, outputLayer: string): tf.layers.Layer | null {
  const feeding = ancestors(model.getLayer(outputLayer));
  const convs = model.layers.filter((l) => CONV_CLASSES.has(l.getClassName()) && feeding.has(l.name));
  return convs[convs.length - 1] ?? null;
}

/** Whether a layer ends in a softmax (its class score is then taken before it). */
function endsInSoftmax(layer: tf.layers.Layer): boolean {
  const config = layer.getConfig() as { activation?: unknown };
  return config.activation === "softmax";
}

export interface GradCamResult {
  readonly layer: string;
  /** `[h][w]` at the convolution's resolution, ≥ 0. */
  readonly map: number[][];
}

/**
 * Grad-CAM of unit `unit` of layer `outputLayer` for one input sample `x` (batch dimension included,
 * size 1) fed to input layer `inputName`. Null when no 2-D convolution feeds the output.
 */
export async function gradCam(model: tf.LayersModel, inputName: string, x: tf.Tensor, outputLayer: string, unit: number): Promise<GradCamResult | null> {
  const conv = lastConvLayer(model, outputLayer);
  if (conv === null) return null;
  const inputs = new Map([[inputName, x]]);
  const out = model.getLayer(outputLayer);
  const preActivation = endsInSoftmax(out) ? new Set([outputLayer]) : new Set<string>();
  const cam = tf.tidy(() => {
    const a = executeLayers(model, inputs, { outputs: [conv.name] })[0]!;
    const score = (features: tf.Tensor): tf.Scalar => {
      const y = executeLayers(model, inputs, { replace: new Map([[conv.name, features]]), outputs: [outputLayer], preActivation })[0]!;
      return tf.sum(tf.gather(y.reshape([y.shape[0]!, -1]), [unit], 1));
    };
    const grads = tf.grad(score)(a);
    const alphas = tf.mean(grads, [1, 2]);
    return tf.relu(tf.sum(tf.mul(a, alphas.reshape([1, 1, 1, -1])), -1)).squeeze([0]);
  });
  const [h, w] = cam.shape as [number, number];
  const values = await cam.data();
  cam.dispose();
  const map: number[][] = [];
  for (let i = 0; i < h; i++) map.push(Array.from(values.subarray(i * w, (i + 1) * w)));
  return { layer: conv.name, map };
}
