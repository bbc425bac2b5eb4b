/**
 * The lowered form of an IR graph: for each node, the tfjs layer(s) that compute it, with every config
 * value decided. Codegen prints this (`tf.layers.conv2d({ … })`) and `instantiate` builds it directly
 * (tests, `mfgc export`), so the printed code and the in-process model can never disagree.
 */
import type { Span } from "../../diagnostics/span.js";
import type { DType, Shape } from "../../ir/types.js";

/** A seeded initializer instance: printed as `tf.initializers.glorotUniform({ seed: 123 })`. */
export interface InitializerValue {
  readonly kind: "initializer";
  /** `tf.initializers` factory name. */
  readonly name: "glorotUniform" | "orthogonal" | "zeros" | "ones" | "randomUniform" | "heNormal";
  readonly args: Readonly<Record<string, number>>;
}

/** A layer passed as a config value (the `layer` of `bidirectional` / `timeDistributed`). */
export interface NestedLayerValue {
  readonly kind: "layer";
  readonly layer: LayerSpec;
}

export type ConfigValue = number | string | boolean | null | readonly ConfigValue[] | InitializerValue | NestedLayerValue;

export type LayerConfig = Readonly<Record<string, ConfigValue>>;

/** One tfjs layer: a `tf.layers.<factory>(config)` call, or `new <customClass>(config)`. */
export interface LayerSpec {
  readonly factory: string;
  /** Set for mfgc's own layers (src/runtime/layers): the exported class name. */
  readonly customClass?: string;
  readonly config: LayerConfig;
}

export interface LoweredInput {
  readonly id: string;
  readonly shape: Shape;
  readonly dtype: DType;
  readonly span: Span;
}

export interface LoweredNode {
  readonly id: string;
  readonly op: string;
  readonly inputs: readonly string[];
  /** Applied in order; usually one. The last layer's name is the node id. */
  readonly layers: readonly LayerSpec[];
  readonly span: Span;
  /** Reviewer notes printed above the layer ("Keras default spelled out: …"). */
  readonly notes: readonly string[];
}

export interface LoweredGraph {
  readonly name: string;
  readonly inputs: readonly LoweredInput[];
  readonly nodes: readonly LoweredNode[];
  readonly outputs: readonly string[];
  /** One input, one output, each node reads the previous one: printable as `tf.sequential`. */
  readonly sequential: boolean;
}
