/**
 * `mfgc explain`'s engine: for each input file and model output, integrated gradients (all models) and
 * Grad-CAM (models with 2-D convolutions), written to `<run>/explanations/<input>[-<output>]/` as
 * `explanation.json`, PNG pictures and `attributions.csv`; the run's report then shows them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { TrainConfig } from "../runtime/config.js";
import type { Normalization } from "../runtime/data/types.js";
import { loadModel } from "../runtime/io/fs-handler.js";
import { registerCustomLayers } from "../runtime/layers/index.js";
import type { RunInfo } from "../runtime/train/run-info.js";
import { EXPLANATION_FILE, EXPLANATION_FORMAT, EXPLANATIONS_DIR, type Explanation } from "./explanation.js";
import { gradCam } from "./grad-cam.js";
import { displayImage, inputPng, overlayPng, saliencyMap, signedHeatmapPng } from "./images.js";
import { readExplainInput, type ModelInput } from "./input.js";
import { integratedGradients } from "./integrated-gradients.js";
import { registerZeroGradients } from "./zero-gradients.js";
import { maxOf } from "../util/arrays.js";

/** A mistake about the run or the request (MFG9043–MFG9045), reported by the CLI with its code. */
export class ExplainError extends Error {
  override readonly name = "ExplainError";
  constructor(
    readonly code: "MFG9043" | "MFG9044" | "MFG9045",
    readonly file: string,
    message: string,
    readonly hints: readonly string[] = [],
  ) {
    super(message);
  }
}

export interface ExplainOptions {
  /** Explain only this output (default: every output). */
  readonly output?: string;
  /** Class to explain, by name or index (default: the predicted class). */
  readonly target?: string;
  /** Integrated-gradients steps to start with (doubled until completeness holds within 0.5 %). */
  readonly steps?: number;
}

/** A loaded run: model, preprocessing and what the run recorded about its outputs. */
export interface LoadedRun {
  readonly dir: string;
  readonly model: tf.LayersModel;
  readonly config: TrainConfig | null;
  readonly normalization: Normalization | null;
  readonly classNames: Readonly<Record<string, readonly string[]>>;
}

function readJsonIfThere<T>(file: string): T | null {
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : null;
  } catch {
    return null;
  }
}

/** Loads a run's trained model; MFG9043 when the run has none. */
export async function loadRun(dir: string): Promise<LoadedRun> {
  const modelDir = path.join(dir, "model");
  if (!existsSync(path.join(modelDir, "model.json"))) {
    throw new ExplainError("MFG9043", dir, `\`${dir}\` has no trained model (model/model.json)`, ["`mfgc train` saves the model when training ends; explain a finished run"]);
  }
  registerCustomLayers();
  registerZeroGradients();
  const model = await loadModel(modelDir);
  const info = readJsonIfThere<RunInfo>(path.join(dir, "run-info.json"));
  const pre = readJsonIfThere<{ normalization?: Normalization | null; classNamesByOutput?: Record<string, string[]> }>(path.join(modelDir, "preprocessing.json"));
  return {
    dir,
    model,
    config: info?.config ?? null,
    normalization: pre?.normalization ?? null,
    classNames: pre?.classNamesByOutput ?? info?.data.classNames ?? {},
  };
}

/** The model's output layers by name, in output order. */
function outputNames(model: tf.LayersModel): string[] {
  return model.outputs.map((t, i) => t.sourceLayer?.name ?? model.outputNames[i] ?? t.name);
}

function isClassifier(run: LoadedRun, output: string, units: number, layer: tf.layers.Layer): boolean {
  const loss = run.config?.losses.find((l) => l.output === output)?.loss;
  if (loss !== undefined) return loss === "categorical_crossentropy" || loss === "sparse_categorical_crossentropy" || (loss === "binary_crossentropy" && units > 1);
  return units > 1 && (layer.getConfig() as { activation?: unknown }).activation === "softmax";
}

/** Whether the model masks all-zero time steps (then the all-zero baseline would be treated as padding). */
function masksZeros(model: tf.LayersModel): boolean {
  return model.layers.some((l) => l.getClassName() === "Masking" && Number((l.getConfig() as { maskValue?: unknown }).maskValue ?? 0) === 0);
}

