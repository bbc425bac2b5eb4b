/**
 * Ids an embedding can look up. Keras's `Embedding` needs integer ids in [0, input_dim); TensorFlow on
 * a CPU stops with an InvalidArgumentError for any other id, and tfjs fails deep inside a training step
 * (`GatherV2`) with no hint of where the id came from. So every integer model input that feeds an
 * embedding is checked while the data loads, before training starts, and a bad id is a data error
 * naming the file, the row and the column (MFG4600).
 */
import type * as tf from "@tensorflow/tfjs";
import { dataError } from "./data-error.js";
import type { InMemoryDataset, ModelSignature } from "./types.js";

/** What the ids of one model input must satisfy: 0 ≤ id < `inputDim` (the smallest embedding reading it). */
export interface IdRange {
  readonly inputDim: number;
  /** Name of the embedding layer with that `input_dim`, for the message. */
  readonly layer: string;
}

/** Layers that move ids around without changing them, so an embedding after them still reads the input. */
const VALUE_PRESERVING = new Set(["Reshape", "Flatten", "Permute"]);

interface LayerInternals {
  readonly inboundNodes: readonly { readonly inboundLayers: readonly tf.layers.Layer[] }[];
}

/** The model input (by name) an embedding reads, following value-preserving layers back; undefined otherwise. */
function sourceInput(layer: tf.layers.Layer, inputNames: ReadonlySet<string>): string | undefined {
  let current: tf.layers.Layer | undefined = layer;
  for (let hops = 0; current !== undefined && hops < 64; hops++) {
    const inbound: readonly tf.layers.Layer[] = (current as unknown as LayerInternals).inboundNodes[0]?.inboundLayers ?? [];
    if (inbound.length !== 1) return undefined;
    const from = inbound[0]!;
    if (from.getClassName() === "InputLayer") return inputNames.has(from.name) ? from.name : undefined;
    if (!VALUE_PRESERVING.has(from.getClassName())) return undefined;
    current = from;
  }
  return undefined;
}

/**
 * For each model input that feeds an embedding (directly or through reshape/flatten/permute), the id
 * range it must keep to. Inputs read by several embeddings keep to the smallest `input_dim`.
 */
export function embeddingIdRanges(model: tf.LayersModel): Map<string, IdRange> {
  const names = new Set(model.inputNames);
  const ranges = new Map<string, IdRange>();
  for (const layer of model.layers) {
    if (layer.getClassName() !== "Embedding") continue;
    const inputDim = layer.getConfig()["inputDim"];
    const input = sourceInput(layer, names);
    if (typeof inputDim !== "number" || input === undefined) continue;
    const known = ranges.get(input);
    if (known === undefined || inputDim < known.inputDim) ranges.set(input, { inputDim, layer: layer.name });
  }
  return ranges;
}

/** Why `v` is no id for `range` ("-1 is negative", …), or undefined when it is one. */
export function badIdReason(v: number, range: IdRange): string | undefined {
  if (!Number.isInteger(v)) return `${v} is not an integer id`;
  if (v < 0) return `id ${v} is negative`;
  if (v >= range.inputDim) return `id ${v} is not below input_dim ${range.inputDim}`;
  return undefined;
}

/** Where a value was read, for the message: the file, "row 7, column `machine`", and a byte offset. */
export interface IdLocation {
  readonly file: string;
  readonly where: string;
  readonly offset: number;
}

/** The data error for a bad id: file, row and column in the message, the embedding in the hint. */
export function badIdError(reason: string, range: IdRange, at: IdLocation, input: string): Error {
  return dataError("MFG4600", at.file, `${reason} at ${at.where}: model input \`${input}\` feeds embedding \`${range.layer}\`, which looks up ids 0..${range.inputDim - 1}`, at.offset, [
    `raise the embedding's \`input_dim\` to cover every id (at least the largest id + 1), or remap the ids`,
  ]);
}

/**
 * Checks every id of every input with an {@link IdRange} in an in-memory dataset; `locate(input, sample,
 * element)` says where a value came from. Throws the first bad id as a data error.
 */
export function checkDatasetIds(ds: InMemoryDataset, sig: ModelSignature, locate: (input: string, sample: number, element: number) => IdLocation): void {
  for (const input of sig.inputs) {
    if (input.ids === undefined) continue;
    const arr = ds.inputs[input.name];
    if (arr === undefined) continue;
    const per = arr.sampleShape.reduce((a, b) => a * b, 1);
    for (let k = 0; k < arr.data.length; k++) {
      const reason = badIdReason(arr.data[k]!, input.ids);
      if (reason !== undefined) throw badIdError(reason, input.ids, locate(input.name, Math.floor(k / per), k % per), input.name);
    }
  }
}
