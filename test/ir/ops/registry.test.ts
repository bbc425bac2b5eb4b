/** The registry table itself: ordering, lookup, well-formed params, every op usable, docs up to date. */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { AttrValue, Shape } from "../../../src/ir/types.js";
import type { ParamDef } from "../../../src/ir/ops/types.js";
import { ACTIVATIONS, OP_NAMES, OPS, getOp } from "../../../src/ir/ops/registry.js";
import { renderOpsReference } from "../../../src/ir/ops/docs.js";
import { OPS_CODES } from "../../../src/diagnostics/codes/ops.js";
import { layer, op, resolveAttrs, run, input } from "./helpers.js";

const CATALOG = [
  "activation", "add", "average", "avgpool1d", "avgpool2d", "batchnorm", "bidirectional", "concat", "conv1d", "conv2d",
  "conv2d_transpose", "cropping1d", "cropping2d", "dense", "depthwise_conv2d", "dropout", "elu", "embedding", "flatten",
  "global_avgpool1d", "global_avgpool2d", "global_maxpool1d", "global_maxpool2d", "gru", "layernorm", "leaky_relu", "lstm",
  "masking", "maxpool1d", "maxpool2d", "multi_head_attention", "multiply", "normalization", "permute", "positional_encoding",
  "prelu", "random_contrast", "random_flip", "random_rotation", "random_translation", "random_zoom", "relu", "rescaling",
  "reshape", "separable_conv2d", "simple_rnn", "softmax", "subtract", "time_distributed", "upsampling2d", "zero_padding1d",
  "zero_padding2d",
];

test("OPS holds the whole catalog, sorted by name, names unique", () => {
  expect(OP_NAMES).toEqual(CATALOG);
  expect([...OP_NAMES].sort()).toEqual(OP_NAMES);
  expect(getOp("conv2d")?.keras).toBe("keras.layers.Conv2D");
  expect(getOp("Conv2D")).toBeUndefined();
});

test("ACTIVATIONS is the activation enum of dense, conv and the activation op", () => {
  expect([...ACTIVATIONS].sort()).toEqual(["elu", "gelu", "hard_sigmoid", "leaky_relu", "linear", "log_softmax", "relu", "relu6", "selu", "sigmoid", "softmax", "softplus", "softsign", "swish", "tanh"]);
  for (const name of ["dense", "conv2d", "gru"]) {
    expect(op(name).params.find((p) => p.name === "activation")?.type).toEqual({ kind: "enum", values: ACTIVATIONS });
  }
  // tfjs's LSTM/SimpleRNN cells cannot run leaky_relu (a layer in tfjs, not an activation name),
  // Keras 3's hard_sigmoid (tfjs's is Keras 2's formula) or log_softmax.
  for (const name of ["lstm", "simple_rnn"]) {
    expect(op(name).params.find((p) => p.name === "activation")?.type).toEqual({
      kind: "enum",
      values: ACTIVATIONS.filter((a) => a !== "leaky_relu" && a !== "hard_sigmoid" && a !== "log_softmax"),
    });
  }
  expect(op("activation").params[0]!.type).toEqual({ kind: "enum", values: ACTIVATIONS });
});

/** Whether a default value is valid for its declared type (so the JSON Schema can publish it). */
function defaultFits(p: ParamDef, v: AttrValue): boolean {
  const t = p.type;
  switch (t.kind) {
    case "int":
      return Number.isInteger(v) && (t.min === undefined || (v as number) >= t.min) && (t.max === undefined || (v as number) <= t.max);
    case "float":
      return typeof v === "number" && (t.min === undefined || v >= t.min) && (t.max === undefined || (t.exclusiveMax ? v < t.max : v <= t.max));
    case "bool":
      return typeof v === "boolean";
    case "string":
      return typeof v === "string";
    case "enum":
      return typeof v === "string" && t.values.includes(v);
    case "ints":
      return Number.isInteger(v) && (t.min === undefined || (v as number) >= t.min);
    case "intList":
      return Array.isArray(v);
    case "pairs":
      return Number.isInteger(v) && (t.min === undefined || (v as number) >= t.min);
    case "range":
      return (typeof v === "number" || (Array.isArray(v) && v.length === 2)) && [v].flat().every((x) => typeof x === "number" && (t.min === undefined || x >= t.min) && (t.max === undefined || x <= t.max));
    case "layer":
      return false;
  }
}