/** Baseline factor for models that mask zeros: the baseline is this share of the input, just above padding. */
export const MASKED_BASELINE_SHARE = 1e-3;

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^\.+/, "") || "input";
}

function reshape2d(values: Float32Array | readonly number[], rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from(values.slice(r * cols, (r + 1) * cols)));
}

function attributionsCsv(x: Explanation, flat: Float32Array, input: ModelInput): string {
  if (input.kind === "features") return `feature,attribution\n${Array.from(flat, (v, i) => `${JSON.stringify(input.featureNames?.[i] ?? `f${i}`)},${v}`).join("\n")}\n`;
  if (input.kind === "sequence") {
    const [steps, features] = input.shape as [number, number];
    const names = Array.from({ length: features }, (_, j) => JSON.stringify(input.featureNames?.[j] ?? `f${j}`));
    return `step,${names.join(",")}\n${Array.from({ length: steps }, (_, t) => `${t + 1},${Array.from(flat.slice(t * features, (t + 1) * features)).join(",")}`).join("\n")}\n`;
  }
  return `row,${(x.attributions[0] as number[]).map((_, j) => `c${j}`).join(",")}\n${(x.attributions as number[][]).map((r, i) => `${i},${r.join(",")}`).join("\n")}\n`;
}

/** The class or unit to explain for one output. */
function pickTarget(run: LoadedRun, output: string, layer: tf.layers.Layer, prediction: readonly number[], requested: string | undefined): Explanation["target"] {
  const units = prediction.length;
  const names = run.classNames[output] ?? null;
  if (!isClassifier(run, output, units, layer)) {
    const name = units === 1 && names !== null && names.length === 2 ? `P(${names[1]})` : `${output}[0]`;
    return { kind: "unit", index: 0, name };
  }
  let index = prediction.indexOf(maxOf(prediction));
  if (requested !== undefined) {
    const byName = names?.indexOf(requested) ?? -1;
    index = byName >= 0 ? byName : /^\d+$/.test(requested) ? Number(requested) : -1;
    if (index < 0 || index >= units) {
      throw new ExplainError("MFG9044", run.dir, `output \`${output}\` has no class \`${requested}\``, [`classes: ${(names ?? prediction.map((_, i) => String(i))).map((n) => `\`${n}\``).join(", ")}`]);
    }
  }
  return { kind: "class", index, name: names?.[index] ?? String(index) };
}

export interface ExplainedItem {
  readonly dir: string;
  readonly explanation: Explanation;
  readonly notes: readonly string[];
}

/** Explains `inputFile` for the run's outputs; writes each explanation's folder and returns them. */
export async function explainInput(run: LoadedRun, inputFile: string, opts: ExplainOptions = {}): Promise<ExplainedItem[]> {
  const model = run.model;
  if (model.inputs.length !== 1) throw new ExplainError("MFG9045", run.dir, `the model has ${model.inputs.length} inputs; \`mfgc explain\` explains models with one input`, [
      "attributions here are for one input tensor: to explain this model, train a variant whose inputs are joined into one",
    ]);
  const inputT = model.inputs[0]!;
  if (inputT.dtype !== "float32") throw new ExplainError("MFG9045", run.dir, `the model's input is ${inputT.dtype}; attributions need a continuous (float) input`, ["token inputs (embeddings) have no gradient with respect to their ids"]);
  const shape = inputT.shape.slice(1).map((d) => d ?? -1);
  if (shape.some((d) => d < 0)) {
    throw new ExplainError("MFG9045", run.dir, `the model's input has a dynamic dimension [${inputT.shape.slice(1).map((d) => d ?? "?").join(", ")}]`, [
      "give that dimension a fixed size in the spec's input (e.g. `f32[30, 14]`) and train again",
    ]);
  }
  const input = readExplainInput(inputFile, shape, run.config, run.normalization);
  const names = outputNames(model);
  const wanted = opts.output === undefined ? names : names.filter((n) => n === opts.output);
  if (wanted.length === 0) throw new ExplainError("MFG9044", run.dir, `the model has no output \`${opts.output}\``, [`outputs: ${names.map((n) => `\`${n}\``).join(", ")}`]);
  const inputName = inputT.sourceLayer.name;
  const x = tf.tensor(input.values, [...shape], "float32");
  const masked = masksZeros(model);
  const baseline = masked ? tf.mul(x, MASKED_BASELINE_SHARE) : tf.zerosLike(x);
  const items: ExplainedItem[] = [];
  try {
    const predictedAll = tf.tidy(() => {
      const out = model.apply(x.expandDims(0), { training: false }) as tf.Tensor | tf.Tensor[];
      return (Array.isArray(out) ? out : [out]).map((t) => t.reshape([-1]));
    });
    const predictions = await Promise.all(predictedAll.map(async (t) => Array.from(await t.data())));
    tf.dispose(predictedAll);
    for (const output of wanted) {
      const k = names.indexOf(output);
      const layer = model.getLayer(output);
      const prediction = predictions[k]!;
      const target = pickTarget(run, output, layer, prediction, opts.target);
      const score = (xs: tf.Tensor): tf.Tensor1D => {
        const out = model.apply(xs, { training: false }) as tf.Tensor | tf.Tensor[];
        const y = Array.isArray(out) ? out[k]! : out;
        return tf.gather(y.reshape([y.shape[0]!, -1]), [target.index], 1).reshape([-1]) as tf.Tensor1D;
      };
      const ig = await integratedGradients(score, x, baseline, { steps: opts.steps ?? 32 });
      const cam = input.kind === "image" ? await gradCam(model, inputName, x.expandDims(0), output, target.index) : null;
      const folderName = slug(path.basename(inputFile).replace(/\.[^.]+$/, "")) + (names.length > 1 ? `-${slug(output)}` : "");
      const dir = path.join(run.dir, EXPLANATIONS_DIR, folderName);
      mkdirSync(dir, { recursive: true });
      const files: [string, Buffer][] = [];
      let attributions: Explanation["attributions"];
      if (input.kind === "image") {
        const [h, w, c] = shape as [number, number, number];
        const img = displayImage(input.values, h, w, c);
        const perPixel = new Float32Array(h * w);
        for (let p = 0; p < h * w; p++) for (let ch = 0; ch < c; ch++) perPixel[p]! += ig.attributions[p * c + ch]!;
        attributions = reshape2d(perPixel, h, w);
        files.push(["input.png", inputPng(img)], ["integrated-gradients.png", overlayPng(img, saliencyMap(ig.attributions, h, w, c))]);
        if (cam !== null) files.push(["grad-cam.png", overlayPng(img, cam.map)]);
      } else if (input.kind === "sequence") {
        const [steps, features] = shape as [number, number];
        attributions = reshape2d(ig.attributions, steps, features);
        files.push(["attribution-heatmap.png", signedHeatmapPng(attributions as number[][])]);
      } else {
        attributions = Array.from(ig.attributions);
      }
      const explanation: Explanation = {
        format: EXPLANATION_FORMAT,
        method: "integrated_gradients",
        input: inputFile,
        inputKind: input.kind,
        inputShape: shape,
        output,
        target,
        prediction,
        classNames: run.classNames[output] ?? null,
        steps: ig.steps,
        baseline: masked ? "masked-zeros" : "zeros",
        completeness: { sum: ig.sum, expected: ig.expected, relativeError: ig.relativeError, score: ig.score, baselineScore: ig.baselineScore },
        attributions,
        featureNames: input.featureNames,
        gradCam: cam,
        files: files.map(([f]) => f),
      };
      for (const [file, bytes] of files) writeFileSync(path.join(dir, file), bytes);
      writeFileSync(path.join(dir, "attributions.csv"), attributionsCsv(explanation, ig.attributions, input));
      writeFileSync(path.join(dir, EXPLANATION_FILE), JSON.stringify(explanation, null, 2));
      items.push({ dir, explanation, notes: [...input.notes, ...(masked ? [`the model masks all-zero time steps, so the baseline is ${MASKED_BASELINE_SHARE} × the input instead of zeros`] : [])] });
    }
  } finally {
    tf.dispose([x, baseline]);
  }
  return items;
}
