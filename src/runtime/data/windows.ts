/**
 * Sliding windows over time series: `size` consecutive rows form a sample, windows start every `stride`
 * rows, and the label is read `horizon` rows after the window's last row. Windows never cross a series
 * boundary (rows are grouped by consecutive equal values of the `groupBy` column).
 */

export interface WindowSpec {
  readonly size: number;
  readonly stride: number;
  readonly horizon: number;
}

/** A window: its first row and the row its labels come from. */
export interface WindowRef {
  readonly start: number;
  readonly labelRow: number;
}

/** Series boundaries as `[start, end)` row ranges: a new series starts wherever the group key changes. */
export function seriesRanges(groupKeys: readonly string[] | null, rows: number): [number, number][] {
  if (groupKeys === null) return rows > 0 ? [[0, rows]] : [];
  const out: [number, number][] = [];
  let start = 0;
  for (let r = 1; r <= rows; r++) {
    if (r === rows || groupKeys[r] !== groupKeys[r - 1]) {
      out.push([start, r]);
      start = r;
    }
  }
  return out;
}

/** All windows of every series, in row order. */
export function slidingWindows(ranges: readonly (readonly [number, number])[], spec: WindowSpec): WindowRef[] {
  const out: WindowRef[] = [];
  for (const [from, to] of ranges) {
    for (let s = from; s + spec.size - 1 + spec.horizon < to; s += spec.stride) {
      out.push({ start: s, labelRow: s + spec.size - 1 + spec.horizon });
    }
  }
  return out;
}
