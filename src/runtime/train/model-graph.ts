/**
 * The trained model's structure as plain data (layers, output shapes, parameters, trainable or frozen,
 * and which layers feed which), read from the built tfjs model so it shows exactly what trained —
 * after optimization passes, transfer and freezing. `mfgc report` lays it out as a graph.
 */
import type * as tf from "@tensorflow/tfjs";

/** One layer of {@link ModelGraph}. */
export interface GraphLayer {
  readonly name: string;
  /** tfjs class name (`Conv2D`, `Dense`, `MfgGRU`, `InputLayer`, …). */
  readonly className: string;
  /** Batch first (`null`); a list of shapes for a layer with several outputs. */
  readonly outputShape: readonly (number | null)[] | readonly (readonly (number | null)[])[];
  readonly params: number;
  readonly trainableParams: number;
  /** False for a frozen layer (and for input layers). */
  readonly trainable: boolean;
  /** Names of the layers whose outputs this layer reads, in input order. */
  readonly inputs: readonly string[];
}

/** Contents of the `graph` field of `run-info.json`. */
export interface ModelGraph {
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly layers: readonly GraphLayer[];
  readonly totalParams: number;
  readonly trainableParams: number;
}

/** The part of tfjs's (untyped) `Node` bookkeeping this module reads. */
interface InboundNode {
  readonly inboundLayers: readonly { readonly name: string }[];
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** Describes a built model. Layers come in tfjs's topological order. */
export function describeModel(model: tf.LayersModel): ModelGraph {
  const layers: GraphLayer[] = model.layers.map((layer) => {
    const inbound = (layer as unknown as { inboundNodes: readonly InboundNode[] }).inboundNodes;
    // mfgc applies every layer once, so its first inbound node is the only one.
    const inputs = inbound[0]?.inboundLayers.map((l) => l.name) ?? [];
    const trainableParams = layer.trainable ? layer.trainableWeights.reduce((n, w) => n + elementCount(w.shape as number[]), 0) : 0;
    const outputShape = layer.outputShape as GraphLayer["outputShape"];
    return {
      name: layer.name,
      className: layer.getClassName(),
      outputShape,
      params: layer.countParams(),
      trainableParams,
      trainable: layer.trainable && layer.getClassName() !== "InputLayer",
      inputs,
    };
  });
  return {
    name: model.name,
    inputs: model.inputLayers.map((l) => l.name),
    outputs: model.outputs.map((t, i) => t.sourceLayer?.name ?? model.outputNames[i] ?? t.name),
    layers,
    totalParams: layers.reduce((n, l) => n + l.params, 0),
    trainableParams: layers.reduce((n, l) => n + l.trainableParams, 0),
  };
}
