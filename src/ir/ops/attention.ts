/** `multi_head_attention`: Keras MultiHeadAttention on (steps, features) sequences. */
import type { Attrs, Shape } from "../types.js";
import type { OpDef } from "./types.js";
import { boolAttr, intAttr, optionalIntAttr } from "./attrs.js";
import { checkAllFloat, checkArity, checkKnownDim, checkRank, inputNote, lastDim } from "./checks.js";
import { dimOr1, dimsCompatible, formatShape } from "./shape-utils.js";

/** Inputs in Keras order: query, value (default: query), key (default: value). */
function roles<T>(inputs: readonly T[]): { query: T; value: T; key: T } {
  const query = inputs[0]!;
  const value = inputs[1] ?? query;
  return { query, value, key: inputs[2] ?? value };
}

function sizes(attrs: Attrs, query: Shape) {
  const keyDim = intAttr(attrs, "key_dim");
  return {
    heads: intAttr(attrs, "heads"),
    keyDim,
    valueDim: optionalIntAttr(attrs, "value_dim") ?? keyDim,
    outputDim: optionalIntAttr(attrs, "output_dim") ?? lastDim(query),
    bias: boolAttr(attrs, "use_bias"),
  };
}

export const MULTI_HEAD_ATTENTION: OpDef = {
  name: "multi_head_attention",
  category: "attention",
  doc: "Multi-head scaled dot-product attention. With one input it is self-attention; with two or three, cross-attention of the query over value (and key, default value). Output: (query steps, output_dim).",
  inputs: { min: 1, max: 3 },
  inputDoc: "query, then optional value and key: `f32` tensors (steps, features) with known features; key and value have the same steps",
  keras: "keras.layers.MultiHeadAttention",
  params: [
    { name: "heads", type: { kind: "int", min: 1 }, required: true, positional: true, doc: "Number of attention heads (Keras `num_heads`)." },
    { name: "key_dim", type: { kind: "int", min: 1 }, required: true, positional: true, doc: "Size of each head's query and key projection." },
    { name: "value_dim", type: { kind: "int", min: 1 }, doc: "Size of each head's value projection; defaults to `key_dim`." },
    { name: "dropout", type: { kind: "float", min: 0, max: 1, exclusiveMax: true }, default: 0, doc: "Dropout rate on the attention weights while training." },
    { name: "causal", type: { kind: "bool" }, default: false, doc: "Mask future steps so each step attends only to itself and earlier ones (Keras `use_causal_mask`)." },
    { name: "use_bias", type: { kind: "bool" }, default: true, doc: "Whether the projections add learned biases." },
    { name: "output_dim", type: { kind: "int", min: 1 }, doc: "Features of the output; defaults to the query's features (Keras `output_shape`)." },
  ],
  mask(_attrs, masked) {
    // tfjs's executor hands a layer only its first input's mask, so `predict` would ignore the value's
    // and key's padding masks that training (eager `apply`) honours: refuse rather than diverge.
    if (masked.slice(1).some((m) => m)) {
      return { refuse: "the padding mask of a cross-attention value or key cannot be honoured (TensorFlow.js passes a layer only its first input's mask at inference)" };
    }
    // The query's mask hides rows (and, for self-attention, keys); the output carries it on.
    return { output: masked[0] === true };
  },
  infer(ctx) {
    if (!checkArity(ctx, 1, 3) || !checkAllFloat(ctx)) return undefined;
    for (const input of ctx.inputs) {
      if (!checkRank(ctx, input, [2], "steps, features", "attention works on sequences; add `reshape` to (steps, features)")) return undefined;
      if (!checkKnownDim(ctx, input, 1, "the feature size (last dimension)")) return undefined;
    }
    const { query, value, key } = roles(ctx.inputs);
    if (key !== value && !dimsCompatible(key.shape[0] ?? null, value.shape[0] ?? null)) {
      ctx.error("MFG3210", `\`multi_head_attention\` needs key and value with the same number of steps but gets key ${formatShape(key.shape)} from \`${key.from}\` and value ${formatShape(value.shape)} from \`${value.from}\``, {
        notes: [inputNote(value, "the value"), inputNote(key, "the key")],
        hints: [`give key and value the same number of steps, or pass one tensor for both: \`multi_head_attention(${query.from}, ${value.from}, …)\` uses the value as the key`],
      });
      return undefined;
    }
    const { outputDim } = sizes(ctx.attrs, query.shape);
    return { shape: [query.shape[0] ?? null, outputDim], dtype: "f32" };
  },
  paramCount(attrs, inputs) {
    // Keras: query/key/value projections (d × heads × dim + heads × dim bias each)
    // plus the output projection (heads × value_dim × output_dim + output_dim bias).
    const { query, value, key } = roles(inputs);
    const s = sizes(attrs, query);
    const b = (n: number) => (s.bias ? n : 0);
    const q = lastDim(query) * s.heads * s.keyDim + b(s.heads * s.keyDim);
    const k = lastDim(key) * s.heads * s.keyDim + b(s.heads * s.keyDim);
    const v = lastDim(value) * s.heads * s.valueDim + b(s.heads * s.valueDim);
    const o = s.heads * s.valueDim * s.outputDim + b(s.outputDim);
    return { trainable: q + k + v + o, nonTrainable: 0 };
  },
  flops(attrs, inputs) {
    const { query, value, key } = roles(inputs);
    const s = sizes(attrs, query);
    const tq = dimOr1(query[0]);
    const tk = dimOr1(key[0]);
    const projections = 2 * s.heads * (tq * lastDim(query) * s.keyDim + tk * lastDim(key) * s.keyDim + tk * lastDim(value) * s.valueDim);
    const attention = 2 * s.heads * tq * tk * (s.keyDim + s.valueDim) + 3 * s.heads * tq * tk; // scores, softmax, weighted sum
    const output = 2 * tq * s.heads * s.valueDim * s.outputDim;
    return projections + attention + output;
  },
};
