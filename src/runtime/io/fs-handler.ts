/**
 * A file-system `tf.io.IOHandler` for plain `@tensorflow/tfjs` in Node (which has no `file://` handler):
 * a directory with `model.json` (topology + weights manifest, the tfjs layers format) and `weights.bin`.
 * The weights are written first and `model.json` last, each atomically, so a directory with a
 * `model.json` always has the weights it names.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { writeFileAtomic } from "./atomic.js";
import { pushAll } from "../../util/arrays.js";

const MODEL_FILE = "model.json";
const WEIGHTS_FILE = "weights.bin";

function concatWeightData(data: tf.io.WeightData): Uint8Array {
  const buffers = Array.isArray(data) ? data : [data];
  const total = buffers.reduce((s, b) => s + b.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out;
}

/**
 * Reads one file of a saved model: `model.json` (`role` "topology") or a weights file. `capBytes` is the
 * most the file can usefully hold (for weights, what the manifest declares); a reader may refuse more.
 */
export type ModelFileReader = (file: string, role: "topology" | "weights", capBytes: number) => Promise<Uint8Array>;

/** The largest `model.json` read: a 20,000-layer topology (more than the node cap) is about 20 MB of JSON. */
export const MAX_MODEL_JSON_BYTES = 256 * 1024 * 1024;

const readWhole: ModelFileReader = (file) => readFile(file);

/** Bytes per element of a weight as stored (quantized weights use their quantized type). */
const STORED_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 };

/**
 * The bytes a weights manifest declares: the sum over its weights of elements × stored bytes; Infinity
 * when a weight's size cannot be known from the manifest (string tensors).
 */
export function declaredWeightBytes(manifest: tf.io.WeightsManifestConfig): number {
  let total = 0;
  for (const group of manifest) {
    for (const w of group.weights) {
      const per = STORED_BYTES[w.quantization?.dtype ?? w.dtype];
      if (per === undefined) return Infinity;
      total += w.shape.reduce((a, d) => a * d, 1) * per;
    }
  }
  return total;
}

/**
 * Saves to / loads from `dir`. Use with `model.save(fileHandler(dir))` and `tf.loadLayersModel(fileHandler(dir))`.
 * `read` reads the files on load (the transfer source passes one that confines and caps what it reads).
 */
export function fileHandler(dir: string, read: ModelFileReader = readWhole): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const weights = artifacts.weightData === undefined ? new Uint8Array(0) : concatWeightData(artifacts.weightData);
      await writeFileAtomic(path.join(dir, WEIGHTS_FILE), weights);
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as tf.io.ModelJSON["modelTopology"],
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
        format: artifacts.format ?? "layers-model",
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: artifacts.convertedBy ?? null,
        ...(artifacts.trainingConfig === undefined ? {} : { trainingConfig: artifacts.trainingConfig }),
        ...(artifacts.userDefinedMetadata === undefined ? {} : { userDefinedMetadata: artifacts.userDefinedMetadata }),
      };
      await writeFileAtomic(path.join(dir, MODEL_FILE), JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const text = Buffer.from(await read(path.join(dir, MODEL_FILE), "topology", MAX_MODEL_JSON_BYTES)).toString("utf8");
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(text) as tf.io.ModelJSON;
      } catch {
        // Not the parser's message: it quotes the file's text, and the file may not be a model at all.
        throw new Error(`${MODEL_FILE} is not valid JSON`);
      }
      if (!Array.isArray(json.weightsManifest)) throw new Error(`${MODEL_FILE} has no weights manifest`);
      const declared = declaredWeightBytes(json.weightsManifest);
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Uint8Array[] = [];
      for (const group of json.weightsManifest) {
        pushAll(specs, group.weights);
        for (const p of group.paths) {
          // Manifest paths are file names inside `dir`; anything else would read outside the model folder.
          if (path.basename(p) !== p) throw new Error(`weights path \`${p}\` in ${MODEL_FILE} must be a plain file name`);
          buffers.push(await read(path.join(dir, p), "weights", declared));
        }
      }
      const weightData = concatWeightData(buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer)).buffer as ArrayBuffer;
      return {
        modelTopology: json.modelTopology,
        weightSpecs: specs,
        weightData,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        ...(json.trainingConfig === undefined ? {} : { trainingConfig: json.trainingConfig }),
        ...(json.userDefinedMetadata === undefined ? {} : { userDefinedMetadata: json.userDefinedMetadata }),
      };
    },
  };
}

/** Saves a model to `dir` (model.json + weights.bin). */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(fileHandler(dir));
}

/** Loads a model saved by {@link saveModel} (custom layers must be registered first). */
export function loadModel(dir: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(fileHandler(dir));
}
