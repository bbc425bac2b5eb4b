/** Everything a run needs to continue exactly where it stopped, apart from tensors (JSON, stored in checkpoints). */
import type { PrngState } from "../prng.js";
import type { EarlyStoppingState } from "./early-stopping.js";
import type { ScheduleState } from "./schedule.js";

/** One line of `metrics.jsonl`: an epoch's losses and metrics (train and `val_…`), learning rate and timing. */
export interface EpochRecord {
  readonly epoch: number;
  readonly logs: Readonly<Record<string, number>>;
  readonly lr: number;
  /** Wall-clock seconds of the epoch (differs between runs; not part of the metrics). */
  readonly seconds: number;
}

export interface TrainState {
  /** Completed epochs. */
  epoch: number;
  /** Completed optimizer steps. */
  step: number;
  shuffleRng: PrngState;
  /** State of the generator installed as `Math.random` (dropout masks, unseeded random ops). */
  opRng: PrngState;
  schedule: ScheduleState;
  earlyStopping: EarlyStoppingState;
  history: EpochRecord[];
  stopped: boolean;
}
