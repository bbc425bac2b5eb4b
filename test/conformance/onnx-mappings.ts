/**
 * ONNX node tests → mfgc specs. Each mapping turns one ONNX node (op, attributes, the test's input
 * data) into a one-op mfgc spec, the weights its layer gets (ONNX constant inputs and initializers), the
 * model's input data and how the model's output is laid out back into ONNX's — or says why mfgc cannot
 * express it (a string). ONNX images are NCHW and mfgc's channels-last: data is transposed in and out.
 * mfgc's batch is ONNX's axis 0, so an op acting along axis 0 is not expressible.
 */

/** A tensor as the converter writes it (row-major data). */
export interface OnnxTensor {
  readonly dtype: "float" | "int" | "other";
  readonly shape: readonly number[];
  readonly data: readonly number[] | null;
}

export interface OnnxNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attrs: Readonly<Record<string, unknown>>;
}

export interface OnnxTest {
  readonly ops: readonly string[];
  readonly opset: number;
  readonly unreadable?: string;
  readonly node?: OnnxNode;
  readonly initializers?: Readonly<Record<string, OnnxTensor>>;
  readonly inputs?: Readonly<Record<string, OnnxTensor>>;
  readonly outputs?: Readonly<Record<string, OnnxTensor>>;
}

/** A plain row-major array with its shape. */
export interface Arr {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

/** What the conformance test builds and checks for one expressible ONNX test. */
export interface Expressed {
  /** The mfgc spec (DSL): inputs named `x`, `x2`, …; the op's node is named `out`. */
  readonly spec: string;
  /** Model input data in model-input order (channels-last where the spec is). */
  readonly feeds: readonly Arr[];
  /** Weights of the layer named `out`, in tfjs's weight order. */
  readonly weights: readonly Arr[];
  /** Per compared ONNX output: how to get it from the model's (single) output. */
  readonly outputs: readonly { readonly name: string; readonly from: (y: Arr) => Arr }[];
}

export type Mapping = (t: Required<Pick<OnnxTest, "node" | "opset">> & OnnxTest, v: Values) => Expressed | string;

/** Access to the node's input tensors (test inputs or initializers) by position. */
export interface Values {
  /** The tensor for input `i`, or undefined when absent (empty name) or not constant data. */
  at(i: number): Arr | undefined;
  present(i: number): boolean;
}

// ---- array helpers --------------------------------------------------------------------------------

export function transpose(a: Arr, perm: readonly number[]): Arr {
  const shape = perm.map((p) => a.shape[p]!);
  const strides = a.shape.map((_d, i) => a.shape.slice(i + 1).reduce((x, y) => x * y, 1));
  const out = new Array<number>(a.data.length);
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < out.length; k++) {
    let src = 0;
    for (let j = 0; j < shape.length; j++) src += idx[j]! * strides[perm[j]!]!;
    out[k] = a.data[src]!;
    for (let j = shape.length - 1; j >= 0; j--) {
      idx[j]!++;
      if (idx[j]! < shape[j]!) break;
      idx[j] = 0;
    }
  }
  return { shape, data: out };
}

const reshape = (a: Arr, shape: readonly number[]): Arr => ({ shape, data: a.data });
const size = (shape: readonly number[]) => shape.reduce((x, y) => x * y, 1);
/** NCHW… → NHWC… (channels to the end). */
const toChannelsLast = (a: Arr) => transpose(a, [0, ...a.shape.slice(2).map((_d, i) => i + 2), 1]);
/** NHWC… → NCHW…. */
const toChannelsFirst = (a: Arr) => transpose(a, [0, a.shape.length - 1, ...a.shape.slice(1, -1).map((_d, i) => i + 1)]);
const same = (a: Arr) => a;
const dims = (shape: readonly number[]) => shape.slice(1).join(", ");

/** `T` with literal types widened (`0` → number), so attribute values compare against any literal. */
type Widen<T> = T extends number ? number : T extends string ? string : T;

function attr<T>(node: OnnxNode, name: string, fallback: T): Widen<T> {
  const v = node.attrs[name];
  return (v === undefined || v === null ? fallback : v) as Widen<T>;
}

