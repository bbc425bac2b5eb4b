/**
 * Per-layer initializer seeds, derived from the run's seed and the node id — stable when unrelated layers
 * are added or removed, and never 0 (tfjs treats seed 0 as "unseeded" for normal initializers).
 */
export function layerSeed(runSeed: number, nodeId: string, salt = ""): number {
  // FNV-1a over the text; 32-bit arithmetic keeps it identical on every platform.
  let h = 0x811c9dc5 ^ (runSeed >>> 0);
  for (const ch of `${nodeId}/${salt}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % 2147483646) + 1;
}
