/**
 * Learning-rate schedules. Step-based schedules are pure functions of the global step; epoch-based
 * ones of the epoch; reduce-on-plateau keeps state, which is saved in checkpoints.
 * Value tests: test/runtime/train/schedule.test.ts.
 */
import type { ScheduleConfig } from "../config.js";

/** Mutable scheduler state (JSON, stored in checkpoints). */
export interface ScheduleState {
  /** Current rate for reduce-on-plateau; the base rate otherwise. */
  lr: number;
  best: number | null;
  wait: number;
  /** Epochs of cooldown left after a reduction (absent in checkpoints written before cooldown existed). */
  cooldown?: number;
}

export function initialScheduleState(baseLr: number): ScheduleState {
  return { lr: baseLr, best: null, wait: 0, cooldown: 0 };
}

/**
 * The learning rate for the update at 0-based global `step` (Keras's `optimizer.iterations`) in 1-based
 * `epoch`. Formulas: keras.optimizers.schedules.ExponentialDecay (`lr·rate^(step/decay_steps)`, the
 * exponent floored with `staircase`), CosineDecay with `initial_learning_rate` 0 and `warmup_target` lr
 * (linear warm-up `lr·step/warmup_steps`, then `lr·((1−α)·½(1 + cos(π·p)) + α)` with
 * `p = min(step − warmup_steps, decay_steps)/decay_steps`), and for `step` the epoch-wise
 * `lr·factor^⌊(epoch − 1)/every_epochs⌋` (PyTorch's StepLR with 0-based epochs).
 */
export function learningRateAt(schedule: ScheduleConfig, baseLr: number, state: ScheduleState, step: number, epoch: number): number {
  switch (schedule.kind) {
    case "constant":
      return baseLr;
    case "exponential_decay": {
      const p = step / schedule.decaySteps;
      return baseLr * schedule.decayRate ** (schedule.staircase ? Math.floor(p) : p);
    }
    case "step":
      return baseLr * schedule.factor ** Math.floor((epoch - 1) / schedule.everyEpochs);
    case "cosine": {
      if (step < schedule.warmupSteps) return (baseLr * step) / schedule.warmupSteps;
      const p = Math.min(step - schedule.warmupSteps, schedule.decaySteps) / schedule.decaySteps;
      const cosine = 0.5 * (1 + Math.cos(Math.PI * p));
      return baseLr * ((1 - schedule.alpha) * cosine + schedule.alpha);
    }
    case "reduce_on_plateau":
      return state.lr;
  }
}

/**
 * End-of-epoch update (reduce-on-plateau only), keras.callbacks.ReduceLROnPlateau.on_epoch_end: a value
 * improves when it beats the best by more than `min_delta`; during cooldown waiting is not counted; after
 * `patience` epochs without improvement the rate is multiplied by `factor` (not below `min_lr`, and only
 * while above it) and cooldown starts. A missing monitor is skipped; NaN counts as no improvement.
 * Returns a line to log when the rate changed.
 */
export function scheduleEpochEnd(schedule: ScheduleConfig, state: ScheduleState, logs: Readonly<Record<string, number>>): string | null {
  if (schedule.kind !== "reduce_on_plateau") return null;
  const value = logs[schedule.monitor];
  if (value === undefined) return null;
  // Keras also zeroes `wait` when counting cooldown down; it is already 0 then (set by the reduction).
  const cooldown = Math.max(0, (state.cooldown ?? 0) - 1);
  state.cooldown = cooldown;
  const better =
    state.best === null
      ? !Number.isNaN(value)
      : schedule.mode === "max"
        ? value > state.best + schedule.minDelta
        : value < state.best - schedule.minDelta;
  if (better) {
    state.best = value;
    state.wait = 0;
    return null;
  }
  if (cooldown > 0) return null;
  state.wait++;
  if (state.wait < schedule.patience || !(state.lr > schedule.minLr)) return null;
  const next = Math.max(state.lr * schedule.factor, schedule.minLr);
  const line = `reduce_on_plateau: ${schedule.monitor} did not improve for ${state.wait} epochs; learning rate ${state.lr.toPrecision(3)} → ${next.toPrecision(3)}`;
  state.lr = next;
  state.wait = 0;
  state.cooldown = schedule.cooldown;
  return line;
}
