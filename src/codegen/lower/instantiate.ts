/**
 * Builds a tfjs model directly from a LoweredGraph, in process: what the generated `buildModel()` does,
 * without printing code. Used by the numeric pass tests and by `mfgc export`.
 */
import * as tf from "@tensorflow/tfjs";
import * as customLayers from "../../runtime/layers/index.js";
import type { ConfigValue, LayerSpec, LoweredGraph } from "./types.js";

type LayerFactory = (config: Record<string, unknown>) => tf.layers.Layer;

function factoryFor(spec: LayerSpec): LayerFactory {
  if (spec.customClass !== undefined) {
    const ctor = (customLayers as unknown as Record<string, new (c: Record<string, unknown>) => tf.layers.Layer>)[spec.customClass];
    if (ctor === undefined) throw new Error(`internal: no custom layer class \`${spec.customClass}\``);
    return (c) => new ctor(c);
  }
  const f = (tf.layers as unknown as Record<string, LayerFactory | undefined>)[spec.factory];
  if (f === undefined) throw new Error(`internal: tf.layers has no \`${spec.factory}\``);
  return f;
}

function materialize(v: ConfigValue): unknown {
  if (Array.isArray(v)) return v.map(materialize);
  if (v !== null && typeof v === "object") {
    if ("kind" in v && v.kind === "initializer") {
      const make = (tf.initializers as unknown as Record<string, (a: Record<string, number>) => ReturnType<typeof tf.initializers.zeros>>)[v.name]!;
      return make({ ...v.args });
    }
    if ("kind" in v && v.kind === "layer") return makeLayer(v.layer);
  }
  return v;
}

export function makeLayer(spec: LayerSpec): tf.layers.Layer {
  const config: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec.config)) config[k] = materialize(v);
  return factoryFor(spec)(config);
}

export function instantiate(lowered: LoweredGraph): tf.LayersModel {
  const tensors = new Map<string, tf.SymbolicTensor>();
  for (const input of lowered.inputs) {
    tensors.set(input.id, tf.input({ shape: [...input.shape], dtype: input.dtype === "i32" ? "int32" : "float32", name: input.id }));
  }
  for (const node of lowered.nodes) {
    const args = node.inputs.map((id) => {
      const t = tensors.get(id);
      if (!t) throw new Error(`internal: node \`${node.id}\` reads \`${id}\` before it is built`);
      return t;
    });
    let value: tf.SymbolicTensor | tf.SymbolicTensor[] = args.length === 1 ? args[0]! : args;
    for (const spec of node.layers) value = makeLayer(spec).apply(value) as tf.SymbolicTensor;
    tensors.set(node.id, value as tf.SymbolicTensor);
  }
  return tf.model({
    inputs: lowered.inputs.map((i) => tensors.get(i.id)!),
    outputs: lowered.outputs.map((o) => tensors.get(o)!),
    name: lowered.name,
  });
}
