/** The inference export (`mfgc export`): public entry points. */
export { exportInference } from "./export-inference.js";
export type { ExportOptions, ExportResult } from "./export-inference.js";
export type { ExportReport, ExportChange, ExportCounts } from "./report.js";
export { applyWeightPlan } from "./apply-plan.js";
export { readWeightStore, writeWeightStore } from "./weight-store.js";
export type { WeightStore, LayerWeights, WeightArray, WeightMismatch } from "./weight-store.js";
export { compareModels, randomInputs, predictAll, maxAbsDiff } from "./compare.js";
