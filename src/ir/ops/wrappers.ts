/**
 * Wrapper ops whose `layer` parameter is another op: `bidirectional(lstm(64))`, `time_distributed(dense(8))`.
 * The inner op's own `check`/`infer`/`paramCount`/`flops` do the work on the shapes the wrapper gives it.
 * Inner ops are looked up in a local table (not the registry) to keep module imports acyclic.
 */
import type { LayerAttr } from "../types.js";
import type { InferContext, InferInput, OpDef } from "./types.js";
import { layerAttr, stringAttr } from "./attrs.js";
import { checkArity, checkRank } from "./checks.js";
import { CONV1D, CONV2D, CONV2D_TRANSPOSE, DEPTHWISE_CONV2D, SEPARABLE_CONV2D } from "./convolution.js";
import { DENSE } from "./dense.js";
import { BATCHNORM, LAYERNORM } from "./normalization.js";
import { AVGPOOL1D, AVGPOOL2D, GLOBAL_AVGPOOL1D, GLOBAL_AVGPOOL2D, GLOBAL_MAXPOOL1D, GLOBAL_MAXPOOL2D, MAXPOOL1D, MAXPOOL2D } from "./pooling.js";
import { GRU, LSTM, SIMPLE_RNN } from "./recurrent.js";
import { DROPOUT } from "./regularization.js";
import { ACTIVATION } from "./activation.js";
import { FLATTEN, UPSAMPLING2D } from "./reshaping.js";
import { ZERO_PADDING2D } from "./padding.js";
import { RESCALING } from "./preprocessing.js";
import { numelOr1 } from "./shape-utils.js";

const RECURRENT_OPS: readonly OpDef[] = [GRU, LSTM, SIMPLE_RNN];

/** Single-input ops that make sense applied at every time step. */
const PER_STEP_OPS: readonly OpDef[] = [
  ACTIVATION, AVGPOOL1D, AVGPOOL2D, BATCHNORM, CONV1D, CONV2D, CONV2D_TRANSPOSE, DENSE, DEPTHWISE_CONV2D, DROPOUT, FLATTEN,
  GLOBAL_AVGPOOL1D, GLOBAL_AVGPOOL2D, GLOBAL_MAXPOOL1D, GLOBAL_MAXPOOL2D, LAYERNORM, MAXPOOL1D, MAXPOOL2D, RESCALING,
  SEPARABLE_CONV2D, UPSAMPLING2D, ZERO_PADDING2D,
];

function innerOp(table: readonly OpDef[], layer: LayerAttr): OpDef {
  const op = table.find((o) => o.name === layer.op);
  // The builder validates `layer` against ParamType `allowed`, so an unknown op here is an mfgc bug.
  if (op === undefined) throw new Error(`internal: \`${layer.op}\` cannot be wrapped here`);
  return op;
}

/**
 * A context for the inner op: same spans and error sink, the inner op's name and attrs, and the inputs
 * the wrapper hands it. Errors without their own span point at the `layer` argument.
 */
export function innerContext(ctx: InferContext, layer: LayerAttr, inputs: readonly InferInput[]): InferContext {
  const layerSpan = ctx.paramSpan("layer");
  return {
    op: layer.op,
    attrs: layer.attrs,
    inputs,
    span: layerSpan,
    paramSpan: () => layerSpan,
    error: (code, message, opts) => ctx.error(code, message, { ...opts, span: opts?.span ?? layerSpan }),
  };
}

