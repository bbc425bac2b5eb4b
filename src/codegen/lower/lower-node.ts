/**
 * IR node → tfjs layers, with Keras's meaning: every default that differs between Keras and tfjs is
 * spelled out (initializers, recurrent activation, LSTM forget-gate bias, BatchNorm momentum/epsilon),
 * and ops tfjs lacks use mfgc's own layers (src/runtime/layers).
 */
import type { AttrValue, IRNode, LayerAttr, Shape } from "../../ir/types.js";
import { activationLayer, isConfigActivation, mfgActivation } from "./activations.js";
import { layerSeed } from "./seeds.js";
import { tfjsAxis } from "../../ir/ops/shape-utils.js";
import type { ConfigValue, InitializerValue, LayerSpec } from "./types.js";

export interface LowerContext {
  /** The run's seed (train section), from which every layer's initializer seed is derived. */
  readonly seed: number;
  /**
   * Ids of the nodes a padding mask reaches (src/ir/build/masks.ts): they get layers that honour or
   * pass on the mask where tfjs's own would drop it. Absent: no masks.
   */
  readonly maskedNodes?: ReadonlySet<string>;
}

export interface LoweredLayers {
  readonly layers: readonly LayerSpec[];
  readonly notes: readonly string[];
}

const init = (name: InitializerValue["name"], args: Record<string, number> = {}): InitializerValue => ({ kind: "initializer", name, args });

function num(attrs: Readonly<Record<string, AttrValue>>, key: string): number {
  const v = attrs[key];
  if (typeof v !== "number") throw new Error(`internal: attr \`${key}\` is not a number`);
  return v;
}
function optNum(attrs: Readonly<Record<string, AttrValue>>, key: string): number | null {
  const v = attrs[key];
  return typeof v === "number" ? v : null;
}
function bool(attrs: Readonly<Record<string, AttrValue>>, key: string): boolean {
  const v = attrs[key];
  if (typeof v !== "boolean") throw new Error(`internal: attr \`${key}\` is not a boolean`);
  return v;
}
function str(attrs: Readonly<Record<string, AttrValue>>, key: string): string {
  const v = attrs[key];
  if (typeof v !== "string") throw new Error(`internal: attr \`${key}\` is not a string`);
  return v;
}
function ints(attrs: Readonly<Record<string, AttrValue>>, key: string): number[] {
  const v = attrs[key];
  if (!Array.isArray(v) || !v.every((x) => typeof x === "number")) throw new Error(`internal: attr \`${key}\` is not an int list`);
  return v as number[];
}
/**
 * The `axis` attr as tfjs takes it. Spec axes follow Keras (batch is axis 0, −1 the last), as tfjs's do,
 * but a negative axis must not reach tfjs: its `concatenate` turns every negative axis into −1 at run
 * time. `shape` is the node's output shape, whose rank equals its input's for every op with an axis.
 */
function tfAxis(a: Readonly<Record<string, AttrValue>>, shape: Shape | undefined): number {
  if (shape === undefined) throw new Error("internal: an op with an axis is lowered without its shape");
  return tfjsAxis(num(a, "axis"), shape.length);
}
/** A `pairs` attr: per spatial axis, [before, after]. */
function pairs(attrs: Readonly<Record<string, AttrValue>>, key: string): number[][] {
  const v = attrs[key];
  if (!Array.isArray(v) || !v.every((p) => Array.isArray(p) && p.length === 2)) throw new Error(`internal: attr \`${key}\` is not a list of pairs`);
  return v as number[][];
}
/** A `range` attr as given: a number or [lower, upper]. */
function factorValue(attrs: Readonly<Record<string, AttrValue>>, key: string): ConfigValue {
  const v = attrs[key];
  if (typeof v === "number") return v;
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number")) return v as number[];
  throw new Error(`internal: attr \`${key}\` is not a number or a pair`);
}
/** The fill settings shared by the transform augmentations. */
function fill(attrs: Readonly<Record<string, AttrValue>>): Record<string, ConfigValue> {
  return { fillMode: str(attrs, "fill_mode"), interpolation: str(attrs, "interpolation"), fillValue: num(attrs, "fill_value") };
}
/** The node's output shape when every dimension is known (tfjs layers then need no `-1` to infer). */
function knownShape(shape: Shape | undefined): number[] | undefined {
  return shape !== undefined && shape.every((d) => d !== null) ? (shape as number[]) : undefined;
}
/** tfjs takes a bare number for 1-D sizes and a list for 2-D. */
function size(list: number[]): ConfigValue {
  return list.length === 1 ? list[0]! : list;
}

