/**
 * The arithmetic behind the weight plan, per kernel layout (tfjs, channels last):
 *
 *   dense             kernel            [in, out]            output channel = last axis
 *   conv1d            kernel            [k, cin, cout]       last axis
 *   conv2d            kernel            [kh, kw, cin, cout]  last axis
 *   depthwise_conv2d  depthwise_kernel  [kh, kw, cin, mult]  channel c·mult + m = the last two axes flattened
 *   separable_conv2d  pointwise_kernel  [1, 1, cin·mult, cout] last axis (the depthwise part has no bias)
 *   conv2d_transpose  kernel            [kh, kw, cout, cin]  axis 2
 *
 * Sums and products are done in float64 and rounded once to float32.
 */
import type { FoldTargetOp } from "../ir/passes/inference/plan.js";
import type { LayerWeights, WeightArray } from "./weight-store.js";

/** Which weight holds the output channels, and how a flat element index maps to its output channel. */
interface ChannelLayout {
  readonly key: string;
  readonly channels: number;
  channelOf(index: number): number;
}

function channelLayout(op: FoldTargetOp, weights: LayerWeights): ChannelLayout {
  const key = op === "separable_conv2d" ? "pointwise_kernel" : op === "depthwise_conv2d" ? "depthwise_kernel" : "kernel";
  const w = weights.get(key);
  if (w === undefined) throw new Error(`internal: ${op} has no \`${key}\` weight`);
  const s = w.shape;
  if (op === "conv2d_transpose") {
    const cout = s[2]!;
    const cin = s[3]!;
    return { key, channels: cout, channelOf: (i) => Math.floor(i / cin) % cout };
  }
  const channels = op === "depthwise_conv2d" ? s[2]! * s[3]! : s[s.length - 1]!;
  return { key, channels, channelOf: (i) => i % channels };
}

function weight(weights: LayerWeights, key: string): WeightArray {
  const w = weights.get(key);
  if (w === undefined) throw new Error(`internal: no \`${key}\` weight`);
  return w;
}

/** The layer's bias, or zeros when it was built without one. */
function biasOf(weights: LayerWeights, channels: number): Float64Array {
  const b = weights.get("bias");
  return b === undefined ? new Float64Array(channels) : Float64Array.from(b.values);
}

/**
 * Weights after folding replaced in insertion order (tfjs's order: kernel(s) first, bias last), so a
 * layer that gains a bias lists it last, as the rebuilt layer does.
 */
function withWeights(weights: LayerWeights, replace: Record<string, WeightArray>): LayerWeights {
  const out: LayerWeights = new Map();
  for (const [k, v] of weights) out.set(k, replace[k] ?? v);
  for (const [k, v] of Object.entries(replace)) if (!out.has(k)) out.set(k, v);
  return out;
}

/** BatchNorm's statistics and affine parameters; γ = 1 / β = 0 when it was built without scale / center. */
export function batchNormScaleShift(bn: LayerWeights, epsilon: number): { scale: Float64Array; mean: Float64Array; beta: Float64Array } {
  const mean = weight(bn, "moving_mean").values;
  const variance = weight(bn, "moving_variance").values;
  const gamma = bn.get("gamma")?.values;
  const beta = bn.get("beta")?.values;
  const n = mean.length;
  const scale = new Float64Array(n);
  for (let c = 0; c < n; c++) scale[c] = (gamma === undefined ? 1 : gamma[c]!) / Math.sqrt(variance[c]! + epsilon);
  return { scale, mean: Float64Array.from(mean), beta: beta === undefined ? new Float64Array(n) : Float64Array.from(beta) };
}

/** W' = W·s per output channel, b' = (b − mean)·s + β. */
export function foldBatchNormWeights(op: FoldTargetOp, layer: LayerWeights, bn: LayerWeights, epsilon: number): LayerWeights {
  const layout = channelLayout(op, layer);
  const { scale, mean, beta } = batchNormScaleShift(bn, epsilon);
  if (scale.length !== layout.channels) throw new Error(`internal: batchnorm has ${scale.length} channels, ${op} has ${layout.channels}`);
  const kernel = weight(layer, layout.key);
  const folded = new Float32Array(kernel.values.length);
  for (let i = 0; i < folded.length; i++) folded[i] = kernel.values[i]! * scale[layout.channelOf(i)]!;
  const bias = biasOf(layer, layout.channels);
  const newBias = new Float32Array(layout.channels);
  for (let c = 0; c < layout.channels; c++) newBias[c] = (bias[c]! - mean[c]!) * scale[c]! + beta[c]!;
  return withWeights(layer, { [layout.key]: { shape: kernel.shape, values: folded }, bias: { shape: [layout.channels], values: newBias } });
}

/**
 * The layer now reads x instead of scale·x + offset: its input-side kernel is multiplied by `scale`, and
 * offset·Σ(original kernel over each output channel's window) joins the bias. (For separable convs only
 * scale-only folds reach here; the depthwise kernel takes the scale.)
 */
export function foldRescalingWeights(op: FoldTargetOp, layer: LayerWeights, scale: number, offset: number): LayerWeights {
  const inputKey = op === "separable_conv2d" || op === "depthwise_conv2d" ? "depthwise_kernel" : "kernel";
  const kernel = weight(layer, inputKey);
  const scaled = new Float32Array(kernel.values.length);
  for (let i = 0; i < scaled.length; i++) scaled[i] = kernel.values[i]! * scale;
  const replace: Record<string, WeightArray> = { [inputKey]: { shape: kernel.shape, values: scaled } };
  if (offset !== 0) {
    if (op === "separable_conv2d" || op === "conv2d_transpose") throw new Error(`internal: offset folding into ${op} is not exact`);
    const layout = channelLayout(op, layer);
    const sums = new Float64Array(layout.channels);
    for (let i = 0; i < kernel.values.length; i++) sums[layout.channelOf(i)]! += kernel.values[i]!;
    const bias = biasOf(layer, layout.channels);
    const newBias = new Float32Array(layout.channels);
    for (let c = 0; c < layout.channels; c++) newBias[c] = bias[c]! + offset * sums[c]!;
    replace["bias"] = { shape: [layout.channels], values: newBias };
  }
  return withWeights(layer, replace);
}