/** A one-input spec `x -> <steps> as out`. */
function chain(inputShape: readonly number[], steps: string): string {
  return `model T {\n  input x: f32[${dims(inputShape)}]\n  x -> ${steps} as out\n  output out\n}\n`;
}

function single(a: Arr, steps: string, weights: readonly Arr[] = [], output: string, from: (y: Arr) => Arr = same): Expressed {
  return { spec: chain(a.shape, steps), feeds: [a], weights, outputs: [{ name: output, from }] };
}

const isDefault = (x: number, d: number) => Math.abs(x - d) < 1e-6;

// ---- mappings --------------------------------------------------------------------------------------

function activation(fn: string): Mapping {
  return ({ node }, v) => {
    const x = v.at(0)!;
    if (x.shape.length < 2) return "a rank-1 input is only a batch";
    return single(x, fn, [], node.outputs[0]!);
  };
}

const MAPPINGS: Readonly<Record<string, Mapping>> = {
  Relu: activation("activation(relu)"),
  Sigmoid: activation("activation(sigmoid)"),
  Tanh: activation("activation(tanh)"),
  Softplus: activation("activation(softplus)"),
  Softsign: activation("activation(softsign)"),
  Selu: (t, v) =>
    isDefault(attr(t.node, "alpha", 1.67326319217681884765625), 1.67326319217681884765625) && isDefault(attr(t.node, "gamma", 1.05070102214813232421875), 1.05070102214813232421875)
      ? activation("activation(selu)")(t, v)
      : "selu with other alpha/gamma than Keras's",
  Elu: (t, v) => activation(`elu(${attr(t.node, "alpha", 1)})`)(t, v),
  LeakyRelu: (t, v) => activation(`leaky_relu(${attr(t.node, "alpha", 0.01)})`)(t, v),
  ThresholdedRelu: (t, v) => activation(`relu(threshold: ${attr(t.node, "alpha", 1)})`)(t, v),
  HardSigmoid: (t, v) =>
    isDefault(attr(t.node, "alpha", 0.2), 1 / 6) && isDefault(attr(t.node, "beta", 0.5), 0.5) ? activation("activation(hard_sigmoid)")(t, v) : "hard_sigmoid's slope is Keras 3's 1/6",
  Clip: (t, v) => {
    const lo = t.opset < 11 ? attr<number | null>(t.node, "min", null) : v.present(1) ? (v.at(1)?.data[0] ?? null) : null;
    const hi = t.opset < 11 ? attr<number | null>(t.node, "max", null) : v.present(2) ? (v.at(2)?.data[0] ?? null) : null;
    if (lo !== 0) return "clip with a lower bound other than 0";
    return activation(hi === null ? "relu" : `relu(max_value: ${hi})`)(t, v);
  },
  PRelu: ({ node }, v) => {
    const x = v.at(0)!;
    const slope = v.at(1);
    if (slope === undefined || x.shape.length < 2) return "slope not constant, or rank-1 input";
    // Broadcast the slope to one α per element of a sample (numpy rules, right-aligned).
    const sample = x.shape.slice(1);
    const s = slope.shape;
    if (s.length > sample.length || s.some((d, i) => d !== 1 && d !== sample[sample.length - s.length + i])) return "slope does not broadcast over a sample";
    const alpha = new Array<number>(size(sample));
    for (let k = 0; k < alpha.length; k++) {
      let rem = k;
      let src = 0;
      let stride = 1;
      for (let j = sample.length - 1; j >= 0; j--) {
        const coord = rem % sample[j]!;
        rem = Math.floor(rem / sample[j]!);
        const sj = j - (sample.length - s.length);
        if (sj >= 0) {
          src += (s[sj] === 1 ? 0 : coord) * stride;
          stride *= s[sj]!;
        }
      }
      alpha[k] = slope.data[src]!;
    }
    return single(x, "prelu", [{ shape: sample, data: alpha }], node.outputs[0]!);
  },
  Softmax: ({ node, opset }, v) => {
    const x = v.at(0)!;
    const r = x.shape.length;
    const axis = attr(node, "axis", opset >= 13 ? -1 : 1);
    const a = axis < 0 ? axis + r : axis;
    if (a === 0) return "softmax over the batch axis";
    if (opset < 13 && a !== r - 1) return "opset < 13 softmax flattens the trailing axes";
    return single(x, `softmax(axis: ${a})`, [], node.outputs[0]!);
  },
  LogSoftmax: ({ node, opset }, v) => {
    const x = v.at(0)!;
    const r = x.shape.length;
    const axis = attr(node, "axis", opset >= 13 ? -1 : 1);
    if ((axis < 0 ? axis + r : axis) !== r - 1 || r < 2) return "log_softmax is over the last axis only";
    return single(x, "activation(log_softmax)", [], node.outputs[0]!);
  },
  Add: merge("add", 2),
  Sub: merge("subtract", 2),
  Mul: merge("multiply", 2),
  Sum: merge("add", Infinity),
  Mean: merge("average", Infinity),
  Concat: ({ node }, v) => {
    const xs = node.inputs.map((_n, i) => v.at(i)!);
    const r = xs[0]!.shape.length;
    const axis = attr(node, "axis", 0);
    const a = axis < 0 ? axis + r : axis;
    if (a === 0 || xs.length < 2) return "concat along the batch, or of one input";
    const names = xs.map((_x, i) => (i === 0 ? "x" : `x${i + 1}`));
    const spec = `model T {\n${xs.map((x, i) => `  input ${names[i]}: f32[${dims(x.shape)}]\n`).join("")}  out = concat(${names.join(", ")}, axis: ${a})\n  output out\n}\n`;
    return { spec, feeds: xs, weights: [], outputs: [{ name: node.outputs[0]!, from: same }] };
  },
  Flatten: ({ node }, v) => {
    const x = v.at(0)!;
    if (attr(node, "axis", 1) !== 1 || x.shape.length < 2) return "flatten at an axis other than 1";
    return single(x, "flatten", [], node.outputs[0]!);
  },
  Reshape: ({ node }, v) => {
    const x = v.at(0)!;
    const target = v.at(1);
    if (target === undefined || attr(node, "allowzero", 0) !== 0) return "shape not constant";
    const t = target.data.map((d, i) => (d === 0 ? x.shape[i]! : d));
    if (t[0] !== x.shape[0]) return "the reshape moves the batch";
    if (t.length < 2) return "reshape to a batch only";
    return single(x, `reshape([${t.slice(1).join(", ")}])`, [], node.outputs[0]!);
  },
  Transpose: ({ node }, v) => {
    const x = v.at(0)!;
    const perm = attr<number[] | null>(node, "perm", null) ?? x.shape.map((_d, i) => x.shape.length - 1 - i);
    if (perm[0] !== 0) return "the transpose moves the batch";
    return single(x, `permute([${perm.slice(1).join(", ")}])`, [], node.outputs[0]!);
  },
  Dropout: (t, v) => {
    if (t.node.outputs.length > 1 && t.node.outputs[1] !== "") return "the dropout mask output";
    if (v.present(2)) return "training_mode input";
    // At inference dropout is the identity whatever its ratio; a ratio of 1 is not a Keras rate.
    const ratio = t.opset < 12 ? attr(t.node, "ratio", 0.5) : v.present(1) ? (v.at(1)?.data[0] ?? 0.5) : 0.5;
    return ratio < 1 ? activation(`dropout(${ratio})`)(t, v) : "a dropout ratio of 1";
  },
  Conv: conv,
  ConvTranspose: convTranspose,
  MaxPool: pool("max"),
  AveragePool: pool("avg"),
  GlobalAveragePool: globalPool("avg"),
  GlobalMaxPool: globalPool("max"),
  BatchNormalization: ({ node }, v) => {
    if (attr(node, "training_mode", 0) !== 0 || node.outputs.length > 1) return "training-mode batch normalization";
    const x = v.at(0)!;
    const stats = [1, 2, 3, 4].map((i) => v.at(i));
    if (stats.some((s) => s === undefined) || x.shape.length < 2) return "statistics not constant";
    // Keras's weight order: gamma, beta, moving mean, moving variance — ONNX's input order.
    const cl = x.shape.length > 2 ? toChannelsLast(x) : x;
    return single(cl, `batchnorm(epsilon: ${attr(node, "epsilon", 1e-5)})`, stats as Arr[], node.outputs[0]!, x.shape.length > 2 ? toChannelsFirst : same);
  },
  Gemm: ({ node }, v) => {
    const a = v.at(0)!;
    const b = v.at(1);
    if (b === undefined || attr(node, "transA", 0) !== 0 || a.shape.length !== 2) return "transposed A or a non-constant B";
    const alpha = attr(node, "alpha", 1);
    const beta = attr(node, "beta", 1);
    const kernel = attr(node, "transB", 0) === 1 ? transpose(b, [1, 0]) : b;
    const units = kernel.shape[1]!;
    const c = v.at(2);
    if (v.present(2) && c === undefined) return "C not constant";
    // A bias per output unit only: C of shape [N], [1, N] or a scalar (a per-row C depends on the batch).
    if (c !== undefined && !(size(c.shape) === 1 || (size(c.shape) === units && (c.shape.length === 1 || c.shape[0] === 1)))) return "a bias per row";
    const weights: Arr[] = [{ shape: kernel.shape, data: kernel.data.map((w) => w * alpha) }];
    if (c !== undefined) weights.push({ shape: [units], data: Array.from({ length: units }, (_u, i) => (size(c.shape) === 1 ? c.data[0]! : c.data[i]!) * beta) });
    return single(a, `dense(${units}${c === undefined ? ", use_bias: false" : ""})`, weights, node.outputs[0]!);
  },
  MatMul: ({ node }, v) => {
    const a = v.at(0)!;
    const b = v.at(1);
    if (b === undefined || a.shape.length !== 2 || b.shape.length !== 2) return "a batched or non-constant matmul";
    return single(a, `dense(${b.shape[1]}, use_bias: false)`, [b], node.outputs[0]!);
  },
  LayerNormalization: ({ node }, v) => {
    const x = v.at(0)!;
    const r = x.shape.length;
    const axis = attr(node, "axis", -1);
    if ((axis < 0 ? axis + r : axis) !== r - 1) return "normalization over several trailing axes (mfgc's layernorm takes one axis)";
    const scale = v.at(1);
    const bias = v.at(2);
    if (scale === undefined || (v.present(2) && bias === undefined)) return "scale or bias not constant";
    const weights = bias === undefined ? [scale] : [scale, bias];
    // Only Y is compared: Mean and InvStdDev are statistics the layer does not output.
    return single(x, `layernorm(epsilon: ${attr(node, "epsilon", 1e-5)}${bias === undefined ? ", center: false" : ""})`, weights, node.outputs[0]!);
  },
  ReduceMean: reduce("avg"),
  ReduceMax: reduce("max"),
  LSTM: recurrent("lstm"),
  GRU: recurrent("gru"),
  RNN: recurrent("simple_rnn"),
  Resize: resize,
  Upsample: resize,
  Pad: ({ node, opset }, v) => {
    const x = v.at(0)!;
    if (attr(node, "mode", "constant") !== "constant") return "edge/reflect padding";
    const pads = opset < 11 ? attr<number[]>(node, "pads", []) : v.at(1)?.data;
    const value = opset < 11 ? attr(node, "value", 0) : v.present(2) ? (v.at(2)?.data[0] ?? 0) : 0;
    const r = x.shape.length;
    if (pads === undefined || value !== 0 || (r !== 3 && r !== 4)) return "padding not constant zeros of a 1-D or 2-D signal";
    if (pads[0] !== 0 || pads[1] !== 0 || pads[r] !== 0 || pads[r + 1] !== 0) return "padding of the batch or channels";
    const spatial = Array.from({ length: r - 2 }, (_d, i) => [pads[2 + i]!, pads[r + 2 + i]!]);
    const flat = spatial.flat();
    const op = flat.every((p) => p >= 0) ? "zero_padding" : flat.every((p) => p <= 0) ? "cropping" : undefined;
    if (op === undefined) return "padding and cropping at once";
    const amounts = spatial.map(([b, a]) => `[${Math.abs(b!)}, ${Math.abs(a!)}]`);
    const step = `${op}${r - 2}d(${r === 3 ? amounts[0] : `[${amounts.join(", ")}]`})`;
    return single(toChannelsLast(x), step, [], node.outputs[0]!, toChannelsFirst);
  },
};

