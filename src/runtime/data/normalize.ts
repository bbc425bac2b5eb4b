/**
 * Feature normalization. Statistics come from the training split only (rows selected by a mask) and are
 * then applied unchanged to every split, so validation and test numbers never see training-time leaks
 * and inference can reuse them (they are saved next to the model).
 */
import type { Normalization } from "./types.js";

/** Fits `kind` on the rows of a row-major `[rows, features]` matrix where `useRow(r)` is true. */
export function fitNormalization(kind: "zscore" | "minmax", features: readonly string[], matrix: Float64Array, rows: number, useRow: (r: number) => boolean): Normalization {
  const f = features.length;
  const a = new Array<number>(f).fill(0);
  const b = new Array<number>(f).fill(0);
  if (kind === "zscore") {
    const count = new Array<number>(f).fill(0);
    // Welford's update: stable for large offsets (sensor readings around 1e4 with small variance).
    const m2 = new Array<number>(f).fill(0);
    for (let r = 0; r < rows; r++) {
      if (!useRow(r)) continue;
      for (let j = 0; j < f; j++) {
        const x = matrix[r * f + j]!;
        const c = ++count[j]!;
        const delta = x - a[j]!;
        a[j] = a[j]! + delta / c;
        m2[j] = m2[j]! + delta * (x - a[j]!);
      }
    }
    for (let j = 0; j < f; j++) {
      const std = count[j]! > 0 ? Math.sqrt(m2[j]! / count[j]!) : 0;
      b[j] = std > 1e-12 ? std : 1;
    }
  } else {
    a.fill(Infinity);
    b.fill(-Infinity);
    for (let r = 0; r < rows; r++) {
      if (!useRow(r)) continue;
      for (let j = 0; j < f; j++) {
        const x = matrix[r * f + j]!;
        if (x < a[j]!) a[j] = x;
        if (x > b[j]!) b[j] = x;
      }
    }
    for (let j = 0; j < f; j++) {
      if (!Number.isFinite(a[j]!)) {
        a[j] = 0;
        b[j] = 1;
      } else if (b[j]! - a[j]! < 1e-12) b[j] = a[j]! + 1;
    }
  }
  return { kind, features: [...features], a, b };
}

/** Normalizes one value of feature `j`. */
export function normalizeValue(n: Normalization, j: number, x: number): number {
  return n.kind === "zscore" ? (x - n.a[j]!) / n.b[j]! : (x - n.a[j]!) / (n.b[j]! - n.a[j]!);
}

/** Applies `n` in place to a row-major `[rows, features]` matrix. */
export function applyNormalization(n: Normalization, matrix: Float64Array): void {
  const f = n.features.length;
  for (let i = 0; i < matrix.length; i++) matrix[i] = normalizeValue(n, i % f, matrix[i]!);
}
