/**
 * Transfer learning at run time: read a trained model's weights (a run folder's `model/` or an exported
 * model folder), match them to the new model's layers **by layer name** (weights within a layer by their
 * short names: `kernel`, `bias`, …), copy them in, and freeze layers. Matching is a pure function over
 * shapes so `mfgc train` can run it before training and turn each problem into a positioned diagnostic;
 * the runtime runs it again and refuses to train on any problem.
 *
 * Keras semantics: a frozen layer's weights are not trained; a frozen BatchNormalization also runs in
 * inference mode (moving statistics used and not updated), as Keras does since 2.1.3
 * (keras.io/guides/transfer_learning, "BatchNormalization layer"). tfjs would otherwise keep updating
 * moving statistics of a non-trainable layer.
 */
import { existsSync, statSync } from "node:fs";
import { realpath } from "node:fs/promises";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { TransferConfig } from "../config.js";
import { dataError, DataError, displayPath } from "../data/data-error.js";
import { dataRootsFor, insideDataRoots, type DataRoots } from "../data/data-path.js";
import { fileHandler, type ModelFileReader } from "../io/fs-handler.js";
import { isPseudoFilePath, NotRegularFileError, readCapped } from "../io/regular-file.js";
import { shortWeightNames, weightKeys } from "../io/weight-names.js";

/** Weights of a trained model, grouped by layer name (manifest order kept). */
export interface SourceWeights {
  /** The folder holding model.json + weights.bin. */
  readonly dir: string;
  readonly layers: ReadonlyMap<string, SourceLayer>;
}

export interface SourceLayer {
  /** tfjs class name from the saved topology, when it names the layer. */
  readonly className: string | null;
  /** Short weight name → tensor (owned by the {@link SourceWeights}; see {@link disposeSource}). */
  readonly weights: ReadonlyMap<string, tf.Tensor>;
}

/** A reason the source's weights do not fit the model. `layer` is the new model's layer name. */
export interface TransferProblem {
  readonly code: "MFG4701" | "MFG4702" | "MFG4703" | "MFG4704";
  readonly layer: string;
  readonly message: string;
}

/** What will be (or was) copied and frozen. */
export interface TransferPlan {
  /** Layers that take the source's weights, in model order. */
  readonly loaded: readonly string[];
  /** Layers with weights that take nothing from the source (not listed, or not in the source): they start from their initializers. */
  readonly fresh: readonly string[];
  readonly frozen: readonly string[];
  readonly problems: readonly TransferProblem[];
}

/** Recorded in `run-info.json`. */
export interface TransferSummary {
  readonly source: string;
  readonly kind: TransferConfig["source"]["kind"];
  readonly loaded: readonly string[];
  readonly fresh: readonly string[];
  readonly frozen: readonly string[];
  readonly lrScale: number;
  readonly unfreezeAt: number | null;
}

const ROOTS_HINT = "a transfer source must lie inside the spec's project; to read it from elsewhere, allow its folder when you run mfgc: `--data-root <folder>`";

/**
 * Where a transfer source's path really leads (links resolved), refused like a data path
 * (data/data-path.ts): MFG4930 outside the data roots, MFG4931 in a kernel pseudo-file system.
 */
