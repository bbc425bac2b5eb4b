/** Loading the trained model of `mfgc export` from its folder; every failure becomes a diagnostic. */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type * as tf from "@tensorflow/tfjs";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";
import { loadModel } from "../runtime/io/fs-handler.js";
import { registerCustomLayers } from "../runtime/layers/index.js";

const TRAIN_HINT = "`mfgc train` saves the trained model to `runs/<model name>/model/` (model.json + weights.bin)";

export async function loadTrainedModel(dir: string, span: Span): Promise<{ model?: tf.LayersModel; diagnostics: Diagnostic[] }> {
  const isDir = existsSync(dir) && statSync(dir).isDirectory();
  if (!isDir) {
    return { diagnostics: [createDiagnostic("MFG5101", `trained weights folder \`${dir}\` does not exist`, span, { hints: [TRAIN_HINT] })] };
  }
  if (!existsSync(path.join(dir, "model.json"))) {
    return { diagnostics: [createDiagnostic("MFG5101", `trained weights folder \`${dir}\` has no \`model.json\``, span, { hints: [TRAIN_HINT] })] };
  }
  // The trained model may use mfgc's own layers; tfjs can only deserialize registered classes.
  registerCustomLayers();
  try {
    return { model: await loadModel(dir), diagnostics: [] };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { diagnostics: [createDiagnostic("MFG5102", `cannot load the trained model in \`${dir}\`: ${why}`, span, { hints: [TRAIN_HINT] })] };
  }
}
