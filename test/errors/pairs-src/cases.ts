/**
 * The 48 realistic mistakes of the paired corpus (issue 13): each made once in the DSL and once in
 * YAML, starting from the same small spec. `make-pairs.ts` turns them into the fixture files under
 * test/errors/cases/pairs; `pairs.test.ts` checks that both forms give the same codes, with positions
 * and hints, and that the files are in canonical form.
 */

/** A text edit of the base spec: replace `from` (which must occur) with `to`. */
export type Edit = readonly [from: string, to: string];

export interface MistakeCase {
  readonly name: string;
  /** What the user did, for the fixture's first line. */
  readonly what: string;
  readonly dsl: readonly Edit[];
  readonly yaml: readonly Edit[];
  /** The codes both forms must give, sorted (the reason this case exists). */
  readonly codes: readonly string[];
}

export const BASE_DSL = `model Inspect {
  input image: f32[28, 28, 1]

  image
    -> conv2d(16, kernel: 3, activation: relu)
    -> maxpool2d(2)
    -> flatten
    -> dense(2, activation: softmax) as probs

  output probs
}

train Inspect {
  data { train: synthetic(generator: defects, samples: 100), validation: split(0.1) }
  optimizer adam(lr: 0.001)
  loss categorical_crossentropy
  metrics [accuracy]
  epochs 3
}
`;

export const BASE_YAML = `mfgnet: 1
model:
  name: Inspect
  inputs:
    image: { shape: [28, 28, 1], dtype: f32 }
  layers:
    - conv2d: { filters: 16, kernel: 3, activation: relu }
    - maxpool2d: 2
    - flatten
    - dense: { units: 2, activation: softmax, as: probs }
  outputs: [probs]
train:
  data: { train: { synthetic: { generator: defects, samples: 100 } }, validation: { split: 0.1 } }
  optimizer: { adam: { lr: 0.001 } }
  loss: categorical_crossentropy
  metrics: [accuracy]
  epochs: 3
`;

const CONV_D = "conv2d(16, kernel: 3, activation: relu)";
const CONV_Y = "conv2d: { filters: 16, kernel: 3, activation: relu }";
const DENSE_D = "dense(2, activation: softmax) as probs";
const DENSE_Y = "dense: { units: 2, activation: softmax, as: probs }";

