/**
 * A small problem with non-trivial gradients for the optimizer reference tests: one dense layer with a
 * tanh, `a = tanh(X·K + c)`, and the loss `L = mean((a − Y)²)` over a 4×2 output. The gradient is worked
 * out by hand in float64 (chain rule, below), independently of tfjs's autodiff:
 *   ∂L/∂a = 2(a − Y)/(N·O),  ∂L/∂z = ∂L/∂a · (1 − a²),  ∂L/∂K = Xᵀ·∂L/∂z,  ∂L/∂c = Σ_n ∂L/∂z[n].
 * At the starting weights its components are 0.01–0.5 in size, so every optimizer term matters.
 */
export const X = [
  [0.5, -1.2, 0.3],
  [1.1, 0.4, -0.7],
  [-0.6, 0.9, 1.5],
  [0.2, -0.3, -1.1],
];
export const Y = [
  [1, -0.5],
  [-0.8, 0.6],
  [0.3, 0.9],
  [-1, -0.2],
];
/** Starting kernel (3×2, row-major) and bias (2). */
export const K0 = [0.3, -0.2, 0.1, 0.4, -0.5, 0.25];
export const C0 = [0.05, -0.1];

/** Gradients `[∂L/∂K (6, row-major), ∂L/∂c (2)]` at weights `[K, c]`, in float64. */
export function gradients([k, c]: readonly (readonly number[])[]): number[][] {
  const n = X.length;
  const gk = new Array<number>(6).fill(0);
  const gc = [0, 0];
  for (let s = 0; s < n; s++) {
    for (let j = 0; j < 2; j++) {
      let z = c![j]!;
      for (let i = 0; i < 3; i++) z += X[s]![i]! * k![i * 2 + j]!;
      const a = Math.tanh(z);
      const dz = ((2 * (a - Y[s]![j]!)) / (n * 2)) * (1 - a * a);
      gc[j]! += dz;
      for (let i = 0; i < 3; i++) gk[i * 2 + j]! += X[s]![i]! * dz;
    }
  }
  return [gk, gc];
}

/** The loss `mean((tanh(X·K + c) − Y)²)` itself, for checking {@link gradients} by finite differences. */
export function loss([k, c]: readonly (readonly number[])[]): number {
  let sum = 0;
  for (let s = 0; s < X.length; s++) {
    for (let j = 0; j < 2; j++) {
      let z = c![j]!;
      for (let i = 0; i < 3; i++) z += X[s]![i]! * k![i * 2 + j]!;
      sum += (Math.tanh(z) - Y[s]![j]!) ** 2;
    }
  }
  return sum / (X.length * 2);
}
