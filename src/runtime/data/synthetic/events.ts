/**
 * `events`: integer token sequences of process events. Token 0 is padding; background events are drawn
 * from the whole vocabulary, and each class plants its own 3-token motif at a random position, so a
 * sequence model (embedding + attention/RNN) can learn the class. Regression outputs get the motif's
 * relative position.
 */
import { Prng } from "../../prng.js";
import { dataError } from "../data-error.js";
import type { InMemoryDataset, ModelSignature } from "../types.js";
import { concreteShape, generatorClasses, latentTargets, numberOption, type GeneratorOptions, type Latent } from "./common.js";

export function generateEvents(sig: ModelSignature, samples: number, seed: number, options: GeneratorOptions): InMemoryDataset {
  const input = sig.inputs[0];
  if (sig.inputs.length !== 1 || input === undefined || input.shape.length !== 2) {
    throw dataError("MFG4402", "synthetic:events", "generator `events` feeds one input of shape [sequence length]", 0, ["declare one model input of token ids such as `input tokens: i32[20]`"]);
  }
  const [length] = concreteShape(input.shape, numberOption(options, "length", 20)) as [number];
  const classes = generatorClasses(sig);
  const vocab = numberOption(options, "vocab", Math.max(16, 3 * classes + 4));
  if (vocab < 3 * classes + 2 || length < 3) {
    throw dataError("MFG4402", "synthetic:events", `generator \`events\` needs vocab ≥ ${3 * classes + 2} and length ≥ 3 for ${classes} classes (got vocab ${vocab}, length ${length})`, 0, [
      [
        ...(vocab < 3 * classes + 2 ? [`pass a larger vocabulary, e.g. \`synthetic(events, vocab: ${3 * classes + 2})\``] : []),
        ...(length < 3 ? ["give the input sequence at least 3 steps, e.g. `i32[20]`"] : []),
      ].join("; "),
    ]);
  }
  const rng = new Prng(`events:${seed}`);
  const x = new Int32Array(samples * length);
  const latents: Latent[] = [];
  for (let i = 0; i < samples; i++) {
    const cls = rng.int(classes);
    for (let t = 0; t < length; t++) x[i * length + t] = 1 + rng.int(vocab - 1);
    const pos = rng.int(length - 2);
    for (let k = 0; k < 3; k++) x[i * length + pos + k] = 2 + cls * 3 + k;
    latents.push({ cls, value: pos / Math.max(1, length - 3) });
  }
  const data = input.dtype === "int32" ? x : Float32Array.from(x);
  return { kind: "memory", size: samples, inputs: { [input.name]: { data, sampleShape: [length], dtype: input.dtype } }, targets: latentTargets(sig, latents, "synthetic:events") };
}
