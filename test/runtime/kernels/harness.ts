/**
 * Shared harness for the wasm kernel tests: runs the same computation on `cpu` and on `wasm` (with
 * mfgc's kernels) from the same inputs, and takes central finite differences on wasm.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { expect } from "vitest";
import { registerWasmTrainingKernels } from "../../../src/runtime/kernels/register.js";

export { tf };

export async function useWasmWithKernels(): Promise<void> {
  registerWasmTrainingKernels();
  await tf.setBackend("wasm");
  await tf.ready();
}

/** Deterministic pseudo-random values in [-1, 1) (a small LCG: tests must not depend on Math.random). */
export function randomValues(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

/** Plain data of one input: values and shape, so each backend can build its own tensor. */
export interface HostTensor {
  readonly values: Float32Array | Int32Array;
  readonly shape: number[];
  readonly dtype?: "float32" | "int32";
}

export function host(shape: number[], seed: number): HostTensor {
  return { values: randomValues(shape.reduce((a, b) => a * b, 1), seed), shape };
}

function toTensor(h: HostTensor): tf.Tensor {
  return tf.tensor(h.values, h.shape, h.dtype ?? "float32");
}

/** Runs `fn` on `backend` and returns every output's values (tensors are released). */
export async function runOn(
  backend: "cpu" | "wasm",
  inputs: readonly HostTensor[],
  fn: (...xs: tf.Tensor[]) => tf.Tensor[],
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const xs = inputs.map(toTensor);
  const outs = fn(...xs);
  const values = outs.map((t) => Float32Array.from(t.dataSync()));
  tf.dispose([...xs, ...outs]);
  await tf.setBackend("wasm");
  return values;
}

/** |a − b| ≤ rel · max|b| + 1e-6 for every element (relative to the tensor's scale). */
export function expectCloseArrays(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-4, label = ""): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i] ?? 0));
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs((actual[i] ?? Number.NaN) - (expected[i] ?? Number.NaN));
    if (!(d <= worst)) {
      worst = d;
      worstAt = i;
    }
  }
  const bound = rel * scale + 1e-6;
  expect(worst <= bound, `${label}: max |diff| ${worst} at ${worstAt} (actual ${actual[worstAt]}, expected ${expected[worstAt]}) > ${bound}`).toBe(true);
}

/** Same computation on cpu and wasm; every output must agree. */
export async function expectSameOnCpuAndWasm(
  inputs: readonly HostTensor[],
  fn: (...xs: tf.Tensor[]) => tf.Tensor[],
  label: string,
  rel = 1e-4,
): Promise<void> {
  const expected = await runOn("cpu", inputs, fn);
  const actual = await runOn("wasm", inputs, fn);
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expectCloseArrays(a, expected[i] ?? new Float32Array(), rel, `${label} output ${i}`));
}

/**
 * Checks `gradient` (of `Σ r·forward(xs)` w.r.t. input `which`) against central differences of the
 * wasm forward pass at `samples` elements. The objective is summed in float64 on the host and the
 * step is the float32 difference actually applied, so piecewise-linear functions check tightly.
 */
export async function expectMatchesFiniteDifferences(
  inputs: readonly HostTensor[],
  which: number,
  forward: (...xs: tf.Tensor[]) => tf.Tensor,
  gradient: Float32Array,
  options: { step: number; samples: number; rel: number; label: string },
): Promise<void> {
  await tf.setBackend("wasm");
  const base = inputs[which];
  if (base === undefined) throw new Error("no such input");
  const outSize = tf.tidy(() => forward(...inputs.map(toTensor)).size);
  const weights = randomValues(outSize, 977);
  const objective = (values: Float32Array): number => {
    const xs = inputs.map((h, i) => (i === which ? tf.tensor(values, h.shape) : toTensor(h)));
    const y = forward(...xs);
    const data = y.dataSync();
    tf.dispose([...xs, y]);
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum += (data[i] ?? 0) * (weights[i] ?? 0);
    return sum;
  };
  let scale = 0;
  for (const g of gradient) scale = Math.max(scale, Math.abs(g));
  const stride = Math.max(1, Math.floor(base.values.length / options.samples));
  for (let k = 0; k < base.values.length; k += stride) {
    const plus = Float32Array.from(base.values);
    const minus = Float32Array.from(base.values);
    const v = base.values[k] ?? 0;
    plus[k] = v + options.step;
    minus[k] = v - options.step;
    const numeric = (objective(plus) - objective(minus)) / ((plus[k] ?? 0) - (minus[k] ?? 0));
    const analytic = gradient[k] ?? 0;
    expect(Math.abs(numeric - analytic) <= options.rel * scale + 1e-5, `${options.label}: element ${k}: finite difference ${numeric}, gradient ${analytic}`).toBe(true);
  }
}

/** Gradients of `Σ r·forward(xs)` w.r.t. every input, with fixed weights `r`. */
export function weightedGradients(forward: (...xs: tf.Tensor[]) => tf.Tensor): (...xs: tf.Tensor[]) => tf.Tensor[] {
  return (...xs: tf.Tensor[]) => {
    const f = (...args: tf.Tensor[]): tf.Scalar => {
      const y = forward(...args);
      const r = tf.tensor(randomValues(y.size, 977), y.shape);
      return tf.sum(tf.mul(y, r));
    };
    return tf.grads(f)(xs);
  };
}

/** One convolution of the kernel tests: NHWC input shape, filter size, output channels, stride, padding. */
export interface ConvCase {
  readonly x: number[];
  readonly k: [number, number];
  readonly outChannels: number;
  readonly stride: number | [number, number];
  readonly pad: "valid" | "same" | number | [[number, number], [number, number], [number, number], [number, number]];
  readonly dilation?: number | [number, number];
}

/** A test title for {@link ConvCase} `c`. */
export function convCaseName(c: ConvCase): string {
  return `x ${c.x.join("×")}, kernel ${c.k.join("×")}→${c.outChannels}, stride ${String(c.stride)}, pad ${JSON.stringify(c.pad)}${c.dilation === undefined ? "" : `, dilation ${String(c.dilation)}`}`;
}