describe.each(OPS.map((o) => [o.name, o] as const))("%s definition", (_name, def) => {
  test("has docs, a Keras name, and sane input counts", () => {
    expect(def.doc.length).toBeGreaterThan(20);
    expect(def.keras).toMatch(/^keras/);
    expect(def.inputs.min).toBeGreaterThanOrEqual(1);
    expect(def.inputs.max).toBeGreaterThanOrEqual(def.inputs.min);
    expect(def.inputDoc).toBeTruthy();
  });
  test("params: unique snake_case names, docs, valid defaults, positional ones first", () => {
    const names = def.params.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of def.params) {
      expect(p.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(p.doc.length).toBeGreaterThan(5);
      if (p.required) expect(p.default).toBeUndefined();
      if (p.default !== undefined) expect(defaultFits(p, p.default), `${def.name}.${p.name}`).toBe(true);
    }
    const firstNamedOnly = def.params.findIndex((p) => !p.positional);
    if (firstNamedOnly >= 0) expect(def.params.slice(firstNamedOnly).some((p) => p.positional)).toBe(false);
  });
});

test("conventions from the language: first positional params", () => {
  const firstPositional = (name: string) => op(name).params.filter((p) => p.positional).map((p) => p.name);
  expect(firstPositional("dense")).toEqual(["units"]);
  expect(firstPositional("conv2d")).toEqual(["filters", "kernel"]);
  expect(firstPositional("maxpool2d")).toEqual(["pool"]);
  expect(firstPositional("dropout")).toEqual(["rate"]);
  expect(firstPositional("activation")).toEqual(["fn"]);
  expect(firstPositional("reshape")).toEqual(["target"]);
  expect(op("concat").params).toEqual([expect.objectContaining({ name: "axis", default: -1 })]);
  expect(op("conv2d").params.find((p) => p.name === "kernel")?.type).toEqual({ kind: "ints", length: 2, min: 1 });
});

