/**
 * The runtime's public API: what generated `train.ts` files and the CLI import. Generated code calls
 * {@link runTraining} with a literal {@link TrainConfig} and its `buildModel`; tools load trained models
 * with {@link loadModel}.
 */
export type * from "./config.js";
export { runTraining, type RunTrainingOptions, type TrainResult } from "./train/run-training.js";
export type { EpochRecord } from "./train/state.js";
export type { TrainReport, OutputReport, ClassRow } from "./train/report.js";
export { fileHandler, saveModel, loadModel } from "./io/fs-handler.js";
export { writeFileAtomic } from "./io/atomic.js";
export { DataError } from "./data/data-error.js";
export { loadData, type LoadDataOptions } from "./data/load.js";
export { modelSignature } from "./train/signature.js";
export { SYNTHETIC_GENERATORS, type SyntheticGenerator } from "./data/synthetic/index.js";
export type { Dataset, InMemoryDataset, StreamingDataset, LoadedData, ModelSignature, Normalization, SampleArray } from "./data/types.js";
export { computeMetrics, classReport, rocAuc } from "./train/metrics.js";
export { listCheckpoints } from "./train/checkpoint.js";
export { Prng } from "./prng.js";
export { registerCustomLayers } from "./layers/index.js";
export { isMainModule, pathFromModule, trainFromCommandLine, trainOptionsCommand, toOverrides, describeResult, type SpecInfo, type TrainOverrides, type ParsedTrainOptions } from "./entry.js";
