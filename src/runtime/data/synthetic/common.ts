/** Shared pieces of the synthetic generators: per-sample latent labels turned into model targets. */
import type { ModelSignature, SampleArray } from "../types.js";
import { classCount, encodeLabels, isClassification } from "../labels.js";
import { dataError } from "../data-error.js";

/** What a generator decides per sample before rendering inputs: a class and a scalar in [0, 1]. */
export interface Latent {
  readonly cls: number;
  readonly value: number;
}

export type GeneratorOptions = Readonly<Record<string, number | string | boolean>>;

export function numberOption(options: GeneratorOptions, name: string, fallback: number): number {
  const v = options[name];
  return typeof v === "number" ? v : fallback;
}

/** The class count the generator should draw from: the first classifier output's, else 2. */
export function generatorClasses(sig: ModelSignature): number {
  const cls = sig.outputs.find((o) => isClassification(o.loss));
  return cls === undefined ? 2 : classCount(cls.shape, cls.loss);
}

/**
 * Targets for every output: classifier outputs get the class (a 1-unit binary output gets
 * "class ≠ 0"), regression outputs get the scalar value repeated over their last dimension.
 */
export function latentTargets(sig: ModelSignature, latents: readonly Latent[], source: string): Record<string, SampleArray> {
  const out: Record<string, SampleArray> = {};
  for (const o of sig.outputs) {
    if (isClassification(o.loss)) {
      const classes = classCount(o.shape, o.loss);
      const values = latents.map((l) => (classes === 2 && l.cls > 1 ? 1 : l.cls));
      out[o.name] = encodeLabels(values, o.shape, o.loss, (i) => ({ file: source, where: `sample ${i}`, offset: 0 }));
    } else {
      const width = o.shape[o.shape.length - 1] ?? 1;
      if (o.shape.length !== 2) {
        throw dataError("MFG4402", source, `synthetic generator produces one value per sample for regression output \`${o.name}\`, which has shape [${o.shape.map((d) => d ?? "?").join(", ")}]`, 0, [
          `make \`${o.name}\` a vector per sample, e.g. end it with \`flatten\` and \`dense(1)\``,
        ]);
      }
      const data = new Float32Array(latents.length * width);
      latents.forEach((l, i) => data.fill(l.value, i * width, (i + 1) * width));
      out[o.name] = { data, sampleShape: [width], dtype: "float32" };
    }
  }
  return out;
}

/** A fixed-size shape from a model input (batch dim dropped), using `fallback` for dynamic dims. */
export function concreteShape(shape: readonly (number | null)[], fallback: number): number[] {
  return shape.slice(1).map((d) => d ?? fallback);
}
