/**
 * How busy the machine was during a measurement, besides the measured process: CPU busy time from
 * /proc/stat (all cores) minus the process's own CPU time, as a fraction of all cores over the wall
 * time. A throughput ratio is only meaningful when that is near 0 (issue 12: with the second core
 * busy, PyTorch's 2-thread figure fell from 1,506 to ~200 samples/s here).
 */
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";

/** Cumulative CPU counters of the whole machine (/proc/stat's `cpu` line, in USER_HZ ticks). */
export interface CpuSnapshot {
  readonly busyTicks: number;
  readonly totalTicks: number;
  readonly atMs: number;
}

/** The machine's counters now, or null where /proc/stat is not readable (not Linux). */
export function cpuSnapshot(): CpuSnapshot | null {
  let text: string;
  try {
    text = readFileSync("/proc/stat", "utf8");
  } catch {
    return null;
  }
  const line = text.split("\n").find((l) => l.startsWith("cpu "));
  if (line === undefined) return null;
  // user nice system idle iowait irq softirq steal (guest time is already inside user/nice).
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busyTicks: total - idle, totalTicks: total, atMs: performance.now() };
}

/** Machine load over one measurement. Fractions are of all cores together (1 = every core busy). */
export interface LoadReport {
  /** Busy fraction of the machine over the interval, from /proc/stat. */
  readonly machineBusy: number;
  /** The measured process's own share (its CPU seconds / (wall seconds · cores)). */
  readonly ownBusy: number;
  /** What other processes used: machineBusy − ownBusy (clamped at 0). */
  readonly otherBusy: number;
  /** 1-minute load average at the end. */
  readonly loadavg1: number;
  /** otherBusy above {@link LOADED_OTHER_BUSY}: the figure is not a quiet-machine figure. */
  readonly loaded: boolean;
}

/**
 * Other processes using more than this fraction of the machine mark a measurement as loaded. 0.1 is
 * a fifth of a core on this 2-core machine: enough to take a core from a 2-thread run for a while.
 */
export const LOADED_OTHER_BUSY = 0.1;

/** The load between two snapshots, given the CPU seconds the measured process used in between. */
export function loadBetween(before: CpuSnapshot | null, after: CpuSnapshot | null, ownCpuSeconds: number): LoadReport | null {
  if (before === null || after === null || after.totalTicks <= before.totalTicks) return null;
  const machineBusy = (after.busyTicks - before.busyTicks) / (after.totalTicks - before.totalTicks);
  const wallSeconds = (after.atMs - before.atMs) / 1000;
  const ownBusy = wallSeconds > 0 ? ownCpuSeconds / (wallSeconds * cpus().length) : 0;
  const otherBusy = Math.max(0, machineBusy - ownBusy);
  return { machineBusy, ownBusy, otherBusy, loadavg1: loadavg()[0] ?? 0, loaded: otherBusy > LOADED_OTHER_BUSY };
}

/** Short text for a table cell: "quiet (other 3%)" or "LOADED (other 45%, load 2.1)". */
export function describeLoad(l: LoadReport | null): string {
  if (l === null) return "unknown";
  const other = `other ${(l.otherBusy * 100).toFixed(0)}%, load ${l.loadavg1.toFixed(2)}`;
  return l.loaded ? `LOADED (${other})` : `quiet (${other})`;
}
