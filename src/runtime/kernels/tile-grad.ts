/**
 * The gradient of `Tile` as one reshape and one sum, for every backend.
 *
 * tfjs 4.22's own (tfjs-core/src/gradients/Tile_grad.ts) adds up one `slice` of dy per repetition:
 * reps₀·reps₁·… Slice and Add kernel calls, and it stops at rank 4. tfjs-layers' LayerNormalization
 * tiles its scale and offset over batch × time ([1, 1, d] → [b, t, d]), so on the Transformer example
 * (batch 32, 48 positions, 4 layer norms) that was 12,800 Slice and 12,954 Add calls per training step,
 * ~80% of its time on wasm (bench/results/train-profile.md, `before`).
 *
 * Formula: tile(x, reps)[r₀·s₀ + i₀, r₁·s₁ + i₁, …] = x[i₀, i₁, …] for 0 ≤ rₖ < repsₖ, x of shape
 * [s₀, s₁, …]. Viewing dy as [reps₀, s₀, reps₁, s₁, …] (row-major, so that reshape is exact), each
 * x element's gradient is the sum of dy over every (r₀, r₁, …): a sum over the even axes.
 */
import * as tf from "@tensorflow/tfjs";
import type { GradConfig, NamedAttrMap, Tensor } from "@tensorflow/tfjs";

/**
 * dx for `tile(x, reps)`: `dy` has shape [reps₀·s₀, reps₁·s₁, …], the result `xShape` [s₀, s₁, …].
 * Any rank. Summation order differs from tfjs's slice-by-slice loop, so results agree to float
 * rounding, not bit for bit.
 */
export function tileGradient(dy: Tensor, xShape: readonly number[], reps: readonly number[]): Tensor {
  if (reps.length !== xShape.length) throw new Error(`mfgc Tile gradient: reps [${reps.join(", ")}] do not match rank ${xShape.length}`);
  // No repetition reads x (an empty output): its gradient is zero. (wasm's Sum traps on an empty axis.)
  if (reps.some((r) => r === 0)) return tf.zeros([...xShape]);
  const interleaved = xShape.flatMap((s, k) => [reps[k] ?? 1, s]);
  const repAxes = xShape.map((_, k) => 2 * k).filter((axis) => (interleaved[axis] ?? 1) > 1);
  const grouped = tf.reshape(dy, interleaved);
  const summed = repAxes.length === 0 ? grouped : tf.sum(grouped, repAxes);
  return tf.reshape(summed, [...xShape]);
}

export const tileGradConfig: GradConfig = {
  kernelName: "Tile",
  inputsToSave: ["x"],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const x = saved[0];
    if (x === undefined || Array.isArray(dy)) throw new Error("mfgc Tile gradient: expected one saved input and one dy");
    const reps = attrs["reps"] as number[];
    return { x: () => tileGradient(dy, x.shape, reps) };
  },
};
