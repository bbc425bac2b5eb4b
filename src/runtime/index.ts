/**
 * `mfgc/runtime`: what generated code imports, and what mfgc tells users to import next to it — nothing
 * else (the CLI reaches the rest of the runtime through internal modules).
 *
 * Generated `train.ts` files call {@link runTraining} with a literal {@link TrainConfig} and their
 * `buildModel`, find their spec with {@link locateSpecDir}, and become a command line through
 * {@link isMainModule} and {@link trainFromCommandLine}. Users load trained and exported models with
 * {@link loadModel} / {@link fileHandler} (after {@link registerCustomLayers} when a model uses mfgc's
 * own layers), and catch {@link DataError} for bad training data.
 */
export type * from "./config.js";
export { runTraining, type RunTrainingOptions, type TrainResult } from "./train/run-training.js";
export type { EpochRecord } from "./train/state.js";
export type { TrainReport, OutputReport, ClassRow } from "./train/report.js";
export { fileHandler, saveModel, loadModel } from "./io/fs-handler.js";
export { registerCustomLayers } from "./layers/index.js";
export { DataError } from "./data/data-error.js";
export { locateSpecDir } from "./spec-location.js";
export { isMainModule, trainFromCommandLine, type SpecInfo, type TrainOverrides } from "./entry.js";