async function confine(file: string, roots: DataRoots, hint: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(file);
  } catch (e) {
    throw dataError("MFG4700", file, `cannot open transfer source file \`${displayPath(file)}\`: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 0, [hint]);
  }
  if (isPseudoFilePath(real)) throw notRegular(file, "kernel pseudo-file");
  if (!insideDataRoots(roots, real)) {
    const where = real === file ? "" : ` (it leads to \`${real}\`)`;
    throw dataError("MFG4930", file, `transfer source \`${displayPath(file)}\`${where} is outside the spec's project \`${roots.project}\``, 0, [ROOTS_HINT]);
  }
  return real;
}

function notRegular(file: string, kind: string): DataError {
  return dataError("MFG4931", file, `transfer source file \`${displayPath(file)}\` is a ${kind}, not a regular file`, 0, ["a transfer source is a folder of regular files (model.json and its weights); mfgc does not read pipes, devices or kernel pseudo-files"]);
}

/**
 * Reads the files of a transfer source: each must lead inside the data roots and be a regular file, and
 * at most `cap + 1` bytes are read (MFG4932 past the cap: model.json's cap, or the weights the manifest declares).
 */
function confinedReader(roots: DataRoots, hint: string): ModelFileReader {
  return async (file, role, cap) => {
    const real = await confine(file, roots, hint);
    let read;
    try {
      read = await readCapped(real, cap);
    } catch (e) {
      if (e instanceof NotRegularFileError) throw notRegular(file, e.kind);
      throw dataError("MFG4700", file, `cannot read transfer source file \`${displayPath(file)}\`: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 0, [hint]);
    }
    if (read.overCap) {
      const what = role === "topology" ? "the most a model.json is read" : "what its weights manifest declares";
      throw dataError("MFG4932", file, `transfer source file \`${displayPath(file)}\` holds more than ${cap.toLocaleString("en-US")} bytes, ${what}`, 0, [hint]);
    }
    return read.bytes;
  };
}

function loadArtifacts(dir: string, read: ModelFileReader): Promise<tf.io.ModelArtifacts> {
  const handler = fileHandler(dir, read);
  if (handler.load === undefined) throw new Error("internal: the file handler cannot load");
  return handler.load();
}

/** The folder with the source's model.json: `<run>/model` for a run, the folder itself for a model. */
export function sourceModelDir(source: TransferConfig["source"], specDir: string): string {
  const dir = path.resolve(specDir, source.path);
  return source.kind === "run" ? path.join(dir, "model") : dir;
}

interface TopologyLayer {
  readonly class_name?: string;
  readonly config?: { readonly name?: string };
}

function classNamesOf(topology: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const config = (topology as { config?: { layers?: readonly TopologyLayer[] } } | undefined)?.config;
  for (const l of config?.layers ?? []) if (l.config?.name !== undefined && l.class_name !== undefined) out.set(l.config.name, l.class_name);
  return out;
}

/**
 * Reads a trained model's weights. The source is confined like a data path: its folder and every file
 * read from it must lead inside the spec's project or a folder in `roots` (`--data-root`), MFG4930; be
 * regular files, MFG4931; and hold no more than model.json's cap or the weights its manifest declares,
 * MFG4932. A missing folder, a folder without model.json, or unreadable weights is MFG4700 naming the folder.
 */
export async function readSourceWeights(source: TransferConfig["source"], specDir: string, roots: DataRoots): Promise<SourceWeights> {
  const dir = sourceModelDir(source, specDir);
  const shown = displayPath(dir);
  const hint = source.kind === "run" ? "`mfgc train` saves a run's model to `<run folder>/model/`; train the source spec first" : "`mfgc export` writes model.json and weights.bin";
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw dataError("MFG4700", dir, `transfer source \`${shown}\` does not exist`, 0, [hint]);
  await confine(dir, roots, hint);
  if (!existsSync(path.join(dir, "model.json"))) throw dataError("MFG4700", dir, `transfer source \`${shown}\` has no model.json`, 0, [hint]);
  let artifacts: tf.io.ModelArtifacts;
  let named: tf.NamedTensorMap;
  try {
    artifacts = await loadArtifacts(dir, confinedReader(roots, hint));
    named = tf.io.decodeWeights(artifacts.weightData ?? new ArrayBuffer(0), artifacts.weightSpecs ?? []);
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw dataError("MFG4700", dir, `cannot read the weights of transfer source \`${shown}\`: ${e instanceof Error ? e.message : String(e)}`, 0, [hint]);
  }
  const classes = classNamesOf(artifacts.modelTopology);
  const byLayer = new Map<string, { names: string[]; tensors: tf.Tensor[] }>();
  for (const spec of artifacts.weightSpecs ?? []) {
    const slash = spec.name.indexOf("/");
    const layer = slash < 0 ? spec.name : spec.name.slice(0, slash);
    const entry = byLayer.get(layer) ?? { names: [], tensors: [] };
    entry.names.push(spec.name);
    entry.tensors.push(named[spec.name]!);
    byLayer.set(layer, entry);
  }
  const layers = new Map<string, SourceLayer>();
  for (const [name, e] of byLayer) {
    const keys = shortWeightNames(name, e.names);
    layers.set(name, { className: classes.get(name) ?? null, weights: new Map(keys.map((k, i) => [k, e.tensors[i]!])) });
  }
  return { dir, layers };
}

export function disposeSource(source: SourceWeights): void {
  for (const l of source.layers.values()) tf.dispose([...l.weights.values()]);
}

const shapeText = (s: readonly (number | null)[]): string => `[${s.join(", ")}]`;

/**
 * Matches the source's weights to `model`'s layers. With `config.layers` listed, every listed layer must
 * be in the source with the same weights and shapes; without, every layer with weights that the source
 * has under the same name must match, and the others start fresh. Freezing is resolved here too.
 */
export function planTransfer(model: tf.LayersModel, source: SourceWeights, config: TransferConfig): TransferPlan {
  const problems: TransferProblem[] = [];
  const loaded: string[] = [];
  const fresh: string[] = [];
  const listed = config.layers === null ? null : new Set(config.layers);
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    if (listed !== null && !listed.has(layer.name)) {
      fresh.push(layer.name);
      continue;
    }
    const src = source.layers.get(layer.name);
    if (src === undefined) {
      if (listed !== null) problems.push({ code: "MFG4701", layer: layer.name, message: `layer \`${layer.name}\` is not in the transfer source \`${displayPath(source.dir)}\`` });
      else fresh.push(layer.name);
      continue;
    }
    const before = problems.length;
    const keys = weightKeys(layer);
    const kind = `${layer.getClassName()}${src.className !== null && src.className !== layer.getClassName() ? ` (a ${src.className} in the source)` : ""}`;
    if (src.weights.size !== keys.length) {
      problems.push({ code: "MFG4703", layer: layer.name, message: `layer \`${layer.name}\` (${kind}) has ${keys.length} weights; the source's layer of that name has ${src.weights.size}` });
      continue;
    }
    keys.forEach((key, i) => {
      const got = src.weights.get(key);
      const want = layer.weights[i]!.shape;
      if (got === undefined) {
        problems.push({ code: "MFG4703", layer: layer.name, message: `layer \`${layer.name}\` (${kind}) has weight \`${key}\`, which the source's layer of that name lacks` });
      } else if (got.shape.length !== want.length || got.shape.some((d, k) => d !== want[k])) {
        problems.push({
          code: "MFG4702",
          layer: layer.name,
          message: `weight \`${layer.name}/${key}\` is ${shapeText(want)} in this model but ${shapeText(got.shape)} in the transfer source`,
        });
      }
    });
    if (problems.length === before) loaded.push(layer.name);
  }
  const withWeights = new Set(model.layers.filter((l) => l.weights.length > 0).map((l) => l.name));
  const frozen = config.freeze === "transferred" ? [...loaded] : config.freeze.filter((n) => withWeights.has(n));
  if (config.freeze !== "transferred") {
    for (const n of config.freeze) {
      if (!withWeights.has(n)) problems.push({ code: "MFG4704", layer: n, message: `\`freeze\` names \`${n}\`, which is not a layer with weights in this model` });
    }
  }
  return { loaded, fresh, frozen, problems };
}

