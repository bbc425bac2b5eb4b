/** Early stopping with Keras semantics (monitor, patience, min_delta, mode); state is saved in checkpoints. */
import type { EarlyStoppingConfig } from "../config.js";

export interface EarlyStoppingState {
  best: number | null;
  bestEpoch: number;
  wait: number;
}

export function initialEarlyStoppingState(): EarlyStoppingState {
  return { best: null, bestEpoch: 0, wait: 0 };
}

/** Updates `state` with this epoch's logs; returns whether the value improved and whether to stop. */
export function earlyStoppingUpdate(cfg: EarlyStoppingConfig, state: EarlyStoppingState, epoch: number, logs: Readonly<Record<string, number>>): { improved: boolean; stop: boolean } {
  const value = logs[cfg.monitor];
  if (value === undefined || Number.isNaN(value)) return { improved: false, stop: false };
  const delta = Math.abs(cfg.minDelta);
  const improved = state.best === null || (cfg.mode === "min" ? value < state.best - delta : value > state.best + delta);
  if (improved) {
    state.best = value;
    state.bestEpoch = epoch;
    state.wait = 0;
    return { improved: true, stop: false };
  }
  state.wait++;
  return { improved: false, stop: state.wait >= cfg.patience };
}