export const CASES: readonly MistakeCase[] = [
  // ── syntax: the same mistake has the same code in both forms ──
  { name: "missing-colon", what: "a key written without its colon", dsl: [["input image: f32", "input image f32"]], yaml: [["  name: Inspect", "  name Inspect"]], codes: ["MFG1007"] },
  { name: "unclosed-string", what: "a string never closed", dsl: [["samples: 100)", 'samples: 100, path: "x)']], yaml: [["samples: 100 }", 'samples: 100, path: "x }']], codes: ["MFG1002"] },
  { name: "unclosed-bracket", what: "an argument list or flow mapping never closed", dsl: [[CONV_D, "conv2d(16, kernel: 3, activation: relu"]], yaml: [[CONV_Y, "conv2d: { filters: 16, kernel: 3, activation: relu"]], codes: ["MFG1008"] },
  { name: "extra-closing-bracket", what: "one closing bracket too many", dsl: [["metrics [accuracy]", "metrics [accuracy]]"]], yaml: [["outputs: [probs]", "outputs: [probs]]"]], codes: ["MFG1010"] },
  { name: "duplicate-key", what: "a key given twice in one mapping", dsl: [["validation: split(0.1) }", "validation: split(0.1), validation: split(0.2) }"]], yaml: [["validation: { split: 0.1 } }", "validation: { split: 0.1 }, validation: { split: 0.2 } }"]], codes: ["MFG1013"] },
  { name: "keyword-as-name", what: "a DSL keyword used as a name", dsl: [["as probs", "as output"], ["output probs", "output output_"]], yaml: [["as: probs", "as: output"], ["outputs: [probs]", "outputs: [output_]"]], codes: ["MFG1012", "MFG3005"] },
  { name: "yaml-boolean-as-name", what: "a name YAML reads as a boolean", dsl: [["as probs", "as True"], ["output probs", "output true_"]], yaml: [["as: probs", 'as: "True"'], ["outputs: [probs]", "outputs: [true_]"]], codes: ["MFG1018", "MFG3005"] },

  // ── ops and their parameters ──
  { name: "misspelt-op", what: "an op name with a typo", dsl: [["maxpool2d(2)", "maxpol2d(2)"]], yaml: [["maxpool2d: 2", "maxpol2d: 2"]], codes: ["MFG3008"] },
  { name: "misspelt-param", what: "a parameter name with a typo", dsl: [["kernel: 3", "kernal: 3"]], yaml: [["kernel: 3", "kernal: 3"]], codes: ["MFG3401"] },
  { name: "misspelt-activation", what: "an activation with a typo", dsl: [["activation: relu", "activation: rellu"]], yaml: [["activation: relu", "activation: rellu"]], codes: ["MFG3405"] },
  { name: "capitalized-activation", what: "an activation written as in Keras docs' prose", dsl: [["activation: softmax", "activation: Softmax"]], yaml: [["activation: softmax", "activation: Softmax"]], codes: ["MFG3405"] },
  { name: "missing-kernel", what: "a required parameter left out", dsl: [[CONV_D, "conv2d(16, activation: relu)"]], yaml: [[CONV_Y, "conv2d: { filters: 16, activation: relu }"]], codes: ["MFG3404"] },
  { name: "negative-filters", what: "a negative count", dsl: [["conv2d(16,", "conv2d(-16,"]], yaml: [["filters: 16", "filters: -16"]], codes: ["MFG3403"] },
  { name: "zero-units", what: "a layer with zero units", dsl: [["dense(2,", "dense(0,"]], yaml: [["units: 2", "units: 0"]], codes: ["MFG3403"] },
  { name: "fractional-units", what: "a fractional unit count", dsl: [["dense(2,", "dense(2.5,"]], yaml: [["units: 2", "units: 2.5"]], codes: ["MFG3402"] },
  { name: "kernel-three-dims", what: "a 3-D kernel for a 2-D convolution", dsl: [["kernel: 3", "kernel: [3, 3, 3]"]], yaml: [["kernel: 3", "kernel: [3, 3, 3]"]], codes: ["MFG3409"] },
  { name: "too-many-positional", what: "a second positional argument the op does not take", dsl: [["maxpool2d(2)", "maxpool2d(2, 2)"]], yaml: [["maxpool2d: 2", "maxpool2d: { args: [2, 2] }"]], codes: ["MFG3407"] },
  { name: "param-given-twice", what: "a parameter given positionally and by name", dsl: [[CONV_D, "conv2d(16, kernel: 3, filters: 8)"]], yaml: [[CONV_Y, "conv2d: { args: [16], kernel: 3, filters: 8 }"]], codes: ["MFG3406"] },
  { name: "bool-as-word", what: "a flag written as a word", dsl: [[CONV_D, "conv2d(16, kernel: 3, use_bias: yes)"]], yaml: [[CONV_Y, "conv2d: { filters: 16, kernel: 3, use_bias: yes }"]], codes: ["MFG3402"] },
  { name: "dropout-rate-above-one", what: "a dropout rate given in percent", dsl: [["-> flatten", "-> flatten\n    -> dropout(50)"]], yaml: [["    - flatten\n", "    - flatten\n    - dropout: 50\n"]], codes: ["MFG3403"] },
  { name: "misspelt-padding", what: "a padding mode with a typo", dsl: [[CONV_D, "conv2d(16, kernel: 3, padding: smae)"]], yaml: [[CONV_Y, "conv2d: { filters: 16, kernel: 3, padding: smae }"]], codes: ["MFG3405"] },
  { name: "wrapper-layer-not-allowed", what: "a wrapper given a layer it cannot wrap", dsl: [["-> flatten", "-> reshape([13, 208])\n    -> bidirectional(dense(4))\n    -> flatten"]], yaml: [["    - flatten\n", "    - reshape: [13, 208]\n    - bidirectional: { layer: { dense: 4 } }\n    - flatten\n"]], codes: ["MFG3405"] },

  // ── model inputs ──
  { name: "numpy-dtype", what: "a NumPy dtype name", dsl: [["f32[28", "float32[28"]], yaml: [["dtype: f32", "dtype: float32"]], codes: ["MFG3011"] },
  { name: "zero-dimension", what: "a zero-sized dimension (the batch size written into the shape)", dsl: [["f32[28, 28, 1]", "f32[0, 28, 28, 1]"]], yaml: [["shape: [28, 28, 1]", "shape: [0, 28, 28, 1]"]], codes: ["MFG3012"] },
  { name: "input-without-shape", what: "a model input without its shape", dsl: [["input image: f32[28, 28, 1]", "input image"]], yaml: [["image: { shape: [28, 28, 1], dtype: f32 }", "image: { dtype: f32 }"]], codes: ["MFG3010"] },

  // ── names ──
  { name: "unknown-output", what: "an output naming nothing", dsl: [["output probs", "output prob"]], yaml: [["outputs: [probs]", "outputs: [prob]"]], codes: ["MFG3005"] },
  { name: "duplicate-name", what: "two layers with one name", dsl: [[CONV_D, `${CONV_D} as probs`]], yaml: [[CONV_Y, "conv2d: { filters: 16, kernel: 3, activation: relu, as: probs }"]], codes: ["MFG3007"] },
  { name: "use-before-definition", what: "a branch that reads a name defined later", dsl: [["  output probs", "  head = feat -> dense(1)\n  feat = image -> flatten\n  output probs, head"]], yaml: [["  outputs: [probs]", "    - dense: { from: feat, units: 1, as: head }\n    - flatten: { from: image, as: feat }\n  outputs: [probs, head]"]], codes: ["MFG3006"] },
  { name: "leading-underscore", what: "a top-level name starting with `_`", dsl: [["as probs", "as _probs"], ["output probs", "output _probs"]], yaml: [["as: probs", "as: _probs"], ["outputs: [probs]", "outputs: [_probs]"]], codes: ["MFG3026"] },
  { name: "unused-branch", what: "a branch that reaches no output", dsl: [["  output probs", "  side = image -> flatten\n  output probs"]], yaml: [["  outputs: [probs]", "    - flatten: { from: image, as: side }\n  outputs: [probs]"]], codes: ["MFG3020"] },
  { name: "merge-one-input", what: "a merge given one tensor", dsl: [["-> flatten", "-> add\n    -> flatten"]], yaml: [["    - flatten\n", "    - add\n    - flatten\n"]], codes: ["MFG3014"] },

  // ── shapes ──
  { name: "conv-after-flatten", what: "a convolution after flatten", dsl: [["-> flatten", "-> flatten\n    -> conv2d(8, kernel: 3)"]], yaml: [["    - flatten\n", "    - flatten\n    - conv2d: { filters: 8, kernel: 3 }\n"]], codes: ["MFG3201"] },
  { name: "pool-larger-than-input", what: "a pooling window larger than its input", dsl: [["maxpool2d(2)", "maxpool2d(32)"]], yaml: [["maxpool2d: 2", "maxpool2d: 32"]], codes: ["MFG3202"] },
  { name: "residual-shape-mismatch", what: "a residual add of tensors of different shapes", dsl: [["  output probs", "  r = add(image, probs)\n  output probs, r"]], yaml: [["  outputs: [probs]", "    - add: { from: [image, probs], as: r }\n  outputs: [probs, r]"]], codes: ["MFG3204"] },
  { name: "reshape-wrong-size", what: "a reshape to a different number of elements", dsl: [["-> flatten", "-> reshape([10, 10])"]], yaml: [["    - flatten\n", "    - reshape: [10, 10]\n"]], codes: ["MFG3207"] },
  { name: "embedding-fed-floats", what: "an embedding applied to float features", dsl: [["-> flatten", "-> flatten\n    -> embedding(100, 8)"]], yaml: [["    - flatten\n", "    - flatten\n    - embedding: { args: [100, 8] }\n"]], codes: ["MFG3203"] },
  { name: "concat-axis-out-of-range", what: "a concat axis beyond the rank", dsl: [["  output probs", "  c = concat(probs, probs, axis: 3)\n  output probs, c"]], yaml: [["  outputs: [probs]", "    - concat: { from: [probs, probs], axis: 3, as: c }\n  outputs: [probs, c]"]], codes: ["MFG3206"] },

  // ── blocks ──
  { name: "block-missing-argument", what: "a block applied without its parameter", dsl: [["model Inspect {", "block unit(n) {\n  input x\n  y = x -> dense(n)\n  output y\n}\n\nmodel Inspect {"], ["-> flatten", "-> flatten\n    -> unit"]], yaml: [["mfgnet: 1\n", "mfgnet: 1\nblocks:\n  unit:\n    params: { n: null }\n    inputs: [x]\n    layers:\n      - dense: { units: n, as: y }\n    outputs: [y]\n"], ["    - flatten\n", "    - flatten\n    - unit\n"]], codes: ["MFG3404"] },
  { name: "block-repeat-zero", what: "a block repeated zero times", dsl: [["model Inspect {", "block unit(n) {\n  input x\n  y = x -> dense(n)\n  output y\n}\n\nmodel Inspect {"], ["-> flatten", "-> flatten\n    -> repeat 0 unit(4)"]], yaml: [["mfgnet: 1\n", "mfgnet: 1\nblocks:\n  unit:\n    params: { n: null }\n    inputs: [x]\n    layers:\n      - dense: { units: n, as: y }\n    outputs: [y]\n"], ["    - flatten\n", "    - flatten\n    - unit: { n: 4, repeat: 0 }\n"]], codes: ["MFG3017"] },
  { name: "block-shadows-op", what: "a block named like an op", dsl: [["model Inspect {", "block dense(n) {\n  input x\n  y = x -> flatten\n  output y\n}\n\nmodel Inspect {"]], yaml: [["mfgnet: 1\n", "mfgnet: 1\nblocks:\n  dense:\n    params: { n: null }\n    inputs: [x]\n    layers:\n      - flatten: { as: y }\n    outputs: [y]\n"]], codes: ["MFG3022"] },

  // ── training ──
  { name: "unknown-optimizer", what: "an optimizer name with a typo", dsl: [["optimizer adam(", "optimizer adamx("]], yaml: [["{ adam: { lr", "{ adamx: { lr"]], codes: ["MFG3305"] },
  { name: "misspelt-train-setting", what: "a train setting with a typo", dsl: [["epochs 3", "epoch 3"]], yaml: [["epochs: 3", "epoch: 3"]], codes: ["MFG3301"] },
  { name: "missing-loss", what: "a train section without a loss", dsl: [["  loss categorical_crossentropy\n", ""]], yaml: [["  loss: categorical_crossentropy\n", ""]], codes: ["MFG3303"] },
  { name: "unknown-metric", what: "a metric name with a typo", dsl: [["[accuracy]", "[acuracy]"]], yaml: [["[accuracy]", "[acuracy]"]], codes: ["MFG3305"] },
  { name: "loss-does-not-fit", what: "a binary loss on a softmax output", dsl: [["loss categorical_crossentropy", "loss binary_crossentropy"]], yaml: [["loss: categorical_crossentropy", "loss: binary_crossentropy"]], codes: ["MFG3310"] },
  { name: "validation-split-percent", what: "a validation split written in percent", dsl: [["split(0.1)", "split(10)"]], yaml: [["{ split: 0.1 }", "{ split: 10 }"]], codes: ["MFG3403"] },
  { name: "zero-epochs", what: "zero epochs", dsl: [["epochs 3", "epochs 0"]], yaml: [["epochs: 3", "epochs: 0"]], codes: ["MFG3403"] },
  { name: "unknown-data-source", what: "a data source name with a typo", dsl: [["synthetic(generator", "synthetc(generator"]], yaml: [["{ synthetic: {", "{ synthetc: {"]], codes: ["MFG3305"] },
  { name: "monitor-not-computed", what: "early stopping watching a metric that is never computed", dsl: [["epochs 3", "epochs 3\n  early_stopping { monitor: val_acuracy }"]], yaml: [["epochs: 3", "epochs: 3\n  early_stopping: { monitor: val_acuracy }"]], codes: ["MFG3311"] },
  { name: "two-clipping-modes", what: "two gradient clipping modes", dsl: [["epochs 3", "epochs 3\n  clip { norm: 1, value: 0.5 }"]], yaml: [["epochs: 3", "epochs: 3\n  clip: { norm: 1, value: 0.5 }"]], codes: ["MFG3312"] },
];