/** A typical valid use of each op, to prove every op infers, counts and costs without errors. */
const TYPICAL: Record<string, { attrs?: Record<string, AttrValue>; inputs: Shape[]; dtype?: "i32" }> = {
  activation: { attrs: { fn: "relu" }, inputs: [[8]] },
  add: { inputs: [[8], [8]] },
  average: { inputs: [[8], [8]] },
  avgpool1d: { inputs: [[10, 4]] },
  avgpool2d: { inputs: [[8, 8, 4]] },
  batchnorm: { inputs: [[8, 8, 4]] },
  bidirectional: { attrs: { layer: layer("gru", { units: 4 }) }, inputs: [[10, 3]] },
  concat: { inputs: [[8], [4]] },
  conv1d: { attrs: { filters: 4, kernel: 3 }, inputs: [[10, 2]] },
  conv2d: { attrs: { filters: 4, kernel: 3 }, inputs: [[8, 8, 2]] },
  conv2d_transpose: { attrs: { filters: 4, kernel: 3, strides: 2 }, inputs: [[8, 8, 2]] },
  cropping1d: { attrs: { cropping: [[1, 2]] }, inputs: [[10, 4]] },
  cropping2d: { attrs: { cropping: [[1, 2], [0, 1]] }, inputs: [[8, 8, 4]] },
  elu: { inputs: [[8]] },
  leaky_relu: { inputs: [[8]] },
  prelu: { inputs: [[8, 8, 4]] },
  random_contrast: { attrs: { factor: 0.2 }, inputs: [[8, 8, 3]] },
  random_flip: { inputs: [[8, 8, 3]] },
  random_rotation: { attrs: { factor: 0.1 }, inputs: [[8, 8, 3]] },
  random_translation: { attrs: { height_factor: 0.1, width_factor: [-0.1, 0.2] }, inputs: [[8, 8, 3]] },
  random_zoom: { attrs: { height_factor: 0.1 }, inputs: [[8, 8, 3]] },
  relu: { inputs: [[8]] },
  softmax: { inputs: [[4, 8]] },
  zero_padding1d: { inputs: [[10, 4]] },
  dense: { attrs: { units: 4 }, inputs: [[8]] },
  depthwise_conv2d: { attrs: { kernel: 3 }, inputs: [[8, 8, 2]] },
  dropout: { attrs: { rate: 0.5 }, inputs: [[8]] },
  embedding: { attrs: { input_dim: 10, output_dim: 4 }, inputs: [[5]], dtype: "i32" },
  flatten: { inputs: [[2, 3]] },
  global_avgpool1d: { inputs: [[10, 4]] },
  global_avgpool2d: { inputs: [[8, 8, 4]] },
  global_maxpool1d: { inputs: [[10, 4]] },
  global_maxpool2d: { inputs: [[8, 8, 4]] },
  gru: { attrs: { units: 4 }, inputs: [[10, 3]] },
  layernorm: { inputs: [[10, 8]] },
  lstm: { attrs: { units: 4 }, inputs: [[10, 3]] },
  masking: { inputs: [[10, 3]] },
  maxpool1d: { inputs: [[10, 4]] },
  maxpool2d: { inputs: [[8, 8, 4]] },
  multi_head_attention: { attrs: { heads: 2, key_dim: 4 }, inputs: [[10, 8]] },
  multiply: { inputs: [[8], [8]] },
  normalization: { inputs: [[10, 3]] },
  permute: { attrs: { dims: [2, 1] }, inputs: [[10, 3]] },
  positional_encoding: { inputs: [[10, 8]] },
  rescaling: { attrs: { scale: 0.5 }, inputs: [[8]] },
  reshape: { attrs: { target: [-1, 2] }, inputs: [[8]] },
  separable_conv2d: { attrs: { filters: 4, kernel: 3 }, inputs: [[8, 8, 2]] },
  simple_rnn: { attrs: { units: 4 }, inputs: [[10, 3]] },
  subtract: { inputs: [[8], [8]] },
  time_distributed: { attrs: { layer: layer("dense", { units: 2 }) }, inputs: [[10, 3]] },
  upsampling2d: { inputs: [[4, 4, 2]] },
  zero_padding2d: { inputs: [[4, 4, 2]] },
};

test.each(CATALOG)("%s infers, counts parameters and flops for a typical use", (name) => {
  const use = TYPICAL[name]!;
  const given = use.attrs ?? {};
  const { result, errors } = run(name, given, use.inputs.map((s) => input(s, use.dtype ?? "f32")));
  expect(errors).toEqual([]);
  const def = op(name);
  const attrs = resolveAttrs(name, given);
  const count = def.paramCount(attrs, use.inputs);
  expect(count.trainable).toBeGreaterThanOrEqual(0);
  expect(count.nonTrainable).toBeGreaterThanOrEqual(0);
  const flops = def.flops(attrs, use.inputs, result!.shape);
  expect(Number.isFinite(flops) && flops >= 0).toBe(true);
});

test("op codes are in MFG3100–MFG3299", () => {
  for (const code of Object.keys(OPS_CODES)) expect(code).toMatch(/^MFG3[12]\d\d$/);
});

test("docs/ops.md is the current rendering of the registry (regenerate: npx tsx src/ir/ops/write-docs.ts)", () => {
  const committed = readFileSync(new URL("../../../docs/ops.md", import.meta.url), "utf8");
  expect(committed).toBe(renderOpsReference());
});

test("the reference has one section per op with its params", () => {
  const md = renderOpsReference();
  for (const name of OP_NAMES) expect(md).toContain(`\n## \`${name}\`\n`);
  expect(md).toContain("| `kernel` ¹ | int or list of 2 ints (≥ 1) | required |");
  expect(md).toContain("| `merge_mode` | one of `concat`, `sum`, `mul`, `ave` | `concat` |");
});