function merge(op: string, max: number): Mapping {
  return ({ node }, v) => {
    const xs = node.inputs.map((_n, i) => v.at(i)!);
    if (xs.length < 2 || xs.length > max) return "one input";
    if (xs.some((x) => x.shape.join() !== xs[0]!.shape.join())) return "broadcasting inputs";
    if (xs[0]!.shape.length < 2) return "a rank-1 input is only a batch";
    const names = xs.map((_x, i) => (i === 0 ? "x" : `x${i + 1}`));
    const spec = `model T {\n${xs.map((x, i) => `  input ${names[i]}: f32[${dims(x.shape)}]\n`).join("")}  out = ${op}(${names.join(", ")})\n  output out\n}\n`;
    return { spec, feeds: xs, weights: [], outputs: [{ name: node.outputs[0]!, from: same }] };
  };
}

/**
 * ONNX's SAME_UPPER/SAME_LOWER pads for input sizes `ins`: total = max((⌈in/s⌉ − 1)·s + (k − 1)·d + 1 − in, 0),
 * the odd one at the end (upper) or the start (lower). Returned in ONNX order (begins, then ends).
 */
function samePads(ins: readonly number[], k: readonly number[], s: readonly number[], d: readonly number[], lower: boolean): number[] {
  const totals = ins.map((n, i) => Math.max((Math.ceil(n / s[i]!) - 1) * s[i]! + (k[i]! - 1) * d[i]! + 1 - n, 0));
  const begins = totals.map((t) => (lower ? Math.ceil(t / 2) : Math.floor(t / 2)));
  return [...begins, ...totals.map((t, i) => t - begins[i]!)];
}