/**
 * A dense/conv whose activation tfjs can't name in its config gets a separate activation layer; the
 * node id names the *last* layer (the node's value), the first gets a `_pre` suffix.
 */
function withActivation(base: LayerSpec, fn: string, id: string, masked = false): LoweredLayers {
  if (isConfigActivation(fn)) return { layers: [{ ...base, config: { ...base.config, activation: fn, name: id } }], notes: [] };
  return {
    layers: [{ ...base, config: { ...base.config, activation: "linear", name: `${id}_pre` } }, activationLayer(fn, id, masked)],
    notes: [`tfjs has no \`${fn}\` activation string: applied as a separate layer`],
  };
}

const MASKED_MERGE_NOTE = "a padding mask reaches here: mfgc's MfgMerge combines masks as Keras 3 (tfjs's merge layers corrupt them)";

function glorot(ctx: LowerContext, id: string, salt = "kernel"): InitializerValue {
  return init("glorotUniform", { seed: layerSeed(ctx.seed, id, salt) });
}

export function lowerNode(node: IRNode, ctx: LowerContext): LoweredLayers {
  return lowerOp(node.op, node.attrs, node.id, ctx, node.shape, ctx.maskedNodes?.has(node.id) ?? false);
}

/**
 * Also used for the inner layer of wrappers (`bidirectional(lstm(…))`), which get `<id>_inner` names.
 * `shape` is the op's output shape (batch excluded) where known, to spell out sizes tfjs cannot infer;
 * `masked` says a padding mask reaches the op.
 */
