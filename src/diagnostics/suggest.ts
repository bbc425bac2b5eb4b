/** "Did you mean …?" support: the closest candidate by edit distance, if it is close enough. */

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two adjacent
 * characters each cost 1, so the commonest typos (`rleu` → `relu`) are one edit away.
 */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[m]![n]!;
}

/**
 * The best match for `name` among `candidates`, or undefined when nothing is plausibly a typo of it.
 * Ties break by candidate order after sorting, so the answer is deterministic.
 */
export function closestMatch(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestScore = Infinity;
  // Ties go to the candidate made of the same letters (`modle` → `model`, not `mode`; `reluu` → `relu`,
  // not `relu6`), then alphabetically, so the answer never depends on the candidates' order.
  for (const c of [...candidates].sort()) {
    // The distance is at least the difference in length: skip the O(m·n) table when it cannot be close
    // (a megabyte-long name from a hostile spec must not cost a megabyte-sized table per candidate).
    if (Math.abs(c.length - name.length) > limit) continue;
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase());
    const score = d + letterDifference(lower, c.toLowerCase()) / 1000;
    if (d <= limit && score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

/** Size of the symmetric difference of the two strings' letter multisets. */
function letterDifference(a: string, b: string): number {
  const counts = new Map<string, number>();
  for (const ch of a) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  for (const ch of b) counts.set(ch, (counts.get(ch) ?? 0) - 1);
  let diff = 0;
  for (const n of counts.values()) diff += Math.abs(n);
  return diff;
}

/** A ready hint string, or an empty list. */
export function didYouMean(name: string, candidates: Iterable<string>): string[] {
  const m = closestMatch(name, candidates);
  return m === undefined || m === name ? [] : [`did you mean \`${m}\`?`];
}

/**
 * The suggestion of a "did you mean `X`?" hint (what {@link didYouMean} writes), or undefined. Each
 * such hint replaces exactly its diagnostic's span: the language server turns it into a quick fix.
 */
export function suggestionOf(hint: string): string | undefined {
  const m = /^did you mean `(.+)`\?/.exec(hint);
  return m === null ? undefined : m[1];
}

/** `hints` when there are any (a "did you mean" beats general advice), else the one general `fallback`. */
export function hintsOr(hints: readonly string[], fallback: string): string[] {
  return hints.length > 0 ? [...hints] : [fallback];
}
