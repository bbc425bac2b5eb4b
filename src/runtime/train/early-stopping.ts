/**
 * Early stopping with the semantics of keras.callbacks.EarlyStopping (monitor, patience, min_delta, mode,
 * restore_best_weights); state is saved in checkpoints.
 */
import type { EarlyStoppingConfig } from "../config.js";

export interface EarlyStoppingState {
  best: number | null;
  bestEpoch: number;
  wait: number;
}

export function initialEarlyStoppingState(): EarlyStoppingState {
  return { best: null, bestEpoch: 0, wait: 0 };
}

/**
 * Updates `state` with the logs of 1-based `epoch`; returns whether the value improved and whether to stop.
 * As Keras: an improvement beats the best by more than `min_delta`; a missing monitor is skipped, NaN
 * counts as no improvement; training stops once `patience` epochs passed without one, never after the
 * first epoch (Keras's `epoch > 0`).
 */
export function earlyStoppingUpdate(cfg: EarlyStoppingConfig, state: EarlyStoppingState, epoch: number, logs: Readonly<Record<string, number>>): { improved: boolean; stop: boolean } {
  const value = logs[cfg.monitor];
  if (value === undefined) return { improved: false, stop: false };
  const delta = Math.abs(cfg.minDelta);
  const improved = state.best === null ? !Number.isNaN(value) : cfg.mode === "min" ? value < state.best - delta : value > state.best + delta;
  if (improved) {
    state.best = value;
    state.bestEpoch = epoch;
    state.wait = 0;
    return { improved: true, stop: false };
  }
  state.wait++;
  return { improved: false, stop: state.wait >= cfg.patience && epoch > 1 };
}