/** The `zero_padding1d/2d(…) -> ` step for ONNX pads [x1_begin, x2_begin, …, x1_end, x2_end, …]. */
function zeroPaddingStep(pads: readonly number[], n: number): string {
  const pairs = Array.from({ length: n }, (_d, i) => `[${pads[i]!}, ${pads[n + i]!}]`);
  return `zero_padding${n}d(${n === 1 ? pairs[0] : `[${pairs.join(", ")}]`}) -> `;
}

function conv({ node }: { node: OnnxNode }, v: Values): Expressed | string {
  const x = v.at(0)!;
  const w = v.at(1);
  const n = x.shape.length - 2;
  if (w === undefined || (n !== 1 && n !== 2)) return "weights not constant, or a 3-D convolution";
  const c = x.shape[1]!;
  const m = w.shape[0]!;
  const k = w.shape.slice(2);
  const group = attr(node, "group", 1);
  const strides = attr<number[]>(node, "strides", k.map(() => 1));
  const dilations = attr<number[]>(node, "dilations", k.map(() => 1));
  if (strides.some((s) => s > 1) && dilations.some((d) => d > 1)) return "strides and dilation together (Keras refuses them)";
  const autoPad = attr(node, "auto_pad", "NOTSET");
  // SAME_LOWER puts the odd pad first (TensorFlow's same puts it last): spell it out as explicit pads.
  const pads = autoPad === "SAME_LOWER" ? samePads(x.shape.slice(2), k, strides, dilations, true) : attr<number[]>(node, "pads", new Array<number>(2 * n).fill(0));
  let padStep = "";
  let padding = "valid";
  if (autoPad === "SAME_UPPER") padding = "same";
  else if (autoPad !== "NOTSET" && autoPad !== "VALID" && autoPad !== "SAME_LOWER") return `auto_pad ${autoPad}`;
  else if (pads.some((p) => p !== 0)) padStep = zeroPaddingStep(pads, n);
  const b = v.at(2);
  if (v.present(2) && b === undefined) return "bias not constant";
  const list = (xs: readonly number[]) => (n === 1 ? `${xs[0]}` : `[${xs.join(", ")}]`);
  const common = `${list(k)}, strides: ${list(strides)}, dilation: ${list(dilations)}, padding: ${padding}${b === undefined ? ", use_bias: false" : ""}`;
  let step: string;
  let kernel: Arr;
  if (group === 1) {
    step = `conv${n}d(${m}, ${common})`;
    kernel = transpose(w, n === 1 ? [2, 1, 0] : [2, 3, 1, 0]);
  } else if (group === c && n === 2 && m % c === 0) {
    // Depthwise: W [C·mult, 1, kh, kw] → Keras depthwise_kernel [kh, kw, C, mult].
    step = `depthwise_conv2d(${common}, depth_multiplier: ${m / c})`;
    kernel = reshape(transpose(w, [2, 3, 1, 0]), [k[0]!, k[1]!, c, m / c]);
  } else return "grouped convolution";
  const weights = b === undefined ? [kernel] : [kernel, b];
  return single(toChannelsLast(x), padStep + step, weights, node.outputs[0]!, toChannelsFirst);
}

