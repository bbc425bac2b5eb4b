/** Recurrent layers with Keras 2 semantics: simple_rnn, lstm, gru (`reset_after` true by default). */
import type { Attrs, Shape } from "../types.js";
import type { OpDef, ParamDef } from "./types.js";
import { boolAttr, intAttr } from "./attrs.js";
import { checkAllFloat, checkArity, checkKnownDim, checkRank, lastDim } from "./checks.js";
import { ACTIVATIONS } from "./activations.js";
import { activationParam } from "./params.js";
import { dimOr1 } from "./shape-utils.js";

/**
 * Activations a tfjs LSTM/SimpleRNN cell can use with Keras's meaning: the cells take activation
 * *names*; `leaky_relu` exists in tfjs only as a layer, tfjs's `hardSigmoid` is Keras 2's formula and
 * `log_softmax` is no cell activation. (GRU runs as mfgc's MfgGRU, which implements every activation.)
 */
const TFJS_CELL_ACTIVATIONS = ACTIVATIONS.filter((a) => a !== "leaky_relu" && a !== "hard_sigmoid" && a !== "log_softmax");

type RnnKind = "simple_rnn" | "lstm" | "gru";

/** Number of gate blocks in each cell's kernels. */
const GATES: Readonly<Record<RnnKind, number>> = { simple_rnn: 1, lstm: 4, gru: 3 };

const DROPOUT_RANGE = { kind: "float", min: 0, max: 1, exclusiveMax: true } as const;

function rnnParams(kind: RnnKind): ParamDef[] {
  const activations = kind === "gru" ? ACTIVATIONS : TFJS_CELL_ACTIVATIONS;
  const params: ParamDef[] = [
    { name: "units", type: { kind: "int", min: 1 }, required: true, positional: true, doc: "Size of the hidden state (and of the output features)." },
    activationParam("tanh", "activation", activations),
  ];
  if (kind !== "simple_rnn") params.push({ ...activationParam("sigmoid", "recurrent_activation", activations), doc: "Activation of the gates (`sigmoid` as in Keras; tfjs would default to `hard_sigmoid`)." });
  params.push(
    { name: "use_bias", type: { kind: "bool" }, default: true, doc: "Whether the cell adds learned biases." },
    { name: "return_sequences", type: { kind: "bool" }, default: false, doc: "Output every step (steps, units) instead of only the last (units)." },
    { name: "go_backwards", type: { kind: "bool" }, default: false, doc: "Process the sequence from the last step to the first." },
    { name: "dropout", type: DROPOUT_RANGE, default: 0, doc: "Dropout rate on the inputs while training." },
    { name: "recurrent_dropout", type: DROPOUT_RANGE, default: 0, doc: "Dropout rate on the recurrent state while training." },
  );
  if (kind === "gru") params.push({ name: "reset_after", type: { kind: "bool" }, default: true, doc: "Apply the reset gate after the recurrent matrix multiply (Keras 2 default; adds a second bias)." });
  return params;
}

/** Keras's weight count for one cell on `features` inputs. */
export function rnnParamCount(kind: RnnKind, attrs: Attrs, features: number): number {
  const units = intAttr(attrs, "units");
  const g = GATES[kind];
  const weights = g * units * (features + units);
  if (!boolAttr(attrs, "use_bias")) return weights;
  // GRU with reset_after keeps separate input and recurrent biases: 2 × 3 × units.
  const biases = kind === "gru" && boolAttr(attrs, "reset_after") ? 2 * g * units : g * units;
  return weights + biases;
}

const DOCS: Readonly<Record<RnnKind, string>> = {
  simple_rnn: "Fully connected recurrent layer: `h = activation(x·W + h·U + b)` at each step.",
  lstm: "Long short-term memory: input, forget, cell and output gates keep long-range state; the workhorse for sensor time series.",
  gru: "Gated recurrent unit: update and reset gates; lighter than `lstm`. `reset_after: true` is Keras 2's default (and cuDNN-compatible).",
};

const KERAS: Readonly<Record<RnnKind, string>> = { simple_rnn: "keras.layers.SimpleRNN", lstm: "keras.layers.LSTM", gru: "keras.layers.GRU" };

function makeRnn(kind: RnnKind): OpDef {
  return {
    name: kind,
    category: "recurrent",
    doc: DOCS[kind],
    inputs: { min: 1, max: 1 },
    inputDoc: "one `f32` tensor (steps, features) with known features; steps may be `?`",
    keras: KERAS[kind],
    params: rnnParams(kind),
    // A masked step keeps the previous state; a sequence output keeps the mask, the last state has none.
    mask: (attrs, masked) => ({ output: masked[0] === true && boolAttr(attrs, "return_sequences") }),
    infer(ctx) {
      if (!checkArity(ctx, 1, 1) || !checkAllFloat(ctx)) return undefined;
      const input = ctx.inputs[0]!;
      const hint = input.shape.length > 2 ? "flatten each step first, e.g. `time_distributed(flatten)`" : "add `reshape` to (steps, features)";
      if (!checkRank(ctx, input, [2], "steps, features", hint)) return undefined;
      if (!checkKnownDim(ctx, input, 1, "the feature size (last dimension)")) return undefined;
      const units = intAttr(ctx.attrs, "units");
      const shape: Shape = boolAttr(ctx.attrs, "return_sequences") ? [input.shape[0] ?? null, units] : [units];
      return { shape, dtype: "f32" };
    },
    paramCount: (attrs, [input]) => ({ trainable: rnnParamCount(kind, attrs, lastDim(input!)), nonTrainable: 0 }),
    flops(attrs, [input]) {
      const units = intAttr(attrs, "units");
      const perStep = GATES[kind] * (2 * units * (lastDim(input!) + units) + units);
      return dimOr1(input![0]) * perStep;
    },
  };
}

export const SIMPLE_RNN = makeRnn("simple_rnn");
export const LSTM = makeRnn("lstm");
export const GRU = makeRnn("gru");