export const BIDIRECTIONAL: OpDef = {
  name: "bidirectional",
  category: "recurrent",
  doc: "Runs the wrapped recurrent layer forwards and a copy backwards over the sequence and merges both outputs; weights are doubled.",
  inputs: { min: 1, max: 1 },
  inputDoc: "one `f32` tensor (steps, features), as the wrapped layer expects",
  keras: "keras.layers.Bidirectional",
  params: [
    { name: "layer", type: { kind: "layer", allowed: ["gru", "lstm", "simple_rnn"] }, required: true, positional: true, doc: "The recurrent layer to run in both directions, e.g. `lstm(64)`." },
    { name: "merge_mode", type: { kind: "enum", values: ["concat", "sum", "mul", "ave"] }, default: "concat", doc: "How forward and backward outputs combine; `concat` doubles the features." },
  ],
  // Both directions honour the mask as the wrapped layer does.
  mask(attrs, masked, inputs) {
    const layer = layerAttr(attrs, "layer");
    return innerOp(RECURRENT_OPS, layer).mask?.(layer.attrs, masked, inputs) ?? { output: false };
  },
  check(ctx) {
    const layer = layerAttr(ctx.attrs, "layer");
    innerOp(RECURRENT_OPS, layer).check?.(innerContext(ctx, layer, ctx.inputs));
  },
  infer(ctx) {
    if (!checkArity(ctx, 1, 1)) return undefined;
    const layer = layerAttr(ctx.attrs, "layer");
    const inner = innerOp(RECURRENT_OPS, layer).infer(innerContext(ctx, layer, ctx.inputs));
    if (inner === undefined) return undefined;
    if (stringAttr(ctx.attrs, "merge_mode") !== "concat") return inner;
    const last = inner.shape[inner.shape.length - 1] ?? null;
    return { shape: [...inner.shape.slice(0, -1), last === null ? null : 2 * last], dtype: inner.dtype };
  },
  paramCount(attrs, inputs) {
    // Keras: two independent copies of the wrapped layer.
    const layer = layerAttr(attrs, "layer");
    const one = innerOp(RECURRENT_OPS, layer).paramCount(layer.attrs, inputs);
    return { trainable: 2 * one.trainable, nonTrainable: 2 * one.nonTrainable };
  },
  flops(attrs, inputs, output) {
    const layer = layerAttr(attrs, "layer");
    const mode = stringAttr(attrs, "merge_mode");
    const innerOut = mode === "concat" ? [...output.slice(0, -1), (output[output.length - 1] ?? 2) / 2] : output;
    const merge = mode === "concat" ? 0 : numelOr1(output) * (mode === "ave" ? 2 : 1);
    return 2 * innerOp(RECURRENT_OPS, layer).flops(layer.attrs, inputs, innerOut) + merge;
  },
};

export const TIME_DISTRIBUTED: OpDef = {
  name: "time_distributed",
  category: "core",
  doc: "Applies the wrapped layer independently at every step of the first axis with shared weights, e.g. `time_distributed(conv2d(16, 3))` on (steps, height, width, channels).",
  inputs: { min: 1, max: 1 },
  inputDoc: "one tensor (steps, …) where each step is what the wrapped layer expects",
  keras: "keras.layers.TimeDistributed",
  params: [
    {
      name: "layer",
      type: { kind: "layer", allowed: PER_STEP_OPS.map((o) => o.name) },
      required: true,
      positional: true,
      doc: "The layer applied at each step, e.g. `dense(8)` or `conv2d(16, 3)`.",
    },
  ],
  // The step mask stays valid through a wrapped layer that computes each position on its own (dense,
  // activations); tfjs's TimeDistributed hands the wrapped layer no mask, so nothing else can honour it.
  mask(attrs, masked, inputs) {
    if (!masked.some((m) => m)) return { output: false };
    const layer = layerAttr(attrs, "layer");
    const inner = innerOp(PER_STEP_OPS, layer).mask?.(layer.attrs, masked, inputs.map((s) => s.slice(1)));
    if (inner !== undefined && "output" in inner && inner.output) return inner;
    return { refuse: `\`time_distributed(${layer.op})\` hands the wrapped layer no padding mask` };
  },
  check(ctx) {
    const layer = layerAttr(ctx.attrs, "layer");
    innerOp(PER_STEP_OPS, layer).check?.(innerContext(ctx, layer, ctx.inputs));
  },
  infer(ctx) {
    if (!checkArity(ctx, 1, 1)) return undefined;
    const input = ctx.inputs[0]!;
    if (!checkRank(ctx, input, { min: 2 }, "steps, …", "`time_distributed` needs a leading steps axis; add `reshape`")) return undefined;
    const layer = layerAttr(ctx.attrs, "layer");
    const step: InferInput = { ...input, shape: input.shape.slice(1) };
    const inner = innerOp(PER_STEP_OPS, layer).infer(innerContext(ctx, layer, [step]));
    return inner && { shape: [input.shape[0] ?? null, ...inner.shape], dtype: inner.dtype };
  },
  paramCount(attrs, [input]) {
    // Keras: the wrapped layer's weights, shared across steps.
    const layer = layerAttr(attrs, "layer");
    return innerOp(PER_STEP_OPS, layer).paramCount(layer.attrs, [input!.slice(1)]);
  },
  flops(attrs, [input], output) {
    const layer = layerAttr(attrs, "layer");
    return (input![0] ?? 1) * innerOp(PER_STEP_OPS, layer).flops(layer.attrs, [input!.slice(1)], output.slice(1));
  },
};
