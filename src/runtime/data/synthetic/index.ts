/** The table of synthetic generators a spec can name in `synthetic(generator: …)`. */
import type { SyntheticSource } from "../../config.js";
import { didYouMean, hintsOr } from "../../../diagnostics/suggest.js";
import { dataError } from "../data-error.js";
import type { SourceContext, SourceResult } from "../source.js";
import { checkSampleElements, effectiveLimit } from "../source.js";
import { splitDataset } from "../split.js";
import type { InMemoryDataset, ModelSignature } from "../types.js";
import { generateBlobs } from "./blobs.js";
import { concreteShape, type GeneratorOptions } from "./common.js";
import { generateDefects } from "./defects.js";
import { generateEvents } from "./events.js";
import type { SyntheticGeneratorName } from "./names.js";
import { generateSensors } from "./sensors.js";

/** A deterministic generator: same signature, count, seed and options give the same samples. */
export type SyntheticGenerator = (sig: ModelSignature, samples: number, seed: number, options: GeneratorOptions) => InMemoryDataset;

export const SYNTHETIC_GENERATORS: Readonly<Record<SyntheticGeneratorName, SyntheticGenerator>> = {
  blobs: generateBlobs,
  defects: generateDefects,
  events: generateEvents,
  sensors: generateSensors,
};

export async function loadSynthetic(src: SyntheticSource, ctx: SourceContext): Promise<SourceResult> {
  const gen = Object.prototype.hasOwnProperty.call(SYNTHETIC_GENERATORS, src.generator) ? SYNTHETIC_GENERATORS[src.generator as SyntheticGeneratorName] : undefined;
  if (gen === undefined) {
    throw dataError("MFG4401", `synthetic:${src.generator}`, `unknown synthetic generator \`${src.generator}\`; known: ${Object.keys(SYNTHETIC_GENERATORS).map((g) => `\`${g}\``).join(", ")}`, 0, hintsOr(didYouMean(src.generator, Object.keys(SYNTHETIC_GENERATORS)), "use one of the generators listed, e.g. `synthetic(blobs)`"));
  }
  const limit = effectiveLimit(src.samples, ctx.limit) ?? src.samples;
  // Generators render whole splits in memory; dynamic dims are at most a few dozen (their defaults).
  for (const input of ctx.signature.inputs) checkSampleElements(limit, concreteShape(input.shape, 32).reduce((a, b) => a * b, 1), `synthetic:${src.generator}`);
  const ds = gen(ctx.signature, limit, src.seed, src.options);
  if (ctx.validationSplit === null) return { train: ds, validation: null, normalization: null, classNames: null };
  const { train, validation } = splitDataset(ds, ctx.validationSplit, `synthetic:${src.generator}`);
  return { train, validation, normalization: null, classNames: null };
}
