/**
 * The names of the synthetic generators, on their own so the compiler can check `synthetic(generator: …)`
 * without loading the generators (or TensorFlow.js). `index.ts` maps each to its implementation.
 */
export const SYNTHETIC_GENERATOR_NAMES = ["blobs", "defects", "events", "sensors"] as const;

export type SyntheticGeneratorName = (typeof SYNTHETIC_GENERATOR_NAMES)[number];
