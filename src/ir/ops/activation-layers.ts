/**
 * Parameterised activations as layers, as Keras has them: `leaky_relu(alpha)`, `elu(alpha)`,
 * `relu(max_value, negative_slope, threshold)`, `softmax(axis)` and `prelu` (a learned slope per element).
 */
import type { Attrs, Shape } from "../types.js";
import type { InferContext, OpDef } from "./types.js";
import { intAttr, intListAttr } from "./attrs.js";
import { checkAllFloat, checkArity, checkAxis, checkKnownDim, inputNote } from "./checks.js";
import { propagateMask } from "./masks.js";
import { formatShape, numelOr1, sampleAxis } from "./shape-utils.js";

const NO_PARAMS = { trainable: 0, nonTrainable: 0 } as const;

function inferSame(ctx: InferContext) {
  if (!checkArity(ctx, 1, 1) || !checkAllFloat(ctx)) return undefined;
  return { shape: ctx.inputs[0]!.shape, dtype: "f32" as const };
}

/** Common fields of an element-wise activation layer. */
function elementwise(name: string, keras: string, doc: string, params: OpDef["params"]): OpDef {
  return {
    name,
    category: "activation",
    doc,
    inputs: { min: 1, max: 1 },
    inputDoc: "one `f32` tensor",
    keras,
    params,
    mask: propagateMask,
    infer: inferSame,
    paramCount: () => NO_PARAMS,
    flops: (_attrs, _inputs, output) => numelOr1(output),
  };
}

export const LEAKY_RELU = elementwise(
  "leaky_relu",
  "keras.layers.LeakyReLU",
  "Leaky ReLU layer: x for x ≥ 0, `alpha`·x below. Its default slope is the Keras layer's 0.3 (the `leaky_relu` activation name uses 0.2, as Keras's function does).",
  [{ name: "alpha", type: { kind: "float", min: 0 }, default: 0.3, positional: true, doc: "Slope below zero (Keras `negative_slope`, formerly `alpha`)." }],
);

export const ELU = elementwise("elu", "keras.layers.ELU", "Exponential linear unit: x for x > 0, `alpha`·(eˣ − 1) below.", [
  { name: "alpha", type: { kind: "float", min: 0 }, default: 1, positional: true, doc: "Scale of the negative part." },
]);

export const RELU = elementwise(
  "relu",
  "keras.layers.ReLU",
  "Rectified linear unit, Keras's general form: `max_value` for x ≥ max_value, x for threshold ≤ x < max_value, `negative_slope`·(x − threshold) below.",
  [
    { name: "max_value", type: { kind: "float", min: 0 }, doc: "Upper clip (none when not given); e.g. 6 for ReLU6." },
    { name: "negative_slope", type: { kind: "float", min: 0 }, default: 0, doc: "Slope below `threshold`." },
    { name: "threshold", type: { kind: "float" }, default: 0, doc: "Values below it are damped by `negative_slope`." },
  ],
);

export const SOFTMAX: OpDef = {
  name: "softmax",
  category: "activation",
  doc: "Softmax over `axis`: exp(x) / Σ exp(x) along that axis (the `softmax` activation is always the last axis).",
  inputs: { min: 1, max: 1 },
  inputDoc: "one `f32` tensor",
  keras: "keras.layers.Softmax",
  params: [{ name: "axis", type: { kind: "int" }, default: -1, positional: true, doc: "Axis normalized over, counted as in Keras (0 is the batch, 1 the first input dimension; −1: last)." }],
  // Keras's Softmax layer applies a mask only of its input's own shape (attention scores), not a step mask.
  mask: () => ({ refuse: "Keras's Softmax layer takes only a mask shaped like its input, not a padding mask over steps" }),
  infer(ctx) {
    const r = inferSame(ctx);
    if (r === undefined) return undefined;
    return checkAxis(ctx, ctx.inputs[0]!, intAttr(ctx.attrs, "axis")) === undefined ? undefined : r;
  },
  paramCount: () => NO_PARAMS,
  flops: (_attrs, _inputs, output) => 3 * numelOr1(output),
};

/** PReLU's alpha shape: the input shape with each shared axis set to 1 (Keras `param_shape`). */
export function preluAlphaShape(attrs: Attrs, input: Shape): Shape {
  const shared = new Set((intListAttr(attrs, "shared_axes")).map((a) => sampleAxis(a, input.length)));
  return input.map((d, i) => (shared.has(i) ? 1 : d));
}

export const PRELU: OpDef = {
  name: "prelu",
  category: "activation",
  doc: "Parametric ReLU: x for x ≥ 0, α·x below, with a learned α per element (initialized to 0); `shared_axes` share one α along those axes, e.g. `[1, 2]` for one α per channel of an image.",
  inputs: { min: 1, max: 1 },
  inputDoc: "one `f32` tensor whose non-shared dimensions are known",
  keras: "keras.layers.PReLU",
  params: [{ name: "shared_axes", type: { kind: "intList" }, default: [], doc: "Axes sharing one α, counted as in Keras (1 is the first input dimension)." }],
  mask: propagateMask,
  infer(ctx) {
    const r = inferSame(ctx);
    if (r === undefined) return undefined;
    const input = ctx.inputs[0]!;
    const shared = new Set<number>();
    for (const a of intListAttr(ctx.attrs, "shared_axes")) {
      const axis = checkAxis({ ...ctx, paramSpan: () => ctx.paramSpan("shared_axes") }, input, a);
      if (axis === undefined) return undefined;
      shared.add(axis);
    }
    for (let i = 0; i < input.shape.length; i++) {
      if (!shared.has(i) && !checkKnownDim(ctx, input, i, `the size of axis ${i + 1} (one α each, unless the axis is in \`shared_axes\`)`)) return undefined;
    }
    if (input.shape.length === 0) {
      ctx.error("MFG3201", `\`prelu\` expects an input of rank 1 or more but gets shape ${formatShape(input.shape)}`, {
        notes: [inputNote(input)],
        hints: ["give it at least one axis, e.g. `-> reshape([1])` before `prelu`"],
      });
      return undefined;
    }
    return r;
  },
  paramCount(attrs, [input]) {
    // Keras: one α per element of the input shape, shared axes counted once.
    return { trainable: numelOr1(preluAlphaShape(attrs, input!)), nonTrainable: 0 };
  },
  flops: (_attrs, _inputs, output) => 2 * numelOr1(output),
};
