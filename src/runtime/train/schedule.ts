/**
 * Learning-rate schedules. Step-based schedules are pure functions of the global step; epoch-based
 * ones of the epoch; reduce-on-plateau keeps state, which is saved in checkpoints.
 */
import type { ScheduleConfig } from "../config.js";

/** Mutable scheduler state (JSON, stored in checkpoints). */
export interface ScheduleState {
  /** Current rate for reduce-on-plateau; the base rate otherwise. */
  lr: number;
  best: number | null;
  wait: number;
}

export function initialScheduleState(baseLr: number): ScheduleState {
  return { lr: baseLr, best: null, wait: 0 };
}

/** Whether larger values of a monitored quantity are better (accuracy-like names), as Keras' "auto" mode. */
export function monitorPrefersMax(monitor: string): boolean {
  return /(acc|accuracy|auc|f1|precision|recall)$/.test(monitor);
}

/** The learning rate for the update at 0-based global `step` in 1-based `epoch`. */
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
      if (step < schedule.warmupSteps) return (baseLr * (step + 1)) / schedule.warmupSteps;
      const p = Math.min(step - schedule.warmupSteps, schedule.decaySteps) / schedule.decaySteps;
      const cosine = 0.5 * (1 + Math.cos(Math.PI * p));
      return baseLr * ((1 - schedule.alpha) * cosine + schedule.alpha);
    }
    case "reduce_on_plateau":
      return state.lr;
  }
}

/** End-of-epoch update (reduce-on-plateau only). Returns a line to log when the rate changed. */
export function scheduleEpochEnd(schedule: ScheduleConfig, state: ScheduleState, logs: Readonly<Record<string, number>>): string | null {
  if (schedule.kind !== "reduce_on_plateau") return null;
  const value = logs[schedule.monitor];
  if (value === undefined || Number.isNaN(value)) return null;
  const better = state.best === null || (monitorPrefersMax(schedule.monitor) ? value > state.best : value < state.best);
  if (better) {
    state.best = value;
    state.wait = 0;
    return null;
  }
  state.wait++;
  if (state.wait >= schedule.patience) {
    const next = Math.max(state.lr * schedule.factor, schedule.minLr);
    state.wait = 0;
    if (next < state.lr) {
      const line = `reduce_on_plateau: ${schedule.monitor} did not improve for ${schedule.patience} epochs; learning rate ${state.lr.toPrecision(3)} → ${next.toPrecision(3)}`;
      state.lr = next;
      return line;
    }
  }
  return null;
}