function convTranspose({ node }: { node: OnnxNode }, v: Values): Expressed | string {
  const x = v.at(0)!;
  const w = v.at(1);
  if (w === undefined || x.shape.length !== 4) return "weights not constant, or not 2-D";
  if (attr(node, "group", 1) !== 1 || attr<number[] | null>(node, "output_shape", null) !== null) return "groups or an explicit output_shape";
  if (attr<number[]>(node, "dilations", [1, 1]).some((d) => d !== 1)) return "dilated transposed convolution";
  if (attr(node, "auto_pad", "NOTSET") !== "NOTSET" || attr<number[]>(node, "pads", [0, 0, 0, 0]).some((p) => p !== 0)) return "cropped (padded) transposed convolution";
  const strides = attr<number[]>(node, "strides", [1, 1]);
  const op = attr<number[]>(node, "output_padding", [0, 0]);
  if (op.some((p, i) => p >= strides[i]!)) return "output_padding ≥ strides";
  const b = v.at(2);
  const f = w.shape[1]!;
  // ONNX W [C, M, kh, kw] → Keras kernel [kh, kw, M, C]. output_padding is always given, so the output
  // length is (in − 1)·s + k + op as ONNX's (Keras's formula without it differs when k < s).
  const kernel = transpose(w, [2, 3, 1, 0]);
  const step = `conv2d_transpose(${f}, [${w.shape[2]}, ${w.shape[3]}], strides: [${strides.join(", ")}], output_padding: [${op.join(", ")}]${b === undefined ? ", use_bias: false" : ""})`;
  return single(toChannelsLast(x), step, b === undefined ? [kernel] : [kernel, b], node.outputs[0]!, toChannelsFirst);
}

