/** Reads a built model's inputs/outputs (names, shapes, dtypes) and pairs outputs with their configured losses. */
import type * as tf from "@tensorflow/tfjs";
import type { TrainConfig } from "../config.js";
import { embeddingIdRanges } from "../data/ids.js";
import type { ModelSignature } from "../data/types.js";

export function modelSignature(model: tf.LayersModel, config: TrainConfig): ModelSignature {
  const ids = embeddingIdRanges(model);
  const inputs = model.inputs.map((t, i) => {
    const name = model.inputNames[i] ?? t.name;
    const range = ids.get(name);
    return {
      name,
      shape: [...t.shape],
      dtype: (t.dtype === "int32" ? "int32" : "float32") as "int32" | "float32",
      ...(range === undefined ? {} : { ids: range }),
    };
  });
  const outputs = model.outputs.map((t, i) => {
    // The producing layer's name is the spec's output name for functional *and* sequential models
    // (a Sequential reports `outputNames` like `probs/probs`).
    const name = t.sourceLayer?.name ?? model.outputNames[i] ?? t.name;
    const loss = config.losses.find((l) => l.output === name) ?? (model.outputs.length === 1 && config.losses.length === 1 ? config.losses[0] : undefined);
    if (loss === undefined) {
      // A bug in the generated code: the compiler emits one loss per output name.
      throw new Error(`no loss configured for model output \`${name}\` (configured: ${config.losses.map((l) => l.output).join(", ")})`);
    }
    return { name, shape: [...t.shape], loss: loss.loss };
  });
  return { inputs, outputs };
}
