/**
 * The names of the synthetic generators and the options each one reads, on their own so the compiler
 * can check `synthetic(generator: …, <options>)` without loading the generators (or TensorFlow.js).
 * `index.ts` maps each name to its implementation; a generator reads only the options listed here.
 */
export const SYNTHETIC_GENERATOR_NAMES = ["blobs", "defects", "events", "sensors"] as const;

export type SyntheticGeneratorName = (typeof SYNTHETIC_GENERATOR_NAMES)[number];

/** One numeric option of a generator; absent options take the generator's own default. */
export interface GeneratorOptionDef {
  readonly name: string;
  readonly kind: "int" | "float";
  /** Smallest allowed value; `exclusiveMin` makes it a strict bound. */
  readonly min: number;
  readonly exclusiveMin?: boolean;
  readonly doc: string;
}

/** Every option each generator reads. An option not listed for the chosen generator is an error. */
export const SYNTHETIC_GENERATOR_OPTIONS: Readonly<Record<SyntheticGeneratorName, readonly GeneratorOptionDef[]>> = {
  blobs: [{ name: "spread", kind: "float", min: 0, doc: "Standard deviation of the points around their class centre (default 1)." }],
  defects: [{ name: "noise", kind: "float", min: 0, doc: "Standard deviation of the pixel noise (default 0.05)." }],
  events: [
    { name: "length", kind: "int", min: 3, doc: "Sequence length when the input's is `?` (default 20)." },
    { name: "vocab", kind: "int", min: 2, doc: "Token vocabulary size (default max(16, 3·classes + 4); at least 3·classes + 2)." },
  ],
  sensors: [
    { name: "window", kind: "int", min: 1, doc: "Cycles per window when the input's time dimension is `?` (default 30)." },
    { name: "stride", kind: "int", min: 1, doc: "Cycles between window starts (default 5)." },
    { name: "rul_cap", kind: "float", min: 0, exclusiveMin: true, doc: "Remaining useful life is capped at this and divided by it (default 125)." },
    { name: "failure_within", kind: "int", min: 0, doc: "Classifier label: fails within this many cycles (default 20)." },
  ],
};