function pool(kind: "max" | "avg"): Mapping {
  return ({ node }, v) => {
    const x = v.at(0)!;
    const n = x.shape.length - 2;
    if (n !== 1 && n !== 2) return "3-D pooling";
    if (node.outputs.length > 1) return "max pooling indices";
    const k = attr<number[]>(node, "kernel_shape", []);
    const strides = attr<number[]>(node, "strides", k.map(() => 1));
    if (attr(node, "ceil_mode", 0) !== 0 || attr<number[]>(node, "dilations", k.map(() => 1)).some((d) => d !== 1)) return "ceil mode or dilated pooling";
    const autoPad = attr(node, "auto_pad", "NOTSET");
    const pads = attr<number[]>(node, "pads", new Array<number>(2 * n).fill(0));
    let padding = "valid";
    if (autoPad === "SAME_UPPER") {
      padding = "same";
      // TensorFlow's same average pooling leaves the padding out of the mean, as count_include_pad 0 does.
      if (kind === "avg" && attr(node, "count_include_pad", 0) !== 0) return "count_include_pad";
    } else if (autoPad !== "NOTSET" && autoPad !== "VALID") return `auto_pad ${autoPad}`;
    const list = (xs: readonly number[]) => (n === 1 ? `${xs[0]}` : `[${xs.join(", ")}]`);
    let padStep = "";
    if (autoPad === "NOTSET" && pads.some((p) => p !== 0)) {
      // Averaging zeros into the mean is count_include_pad = 1; max pooling pads with −∞, not zeros.
      if (kind === "max" || attr(node, "count_include_pad", 0) !== 1) return "explicit pooling pads that are left out of the result";
      padStep = zeroPaddingStep(pads, n);
    }
    return single(toChannelsLast(x), `${padStep}${kind}pool${n}d(${list(k)}, strides: ${list(strides)}, padding: ${padding})`, [], node.outputs[0]!, toChannelsFirst);
  };
}

