/**
 * Integrated gradients (Sundararajan, Taly & Yan, "Axiomatic Attribution for Deep Networks", ICML 2017):
 *
 *   IGᵢ(x) = (xᵢ − x′ᵢ) · ∫₀¹ ∂f(x′ + α(x − x′))/∂xᵢ dα
 *
 * approximated with the trapezoidal rule over `steps` intervals. By completeness (the paper's axiom),
 * Σᵢ IGᵢ = f(x) − f(x′); the paper recommends checking it and adding steps until the sum is within a few
 * percent. This implementation doubles the steps until the relative error is at most `tolerance`.
 *
 * Only asynchronous tensor reads (`await t.data()`): the same code runs on backends that forbid
 * synchronous reads (WebGPU).
 */
import * as tf from "@tensorflow/tfjs";

/** A scalar score per sample: `[n, …inputShape] → [n]`. */
export type ScoreFunction = (x: tf.Tensor) => tf.Tensor1D;

export interface IntegratedGradientsOptions {
  /** Intervals to start with (default 32). */
  readonly steps?: number;
  /** Most intervals to try (default 1024). */
  readonly maxSteps?: number;
  /** Relative completeness error to reach (default 0.005, i.e. 0.5 %). */
  readonly tolerance?: number;
  /** Interpolated inputs per gradient batch (default 32). */
  readonly batch?: number;
}

export interface IntegratedGradientsResult {
  /** Same layout as the input (flattened). */
  readonly attributions: Float32Array;
  readonly steps: number;
  /** f(x) and f(baseline). */
  readonly score: number;
  readonly baselineScore: number;
  /** Σ attributions. */
  readonly sum: number;
  /** f(x) − f(baseline). */
  readonly expected: number;
  /** |sum − expected| / max(|expected|, 1e-6). */
  readonly relativeError: number;
}

/** Trapezoidal weights of `steps` intervals on [0, 1]: 1/(2m) at both ends, 1/m inside. */
export function trapezoidWeights(steps: number): Float32Array {
  const w = new Float32Array(steps + 1).fill(1 / steps);
  w[0] = w[steps] = 1 / (2 * steps);
  return w;
}

/** Σₖ wₖ ∇f(x′ + αₖ(x − x′)) with αₖ = k/steps, summed batch by batch (float64 accumulation). */
async function averagedGradient(f: ScoreFunction, x: tf.Tensor, baseline: tf.Tensor, steps: number, batch: number): Promise<Float64Array> {
  const weights = trapezoidWeights(steps);
  const size = x.size;
  const total = new Float64Array(size);
  const gradOfSum = tf.grad((xs: tf.Tensor) => tf.sum(f(xs)));
  for (let start = 0; start <= steps; start += batch) {
    const count = Math.min(batch, steps + 1 - start);
    const grads = tf.tidy(() => {
      const alphas = tf.range(start, start + count, 1, "float32").div(steps).reshape([count, ...x.shape.map(() => 1)]);
      const path = baseline.expandDims(0).add(alphas.mul(x.sub(baseline).expandDims(0)));
      // The gradient of Σ f over the batch is the per-sample gradient stacked (samples are independent in inference mode).
      return gradOfSum(path);
    });
    const values = await grads.data();
    grads.dispose();
    for (let k = 0; k < count; k++) {
      const w = weights[start + k]!;
      for (let i = 0; i < size; i++) total[i]! += w * values[k * size + i]!;
    }
  }
  return total;
}

async function scoreOf(f: ScoreFunction, x: tf.Tensor): Promise<number> {
  const s = tf.tidy(() => f(x.expandDims(0)));
  const v = (await s.data())[0]!;
  s.dispose();
  return v;
}

/**
 * Integrated gradients of `f` at `x` (one sample, without the batch dimension) from `baseline`
 * (same shape). Raises nothing: a model whose completeness error stays above the tolerance at
 * `maxSteps` returns the last result, with its error, for the caller to report.
 */
export async function integratedGradients(f: ScoreFunction, x: tf.Tensor, baseline: tf.Tensor, opts: IntegratedGradientsOptions = {}): Promise<IntegratedGradientsResult> {
  const tolerance = opts.tolerance ?? 0.005;
  const maxSteps = opts.maxSteps ?? 1024;
  const batch = opts.batch ?? 32;
  const score = await scoreOf(f, x);
  const baselineScore = await scoreOf(f, baseline);
  const expected = score - baselineScore;
  const diffT = tf.sub(x, baseline);
  const diff = await diffT.data();
  diffT.dispose();
  let result: IntegratedGradientsResult | null = null;
  for (let steps = Math.min(opts.steps ?? 32, maxSteps); steps <= maxSteps; steps *= 2) {
    const grad = await averagedGradient(f, x, baseline, steps, batch);
    const attributions = new Float32Array(grad.length);
    let sum = 0;
    for (let i = 0; i < grad.length; i++) {
      const a = diff[i]! * grad[i]!;
      attributions[i] = a;
      sum += a;
    }
    const relativeError = Math.abs(sum - expected) / Math.max(Math.abs(expected), 1e-6);
    result = { attributions, steps, score, baselineScore, sum, expected, relativeError };
    if (relativeError <= tolerance) break;
  }
  return result!;
}
