/**
 * Cascade suppression: after a syntax error, later syntax errors in the same statement are usually
 * consequences of the first (the parser was still out of step), so they are dropped until the parser
 * resynchronizes, i.e. until a statement that starts on a new line (or after `;`).
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.js";

/** A candidate diagnostic with the offset that orders it and whether it can be a cascade. */
export interface RankedProblem {
  readonly diagnostic: Diagnostic;
  readonly offset: number;
  /**
   * Lexical problems are always reported (two bad escapes in one string are both real), but they still
   * start a cascade window for the parser errors they cause.
   */
  readonly independent: boolean;
}

/**
 * Keeps the first problem of each statement. `resyncPoints` are start offsets of statements at which
 * the parser is known to be back in sync.
 */
export function filterCascades(problems: readonly RankedProblem[], resyncPoints: readonly number[]): Diagnostic[] {
  const ordered = problems.map((p, i) => ({ p, i })).sort((a, b) => a.p.offset - b.p.offset || a.i - b.i);
  const resyncs = [...resyncPoints].sort((a, b) => a - b);
  const kept: Diagnostic[] = [];
  let lastKept: number | undefined;
  for (const { p } of ordered) {
    if (p.independent || lastKept === undefined || hasResyncBetween(resyncs, lastKept, p.offset)) {
      kept.push(p.diagnostic);
      lastKept = p.offset;
    }
  }
  return kept;
}

/** True when some resync point r satisfies `after < r <= upTo` (binary search). */
function hasResyncBetween(sorted: readonly number[], after: number, upTo: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]! <= upTo;
}