function globalPool(kind: "max" | "avg"): Mapping {
  return ({ node }, v) => {
    const x = v.at(0)!;
    const n = x.shape.length - 2;
    if (n !== 1 && n !== 2) return "3-D pooling";
    return single(toChannelsLast(x), `global_${kind}pool${n}d(keepdims: true)`, [], node.outputs[0]!, toChannelsFirst);
  };
}

function reduce(kind: "max" | "avg"): Mapping {
  return ({ node, opset }, v) => {
    const x = v.at(0)!;
    const r = x.shape.length;
    const axes = (opset >= 18 ? v.at(1)?.data : attr<number[] | null>(node, "axes", null)) ?? null;
    if (axes === null) return "reduction over every axis (the batch too)";
    const sorted = axes.map((a) => (a < 0 ? a + r : a)).sort();
    const keep = attr(node, "keepdims", 1) === 1;
    // Channels-last view: (N, steps, features) or (N, h, w, channels); reducing the middle axes is global pooling.
    if (r === 3 && sorted.join() === "1") return single(x, `global_${kind}pool1d(keepdims: ${keep})`, [], node.outputs[0]!);
    if (r === 4 && sorted.join() === "1,2") return single(x, `global_${kind}pool2d(keepdims: ${keep})`, [], node.outputs[0]!);
    return "a reduction that is not global pooling";
  };
}

/** ONNX gate blocks → Keras order: LSTM i, o, f, c → i, f, c, o; GRU and RNN keep z, r, h. */
function regate(kind: "lstm" | "gru" | "simple_rnn", rows: Arr, hidden: number): Arr {
  // rows: [gates·hidden, cols] for one direction.
  const cols = rows.shape[1]!;
  const block = (g: number) => rows.data.slice(g * hidden * cols, (g + 1) * hidden * cols);
  const order = kind === "lstm" ? [0, 2, 3, 1] : kind === "gru" ? [0, 1, 2] : [0];
  const data = order.flatMap((g) => Array.from(block(g)));
  return transpose({ shape: [order.length * hidden, cols], data }, [1, 0]);
}

