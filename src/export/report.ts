/** `report.json` of an inference export: what was folded, how big the model got, and the numeric check. */
import type { WeightPlanStep } from "../ir/passes/inference/plan.js";

export interface ExportChange {
  readonly pass: string;
  readonly message: string;
  /** 1-based line in the spec the change points at. */
  readonly line: number | undefined;
}

export interface ExportCounts {
  readonly nodes: number;
  readonly layers: number;
  readonly params: number;
}

export interface ExportReport {
  readonly model: string;
  /** Spec path as given (relative when given relative), its sha256 and the mfgc version. */
  readonly spec: string;
  readonly specHash: string;
  readonly mfgcVersion: string;
  /** Rewrites made for inference, in order. */
  readonly changes: readonly ExportChange[];
  /** The weight plan that was applied to the trained weights. */
  readonly plan: readonly WeightPlanStep[];
  readonly trained: ExportCounts;
  readonly exported: ExportCounts;
  readonly check: {
    /** Random samples both models ran on. */
    readonly samples: number;
    /** Largest |trained − exported| over all outputs. */
    readonly maxAbsDiff: number;
    /** Largest |trained − exported| after reading the written files back. */
    readonly reloadedMaxAbsDiff: number;
    readonly tolerance: number;
  };
  /** mfgc's own layer classes the model uses: call `registerCustomLayers()` before `tf.loadLayersModel`. */
  readonly customLayers: readonly string[];
  readonly files: readonly string[];
}
