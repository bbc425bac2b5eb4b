/** "Did you mean …?" support: the closest candidate by edit distance, if it is close enough. */

export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[n]!;
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
  for (const c of [...candidates].sort()) {
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase());
    if (d < bestScore && d <= limit) {
      best = c;
      bestScore = d;
    }
  }
  return best;
}

/** A ready hint string, or an empty list. */
export function didYouMean(name: string, candidates: Iterable<string>): string[] {
  const m = closestMatch(name, candidates);
  return m === undefined || m === name ? [] : [`did you mean \`${m}\`?`];
}