function recurrent(kind: "lstm" | "gru" | "simple_rnn"): Mapping {
  return ({ node }, v) => {
    const hidden = attr(node, "hidden_size", 0);
    if (attr(node, "direction", "forward") !== "forward" || attr(node, "clip", null) !== null) return "reverse/bidirectional or clipped recurrence";
    if (attr<string[] | null>(node, "activations", null) !== null) return "custom activations";
    if (kind === "lstm" && attr(node, "input_forget", 0) !== 0) return "coupled input-forget gate";
    if ([4, 5, 6, 7].some((i) => v.present(i))) return "sequence lengths, initial state or peepholes";
    const layout = attr(node, "layout", 0);
    const xOnnx = v.at(0)!;
    const w = v.at(1);
    const r = v.at(2);
    if (w === undefined || r === undefined) return "weights not constant";
    const x = layout === 0 ? transpose(xOnnx, [1, 0, 2]) : xOnnx;
    const [batch, steps] = x.shape;
    const gates = kind === "lstm" ? 4 : kind === "gru" ? 3 : 1;
    const kernel = regate(kind, { shape: [gates * hidden, w.shape[2]!], data: w.data }, hidden);
    const recurrentKernel = regate(kind, { shape: [gates * hidden, hidden], data: r.data }, hidden);
    const b = v.at(3) ?? { shape: [1, 2 * gates * hidden], data: new Array<number>(2 * gates * hidden).fill(0) };
    const wb = regate(kind, { shape: [gates * hidden, 1], data: b.data.slice(0, gates * hidden) }, hidden).data;
    const rb = regate(kind, { shape: [gates * hidden, 1], data: b.data.slice(gates * hidden) }, hidden).data;
    const resetAfter = kind === "gru" && attr(node, "linear_before_reset", 0) === 1;
    // Keras keeps one bias (Wb + Rb) except a reset_after GRU, which keeps both rows.
    const bias: Arr = resetAfter ? { shape: [2, gates * hidden], data: [...wb, ...rb] } : { shape: [gates * hidden], data: wb.map((x1, i) => x1 + rb[i]!) };
    const op = kind === "gru" ? `gru(${hidden}, reset_after: ${resetAfter}, return_sequences: true)` : `${kind}(${hidden}, return_sequences: true)`;
    // The model outputs every step, (batch, steps, hidden): Y is that in ONNX's layout, Y_h its last step.
    const outputs: Expressed["outputs"][number][] = [];
    const y = node.outputs[0] ?? "";
    const yh = node.outputs[1] ?? "";
    if (node.outputs.length > 2 && node.outputs[2] !== "") return "the cell state output";
    if (y !== "") outputs.push({ name: y, from: (a) => (layout === 0 ? reshape(transpose(a, [1, 0, 2]), [steps!, 1, batch!, hidden]) : reshape(a, [batch!, steps!, 1, hidden])) });
    const last = (a: Arr): Arr => ({ shape: [batch!, hidden], data: Array.from({ length: batch! }, (_b, i) => a.data.slice((i * steps! + steps! - 1) * hidden, (i * steps! + steps!) * hidden)).flat() });
    if (yh !== "") outputs.push({ name: yh, from: (a) => (layout === 0 ? reshape(last(a), [1, batch!, hidden]) : reshape(last(a), [batch!, 1, hidden])) });
    return { spec: chain(x.shape, op), feeds: [x], weights: [kernel, recurrentKernel, bias], outputs };
  };
}

function resize({ node, opset }: { node: OnnxNode; opset: number }, v: Values): Expressed | string {
  const x = v.at(0)!;
  if (x.shape.length !== 4) return "not an image";
  const scales = node.op === "Upsample" ? (opset < 9 ? attr<number[] | null>(node, "scales", null) : v.at(1)?.data) : v.present(2) ? v.at(2)?.data : undefined;
  const sizes = node.op === "Resize" && v.present(3) ? v.at(3)?.data : undefined;
  const factors = scales ?? (sizes === undefined ? undefined : sizes.map((s, i) => s / x.shape[i]!));
  if (factors === undefined || factors[0] !== 1 || factors[1] !== 1 || !factors.slice(2).every((f) => Number.isInteger(f) && f >= 1)) return "a non-integer or channel/batch scale";
  const mode = attr(node, "mode", "nearest");
  const coords = node.op === "Upsample" ? "asymmetric" : attr(node, "coordinate_transformation_mode", "half_pixel");
  let interpolation: string;
  if (mode === "linear" && (coords === "half_pixel" || coords === "pytorch_half_pixel")) interpolation = "bilinear";
  else if (mode === "nearest" && ((coords === "asymmetric" && attr(node, "nearest_mode", "round_prefer_floor") === "floor") || (coords === "half_pixel" && attr(node, "nearest_mode", "round_prefer_floor") === "round_prefer_floor") || node.op === "Upsample"))
    interpolation = "nearest";
  else return `${mode} resize with ${coords} coordinates`;
  return single(toChannelsLast(x), `upsampling2d([${factors[2]}, ${factors[3]}], interpolation: ${interpolation})`, [], node.outputs[0]!, toChannelsFirst);
}

/** The mapping for an ONNX op, if mfgc has one. */
export function mappingFor(op: string): Mapping | undefined {
  return MAPPINGS[op];
}