export function lowerOp(op: string, a: Readonly<Record<string, AttrValue>>, id: string, ctx: LowerContext, shape?: Shape, masked = false): LoweredLayers {
  const one = (layer: LayerSpec, notes: readonly string[] = []): LoweredLayers => ({ layers: [layer], notes });
  switch (op) {
    case "dense":
      return withActivation(
        { factory: "dense", config: { units: num(a, "units"), useBias: bool(a, "use_bias"), kernelInitializer: glorot(ctx, id), biasInitializer: init("zeros") } },
        str(a, "activation"),
        id,
        masked,
      );
    case "conv1d":
    case "conv2d": {
      const causal = str(a, "padding") === "causal";
      const conv = withActivation(
        {
          factory: op,
          config: {
            filters: num(a, "filters"),
            kernelSize: size(ints(a, "kernel")),
            strides: size(ints(a, "strides")),
            padding: causal ? "valid" : str(a, "padding"),
            dilationRate: size(ints(a, "dilation")),
            useBias: bool(a, "use_bias"),
            kernelInitializer: glorot(ctx, id),
            biasInitializer: init("zeros"),
          },
        },
        str(a, "activation"),
        id,
        masked,
      );
      if (!causal) return conv;
      // Keras's causal padding: (kernel − 1)·dilation zeros before the steps, then a `valid` convolution
      // (tfjs's Conv1D has no causal mode).
      const left = (ints(a, "kernel")[0]! - 1) * ints(a, "dilation")[0]!;
      const pad: LayerSpec = { factory: "MfgZeroPadding1D", customClass: "MfgZeroPadding1D", config: { padding: [left, 0], name: `${id}_pad` } };
      return { layers: [pad, ...conv.layers], notes: [...conv.notes, "causal padding: mfgc's MfgZeroPadding1D pads the left, then a `valid` conv1d (tfjs has no causal mode)"] };
    }
    case "conv2d_transpose":
      if (a["output_padding"] !== null && a["output_padding"] !== undefined) {
        return one(
          {
            factory: "MfgConv2DTranspose",
            customClass: "MfgConv2DTranspose",
            config: {
              filters: num(a, "filters"),
              kernelSize: ints(a, "kernel"),
              strides: ints(a, "strides"),
              padding: str(a, "padding"),
              outputPadding: ints(a, "output_padding"),
              activation: str(a, "activation"),
              useBias: bool(a, "use_bias"),
              kernelInitializer: "glorotUniform",
              biasInitializer: "zeros",
              seed: layerSeed(ctx.seed, id),
              name: id,
            },
          },
          ["output_padding: mfgc's MfgConv2DTranspose (tfjs's Conv2DTranspose has none)"],
        );
      }
      return withActivation(
        {
          factory: "conv2dTranspose",
          config: {
            filters: num(a, "filters"),
            kernelSize: size(ints(a, "kernel")),
            strides: size(ints(a, "strides")),
            padding: str(a, "padding"),
            useBias: bool(a, "use_bias"),
            kernelInitializer: glorot(ctx, id),
            biasInitializer: init("zeros"),
          },
        },
        str(a, "activation"),
        id,
        masked,
      );
    case "depthwise_conv2d":
      // tfjs 4.22's DepthwiseConv2D ignores `dilationRate` (it passes null to the kernel and to its shape
      // computation): a dilated one is mfgc's MfgDepthwiseConv2D (space-to-batch, TensorFlow's rewrite).
      if (ints(a, "dilation").some((d) => d > 1)) {
        return one(
          {
            factory: "MfgDepthwiseConv2D",
            customClass: "MfgDepthwiseConv2D",
            config: {
              kernelSize: ints(a, "kernel"),
              dilationRate: ints(a, "dilation"),
              depthMultiplier: num(a, "depth_multiplier"),
              padding: str(a, "padding"),
              activation: str(a, "activation"),
              useBias: bool(a, "use_bias"),
              depthwiseInitializer: "glorotUniform",
              biasInitializer: "zeros",
              seed: layerSeed(ctx.seed, id, "depthwise"),
              name: id,
            },
          },
          ["dilation: mfgc's MfgDepthwiseConv2D (tfjs's DepthwiseConv2D ignores dilationRate)"],
        );
      }
      return withActivation(
        {
          factory: "depthwiseConv2d",
          config: {
            kernelSize: size(ints(a, "kernel")),
            depthMultiplier: num(a, "depth_multiplier"),
            strides: size(ints(a, "strides")),
            padding: str(a, "padding"),
            dilationRate: size(ints(a, "dilation")),
            useBias: bool(a, "use_bias"),
            depthwiseInitializer: glorot(ctx, id, "depthwise"),
            biasInitializer: init("zeros"),
          },
        },
        str(a, "activation"),
        id,
        masked,
      );
    case "separable_conv2d":
      return withActivation(
        {
          factory: "separableConv2d",
          config: {
            filters: num(a, "filters"),
            kernelSize: size(ints(a, "kernel")),
            depthMultiplier: num(a, "depth_multiplier"),
            strides: size(ints(a, "strides")),
            padding: str(a, "padding"),
            dilationRate: size(ints(a, "dilation")),
            useBias: bool(a, "use_bias"),
            depthwiseInitializer: glorot(ctx, id, "depthwise"),
            pointwiseInitializer: glorot(ctx, id, "pointwise"),
            biasInitializer: init("zeros"),
          },
        },
        str(a, "activation"),
        id,
        masked,
      );
    case "activation":
      return one(activationLayer(str(a, "fn"), id, masked));
    case "maxpool1d":
    case "maxpool2d":
    case "avgpool1d":
    case "avgpool2d": {
      const pool = ints(a, "pool");
      const strides = a["strides"] === null || a["strides"] === undefined ? pool : ints(a, "strides");
      const factory = { maxpool1d: "maxPooling1d", maxpool2d: "maxPooling2d", avgpool1d: "averagePooling1d", avgpool2d: "averagePooling2d" }[op];
      return one({ factory, config: { poolSize: size(pool), strides: size(strides), padding: str(a, "padding"), name: id } });
    }
    case "global_avgpool1d":
    case "global_avgpool2d":
    case "global_maxpool1d":
    case "global_maxpool2d": {
      if (op === "global_avgpool1d" && masked) {
        return one(
          { factory: "MfgGlobalAveragePooling1D", customClass: "MfgGlobalAveragePooling1D", config: { keepdims: bool(a, "keepdims"), name: id } },
          ["a padding mask reaches here: mfgc's MfgGlobalAveragePooling1D averages the unmasked steps only, as Keras (tfjs's averages every step)"],
        );
      }
      const factory = { global_avgpool1d: "globalAveragePooling1d", global_avgpool2d: "globalAveragePooling2d", global_maxpool1d: "globalMaxPooling1d", global_maxpool2d: "globalMaxPooling2d" }[op];
      if (!bool(a, "keepdims")) return one({ factory, config: { name: id } });
      // tfjs's global pooling layers have no `keepdims`: reshape the pooled channels back to rank.
      // The channel count is spelled out when known: with `-1` tfjs leaves it unknown in the static shape.
      const rank = op.endsWith("1d") ? 1 : 2;
      const channels = knownShape(shape)?.[rank] ?? -1;
      return {
        layers: [{ factory, config: { name: `${id}_pool` } }, { factory: "reshape", config: { targetShape: [...Array<number>(rank).fill(1), channels], name: id } }],
        notes: ["tfjs global pooling has no `keepdims`: followed by a reshape"],
      };
    }
    case "upsampling2d":
      if (str(a, "interpolation") === "bilinear") {
        return one(
          { factory: "MfgUpSampling2D", customClass: "MfgUpSampling2D", config: { size: ints(a, "size"), name: id } },
          ["Keras resizes with half-pixel centres: mfgc's MfgUpSampling2D (tfjs's bilinear UpSampling2D does not)"],
        );
      }
      return one({ factory: "upSampling2d", config: { size: ints(a, "size"), interpolation: "nearest", name: id } });
    case "zero_padding2d":
      return one({ factory: "zeroPadding2d", config: { padding: pairs(a, "padding"), name: id } });
    case "cropping2d":
      return one({ factory: "cropping2D", config: { cropping: pairs(a, "cropping"), name: id } });
    case "zero_padding1d":
      return one({ factory: "MfgZeroPadding1D", customClass: "MfgZeroPadding1D", config: { padding: pairs(a, "padding")[0]!, name: id } }, ["tfjs has no ZeroPadding1D: mfgc's MfgZeroPadding1D"]);
    case "cropping1d":
      return one({ factory: "MfgCropping1D", customClass: "MfgCropping1D", config: { cropping: pairs(a, "cropping")[0]!, name: id } }, ["tfjs has no Cropping1D: mfgc's MfgCropping1D"]);
    case "leaky_relu":
      return one(masked ? mfgActivation("leaky_relu", { alpha: num(a, "alpha") }, id) : { factory: "leakyReLU", config: { alpha: num(a, "alpha"), name: id } });
    case "elu":
      // tfjs's ELU layer refuses any alpha but 1 (and drops masks); its `elu` activation is alpha 1.
      return one(num(a, "alpha") === 1 ? { factory: "activation", config: { activation: "elu", name: id } } : mfgActivation("elu", { alpha: num(a, "alpha") }, id));
    case "relu": {
      // tfjs's ReLU layer knows only `maxValue`; Keras's slope and threshold need MfgActivation.
      const maxValue = optNum(a, "max_value");
      if (num(a, "negative_slope") === 0 && num(a, "threshold") === 0) return one({ factory: "reLU", config: { ...(maxValue === null ? {} : { maxValue }), name: id } });
      return one(mfgActivation("relu", { maxValue, negativeSlope: num(a, "negative_slope"), threshold: num(a, "threshold") }, id));
    }
    case "softmax": {
      // tfjs's softmax works on the last axis only.
      const axis = tfAxis(a, shape);
      if (shape !== undefined && axis === shape.length) return one({ factory: "softmax", config: { axis, name: id } });
      return one(mfgActivation("softmax", { axis }, id), ["softmax over an inner axis: mfgc's MfgActivation (tfjs's softmax takes only the last axis)"]);
    }
    case "prelu":
      return one({
        factory: "prelu",
        config: { alphaInitializer: init("zeros"), ...(ints(a, "shared_axes").length === 0 ? {} : { sharedAxes: ints(a, "shared_axes").map((x) => tfjsAxis(x, shape?.length ?? 0)) }), name: id },
      });
    case "random_flip":
      return one({ factory: "MfgRandomFlip", customClass: "MfgRandomFlip", config: { mode: str(a, "mode"), name: id } });
    case "random_translation":
      return one({ factory: "MfgRandomTranslation", customClass: "MfgRandomTranslation", config: { heightFactor: factorValue(a, "height_factor"), widthFactor: factorValue(a, "width_factor"), ...fill(a), name: id } });
    case "random_rotation":
      return one({ factory: "MfgRandomRotation", customClass: "MfgRandomRotation", config: { factor: factorValue(a, "factor"), ...fill(a), name: id } });
    case "random_zoom":
      return one({
        factory: "MfgRandomZoom",
        customClass: "MfgRandomZoom",
        config: { heightFactor: factorValue(a, "height_factor"), widthFactor: a["width_factor"] === null ? null : factorValue(a, "width_factor"), ...fill(a), name: id },
      });
    case "random_contrast":
      return one({ factory: "MfgRandomContrast", customClass: "MfgRandomContrast", config: { factor: factorValue(a, "factor"), valueRange: factorValue(a, "value_range"), name: id } });
    case "batchnorm":
      return one(
        {
          factory: "batchNormalization",
          config: {
            axis: tfAxis(a, shape),
            momentum: num(a, "momentum"),
            epsilon: num(a, "epsilon"),
            center: bool(a, "center"),
            scale: bool(a, "scale"),
            betaInitializer: init("zeros"),
            gammaInitializer: init("ones"),
            movingMeanInitializer: init("zeros"),
            movingVarianceInitializer: init("ones"),
            name: id,
          },
        },
        ["Keras defaults spelled out: momentum 0.99, epsilon 0.001"],
      );
    case "layernorm":
      return one({ factory: "layerNormalization", config: { axis: tfAxis(a, shape), epsilon: num(a, "epsilon"), center: bool(a, "center"), scale: bool(a, "scale"), name: id } });
    case "dropout":
      // Not seeded on purpose: a seeded tfjs dropout repeats the same mask every step.
      return one({ factory: "dropout", config: { rate: num(a, "rate"), name: id } });
    case "flatten":
      return one({ factory: "flatten", config: { name: id } });
    case "reshape":
      // A `-1` in the target is resolved from the IR's shape: tfjs would leave that size unknown statically,
      // and a following layer that needs it (dense, conv) would fail to build.
      return one({ factory: "reshape", config: { targetShape: knownShape(shape) ?? ints(a, "target"), name: id } });
    case "permute":
      return one({ factory: "permute", config: { dims: ints(a, "dims"), name: id } });
    case "add":
    case "subtract":
    case "multiply":
    case "average":
      if (masked) return one({ factory: "MfgMerge", customClass: "MfgMerge", config: { mode: op, name: id } }, [MASKED_MERGE_NOTE]);
      if (op === "subtract") return one({ factory: "MfgSubtract", customClass: "MfgSubtract", config: { name: id } }, ["tfjs has no Subtract layer: mfgc's MfgSubtract"]);
      return one({ factory: op, config: { name: id } });
    case "concat":
      if (masked) return one({ factory: "MfgMerge", customClass: "MfgMerge", config: { mode: "concatenate", axis: tfAxis(a, shape), name: id } }, [MASKED_MERGE_NOTE]);
      return one({ factory: "concatenate", config: { axis: tfAxis(a, shape), name: id } });
    case "embedding":
      return one(
        {
          factory: "embedding",
          config: {
            inputDim: num(a, "input_dim"),
            outputDim: num(a, "output_dim"),
            maskZero: bool(a, "mask_zero"),
            embeddingsInitializer: init("randomUniform", { minval: -0.05, maxval: 0.05, seed: layerSeed(ctx.seed, id, "embeddings") }),
            name: id,
          },
        },
        ["Keras default initializer spelled out: uniform(-0.05, 0.05)"],
      );
    case "masking":
      return one({ factory: "masking", config: { maskValue: num(a, "mask_value"), name: id } });
    case "simple_rnn":
      return one({ factory: "simpleRNN", config: { ...rnnCommon(a, id, ctx), name: id } });
    case "lstm":
      return one(
        { factory: "lstm", config: { ...rnnCommon(a, id, ctx), recurrentActivation: rnnActivation(a, "recurrent_activation"), unitForgetBias: true, name: id } },
        ["Keras semantics: recurrent activation and unit forget bias spelled out (tfjs defaults differ)"],
      );
    case "gru":
      return one(
        {
          factory: "MfgGRU",
          customClass: "MfgGRU",
          config: {
            units: num(a, "units"),
            activation: str(a, "activation"),
            recurrentActivation: str(a, "recurrent_activation"),
            useBias: bool(a, "use_bias"),
            returnSequences: bool(a, "return_sequences"),
            goBackwards: bool(a, "go_backwards"),
            resetAfter: bool(a, "reset_after"),
            dropout: num(a, "dropout"),
            recurrentDropout: num(a, "recurrent_dropout"),
            kernelInitializer: "glorotUniform",
            recurrentInitializer: "orthogonal",
            biasInitializer: "zeros",
            seed: layerSeed(ctx.seed, id),
            name: id,
          },
        },
        ["Keras GRU (reset_after) is mfgc's MfgGRU: tfjs's GRU has only the reset_after=false variant"],
      );
    case "bidirectional": {
      const inner = a["layer"] as LayerAttr;
      const lowered = lowerOp(inner.op, inner.attrs, `${id}_inner`, ctx);
      if (lowered.layers.length !== 1) throw new Error(`internal: bidirectional inner layer lowers to ${lowered.layers.length} layers`);
      const layer = lowered.layers[0]!;
      if (layer.customClass !== undefined) {
        return one(
          { factory: "MfgBidirectional", customClass: "MfgBidirectional", config: { layer: { kind: "layer", layer }, mergeMode: str(a, "merge_mode"), name: id } },
          [...lowered.notes, "tfjs's Bidirectional only wraps its own RNN layers: mfgc's MfgBidirectional owns both directions"],
        );
      }
      return one({ factory: "bidirectional", config: { layer: { kind: "layer", layer }, mergeMode: str(a, "merge_mode"), name: id } }, lowered.notes);
    }
    case "time_distributed": {
      const inner = a["layer"] as LayerAttr;
      const lowered = lowerOp(inner.op, inner.attrs, `${id}_inner`, ctx, shape?.slice(1));
      // An inner op that lowers to several layers (dense + leakyReLU, pooling + reshape) gets one
      // timeDistributed per layer, named like the unwrapped lowering (`<id>_pre`, …, `<id>`).
      const layers = lowered.layers.map((layer, j): LayerSpec => {
        const innerName = String(layer.config["name"]);
        const name = j === lowered.layers.length - 1 ? id : `${id}${innerName.slice(`${id}_inner`.length)}`;
        return { factory: "timeDistributed", config: { layer: { kind: "layer", layer }, name } };
      });
      return { layers, notes: lowered.notes };
    }
    case "multi_head_attention":
      return one({
        factory: "MfgMultiHeadAttention",
        customClass: "MfgMultiHeadAttention",
        config: {
          numHeads: num(a, "heads"),
          keyDim: num(a, "key_dim"),
          valueDim: optNum(a, "value_dim"),
          dropout: num(a, "dropout"),
          useBias: bool(a, "use_bias"),
          outputShape: optNum(a, "output_dim"),
          useCausalMask: bool(a, "causal"),
          seed: layerSeed(ctx.seed, id),
          name: id,
        },
      });
    case "positional_encoding":
      return one({
        factory: "MfgPositionalEncoding",
        customClass: "MfgPositionalEncoding",
        config: { mode: str(a, "mode"), maxLength: optNum(a, "max_length"), seed: layerSeed(ctx.seed, id), name: id },
      });
    case "rescaling":
      return one({ factory: "rescaling", config: { scale: num(a, "scale"), offset: num(a, "offset"), name: id } });
    case "normalization":
      return one(
        { factory: "MfgNormalization", customClass: "MfgNormalization", config: { axis: tfAxis(a, shape), name: id } },
        ["statistics are adapted from the training split before training starts"],
      );
    default:
      throw new Error(`internal: no tfjs lowering for op \`${op}\``);
  }
}

/** tfjs's own recurrent cells only take activation names tfjs knows; `leaky_relu` is not one of them. */
function rnnActivation(a: Readonly<Record<string, AttrValue>>, key: string): string {
  const fn = str(a, key);
  if (!isConfigActivation(fn)) throw new Error(`internal: tfjs's LSTM/SimpleRNN cannot use \`${fn}\` as ${key}; the checker must reject it`);
  return fn;
}

function rnnCommon(a: Readonly<Record<string, AttrValue>>, id: string, ctx: LowerContext): Record<string, ConfigValue> {
  return {
    units: num(a, "units"),
    activation: rnnActivation(a, "activation"),
    useBias: bool(a, "use_bias"),
    returnSequences: bool(a, "return_sequences"),
    goBackwards: bool(a, "go_backwards"),
    dropout: num(a, "dropout"),
    recurrentDropout: num(a, "recurrent_dropout"),
    kernelInitializer: glorot(ctx, id),
    recurrentInitializer: init("orthogonal", { seed: layerSeed(ctx.seed, id, "recurrent") }),
    biasInitializer: init("zeros"),
  };
}
