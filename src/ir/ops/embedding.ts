/** Embeddings: token embedding lookup and positional encoding (sinusoidal or learned). */
import type { OpDef } from "./types.js";
import { boolAttr, intAttr, optionalIntAttr, stringAttr } from "./attrs.js";
import { propagateMask } from "./masks.js";
import { checkAllFloat, checkArity, checkDType, checkKnownDim, checkRank, inputNote, lastDim } from "./checks.js";
import { numelOr1 } from "./shape-utils.js";

export const EMBEDDING: OpDef = {
  name: "embedding",
  category: "embedding",
  doc: "Maps integer ids in [0, input_dim) to learned vectors of size `output_dim`; the output gains a last axis of that size.",
  inputs: { min: 1, max: 1 },
  inputDoc: "one `i32` tensor of ids (any rank, e.g. (steps))",
  keras: "keras.layers.Embedding",
  params: [
    { name: "input_dim", type: { kind: "int", min: 1 }, required: true, positional: true, doc: "Vocabulary size: ids must be in [0, input_dim)." },
    { name: "output_dim", type: { kind: "int", min: 1 }, required: true, positional: true, doc: "Size of each embedding vector." },
    { name: "mask_zero", type: { kind: "bool" }, default: false, doc: "Treat id 0 as padding: the steps it fills are masked for the layers that follow (recurrent layers, attention and `global_avgpool1d` skip them; layers that cannot are an error)." },
  ],
  mask: (attrs) => ({ output: boolAttr(attrs, "mask_zero"), makes: true }),
  infer(ctx) {
    if (!checkArity(ctx, 1, 1)) return undefined;
    const input = ctx.inputs[0]!;
    if (!checkDType(ctx, input, ["i32"], "declare the input as `i32` (token or category ids)")) return undefined;
    return { shape: [...input.shape, intAttr(ctx.attrs, "output_dim")], dtype: "f32" };
  },
  paramCount(attrs) {
    // Keras: one output_dim vector per id.
    return { trainable: intAttr(attrs, "input_dim") * intAttr(attrs, "output_dim"), nonTrainable: 0 };
  },
  flops: () => 0,
};

export const POSITIONAL_ENCODING: OpDef = {
  name: "positional_encoding",
  category: "embedding",
  doc: "Adds a position signal to a sequence of vectors: fixed sine/cosine waves (`sinusoidal`, no weights) or a learned vector per position (`learned`, like keras-hub `PositionEmbedding`).",
  inputs: { min: 1, max: 1 },
  inputDoc: "one `f32` tensor (steps, features) with known features",
  keras: "keras_hub.layers.SinePositionEncoding / keras_hub.layers.PositionEmbedding (added to the input)",
  params: [
    { name: "mode", type: { kind: "enum", values: ["sinusoidal", "learned"] }, default: "sinusoidal", positional: true, doc: "`sinusoidal`: fixed waves; `learned`: a trained vector per position." },
    { name: "max_length", type: { kind: "int", min: 1 }, doc: "Longest sequence supported; required for `learned` (one vector per position)." },
  ],
  mask: propagateMask,
  check(ctx) {
    if (stringAttr(ctx.attrs, "mode") === "learned" && optionalIntAttr(ctx.attrs, "max_length") === null) {
      ctx.error("MFG3105", "`positional_encoding` with `mode: learned` needs `max_length` (one learned vector per position)", {
        span: ctx.paramSpan("mode"),
        hints: ["add `max_length: N` with the longest sequence the model will see"],
      });
    }
  },
  infer(ctx) {
    if (!checkArity(ctx, 1, 1) || !checkAllFloat(ctx)) return undefined;
    const input = ctx.inputs[0]!;
    if (!checkRank(ctx, input, [2], "steps, features", "use `embedding` first to turn ids into vectors")) return undefined;
    if (!checkKnownDim(ctx, input, 1, "the feature size (last dimension)")) return undefined;
    const maxLength = optionalIntAttr(ctx.attrs, "max_length");
    const steps = input.shape[0] ?? null;
    if (maxLength !== null && steps !== null && steps > maxLength) {
      ctx.error("MFG3211", `\`positional_encoding\` has \`max_length\` ${maxLength} but the sequence has ${steps} steps`, {
        span: ctx.paramSpan("max_length"),
        hints: [`raise \`max_length\` to at least ${steps}`],
        notes: [inputNote(input)],
      });
      return undefined;
    }
    return { shape: input.shape, dtype: "f32" };
  },
  paramCount(attrs, [input]) {
    // learned: a table of max_length × features; sinusoidal: computed, no weights.
    if (stringAttr(attrs, "mode") !== "learned") return { trainable: 0, nonTrainable: 0 };
    return { trainable: (optionalIntAttr(attrs, "max_length") ?? 0) * lastDim(input!), nonTrainable: 0 };
  },
  flops: (_attrs, _inputs, output) => numelOr1(output),
};