/** Copies the planned weights into `model` (which must be the model the plan was made for). */
export function copyWeights(model: tf.LayersModel, source: SourceWeights, plan: TransferPlan): void {
  for (const name of plan.loaded) {
    const layer = model.getLayer(name);
    const src = source.layers.get(name)!;
    layer.setWeights(weightKeys(layer).map((k) => src.weights.get(k)!));
  }
}

/**
 * Makes `layer` stop training. A BatchNormalization also switches to inference mode while it is not
 * trainable (its moving statistics stay as loaded), and back when it is unfrozen.
 */
export function freezeLayer(layer: tf.layers.Layer): void {
  layer.trainable = false;
  if (layer.getClassName() !== "BatchNormalization") return;
  const call = layer.call.bind(layer);
  layer.call = (inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) => call(inputs, { ...kwargs, training: layer.trainable ? kwargs["training"] : false });
}

/** One diagnostic for all problems (the runtime's refusal; `mfgc train` reports them one by one with positions first). */
export function transferError(source: SourceWeights, problems: readonly TransferProblem[]): Error {
  const first = problems[0]!;
  const rest = problems.length > 1 ? ` (and ${problems.length - 1} more: ${problems.slice(1).map((p) => p.message).join("; ")})` : "";
  return dataError(first.code, source.dir, `${first.message}${rest}`, 0, [transferProblemHint(first.code)]);
}

/** What to do about one kind of {@link TransferProblem} (the same advice from `mfgc train` and the runtime). */
export function transferProblemHint(code: TransferProblem["code"]): string {
  switch (code) {
    case "MFG4701":
      return "remove it from `layers`, or transfer from a model that has it";
    case "MFG4704":
      return "remove it from `freeze`: only layers with weights can be frozen";
    default:
      return "give the new layer another name (it then starts fresh), or list only matching layers in `transfer { layers: [...] }`";
  }
}

/**
 * Loads the transfer source into `model`, freezes layers, and returns what it did. `dataRoots` are the
 * folders besides the spec's project the source may lie in (`--data-root`). Throws a data error when
 * the source is unreadable, outside those folders, or does not fit.
 */
export async function applyTransfer(model: tf.LayersModel, config: TransferConfig, specDir: string, dataRoots: readonly string[] = []): Promise<{ plan: TransferPlan; summary: TransferSummary }> {
  const source = await readSourceWeights(config.source, specDir, await dataRootsFor(specDir, dataRoots));
  try {
    const plan = planTransfer(model, source, config);
    if (plan.problems.length > 0) throw transferError(source, plan.problems);
    copyWeights(model, source, plan);
    for (const name of plan.frozen) freezeLayer(model.getLayer(name));
    const summary: TransferSummary = {
      source: displayPath(source.dir),
      kind: config.source.kind,
      loaded: plan.loaded,
      fresh: plan.fresh,
      frozen: plan.frozen,
      lrScale: config.lrScale,
      unfreezeAt: config.unfreezeAt,
    };
    return { plan, summary };
  } finally {
    disposeSource(source);
  }
}
