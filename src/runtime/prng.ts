/**
 * A seeded pseudo-random generator whose state can be saved and restored exactly (alea from
 * `seedrandom`). Used for shuffling, synthetic data and — installed as `Math.random` during a run — for
 * the randomness tfjs draws without a seed (dropout masks, unseeded initializers), so a resumed run
 * continues with exactly the numbers an uninterrupted run would have used.
 */
import seedrandom from "seedrandom";

/**
 * The generator's JSON-serializable state: alea's three seeds and carry, as `seedrandom` saves and
 * restores them. Spelled out so the published declarations need no @types/seedrandom.
 */
export interface PrngState {
  readonly c: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
}

export class Prng {
  private readonly gen: seedrandom.StatefulPRNG<PrngState>;

  constructor(seed: number | string, state?: PrngState) {
    this.gen = seedrandom.alea(String(seed), { state: state ?? true });
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.gen.quick();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** A permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }

  state(): PrngState {
    return this.gen.state();
  }
}

/**
 * Runs `fn` with `Math.random` replaced by `rng`, restoring the original afterwards (also on error).
 * tfjs seeds its unseeded random ops from `Math.random`, so this makes them reproducible.
 */
export async function withSeededMathRandom<T>(rng: Prng, fn: () => Promise<T> | T): Promise<T> {
  const original = Math.random;
  Math.random = () => rng.next();
  try {
    return await fn();
  } finally {
    Math.random = original;
  }
}

/**
 * {@link withSeededMathRandom} for synchronous work: `Math.random` is restored before anything else can
 * run (no await in between), so no other code draws from `rng` meanwhile.
 */
export function withSeededMathRandomSync<T>(rng: Prng, fn: () => T): T {
  const original = Math.random;
  Math.random = () => rng.next();
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}
