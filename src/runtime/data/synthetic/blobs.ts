/** `blobs`: Gaussian clusters in feature space, one per class (tabular classification); regression gets a linear function. */
import { Prng } from "../../prng.js";
import { dataError } from "../data-error.js";
import type { InMemoryDataset, ModelSignature } from "../types.js";
import { generatorClasses, latentTargets, numberOption, type GeneratorOptions, type Latent } from "./common.js";

export function generateBlobs(sig: ModelSignature, samples: number, seed: number, options: GeneratorOptions): InMemoryDataset {
  const input = sig.inputs[0];
  const features = input?.shape[1];
  if (sig.inputs.length !== 1 || input === undefined || input.shape.length !== 2 || features === null || features === undefined) {
    throw dataError("MFG4402", "synthetic:blobs", "generator `blobs` feeds one input of shape [features]", 0, ["declare one model input of features such as `input x: f32[8]`"]);
  }
  const classes = generatorClasses(sig);
  const spread = numberOption(options, "spread", 1);
  const rng = new Prng(`blobs:${seed}`);
  const centers = Array.from({ length: classes }, () => Array.from({ length: features }, () => rng.normal() * 3));
  const weights = Array.from({ length: features }, () => rng.normal());
  const x = new Float32Array(samples * features);
  const latents: Latent[] = [];
  for (let i = 0; i < samples; i++) {
    const cls = rng.int(classes);
    let value = 0;
    for (let j = 0; j < features; j++) {
      const v = centers[cls]![j]! + rng.normal() * spread;
      x[i * features + j] = v;
      value += weights[j]! * v;
    }
    latents.push({ cls, value: value / features });
  }
  return { kind: "memory", size: samples, inputs: { [input.name]: { data: x, sampleShape: [features], dtype: "float32" } }, targets: latentTargets(sig, latents, "synthetic:blobs") };
}
