/**
 * What the WebGPU tests share: bringing the backend up on whatever adapter this machine has (on CI a
 * software one: Mesa's lavapipe, or Dawn's GL backend on llvmpipe), failing loudly when there is none,
 * and asynchronous reads (the webgpu backend throws on synchronous ones).
 *
 * The suite is skipped only when MFGC_SKIP_WEBGPU=1 is set on purpose; without an adapter it fails with
 * the reason and the fix, so a CI machine that lost its Vulkan driver does not pass silently.
 */
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { expect } from "vitest";
import { BackendError, prepareBackend, type BackendChoice } from "../../src/runtime/backend/prepare.js";

export const ROOT = join(import.meta.dirname, "..", "..");

/** Set to "1" to skip every WebGPU test on purpose (e.g. on a machine where none can run). */
export const SKIP_WEBGPU = process.env["MFGC_SKIP_WEBGPU"] === "1";

/**
 * Keeps Mesa's compiled shaders between runs (a cold first conv step compiles for ~50 s on 2 cores):
 * `<repo>/.tmp/mesa-shader-cache` unless the caller (e.g. `.ci/run`) chose a directory.
 */
export function useShaderCache(): void {
  process.env["MESA_SHADER_CACHE_DIR"] ??= join(ROOT, ".tmp", "mesa-shader-cache");
}

/**
 * Brings up the `webgpu` backend as a user's `--backend webgpu` would (a software adapter is accepted
 * because it is asked for by name) and leaves tfjs on it.
 * @throws Error saying why no adapter could be used, with the fixes and how to skip on purpose.
 */
export async function requireWebGpu(log: (line: string) => void = () => {}): Promise<BackendChoice> {
  useShaderCache();
  try {
    return await prepareBackend({ backend: "webgpu", log });
  } catch (error) {
    if (!(error instanceof BackendError)) throw error;
    const d = error.diagnostic;
    throw new Error(
      `the WebGPU tests need a WebGPU adapter and none could be used: ${d.message}\n` +
        d.hints.map((h) => `  fix: ${h}\n`).join("") +
        "  (.ci/run installs Mesa's lavapipe from Debian; set MFGC_SKIP_WEBGPU=1 to skip these tests on purpose)",
    );
  }
}

/** Switches tfjs to an already initialized backend. */
export async function use(backend: "cpu" | "webgpu"): Promise<void> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not come up`);
  expect(tf.getBackend()).toBe(backend);
}

/** Reads tensors back asynchronously, as float32 arrays. */
export async function read(tensors: readonly tf.Tensor[]): Promise<Float32Array[]> {
  return Promise.all(tensors.map(async (t) => Float32Array.from(await t.data())));
}

/** Largest |a − b| over paired arrays; Infinity when lengths differ or a value is NaN on one side only. */
export function maxAbsDiff(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[]): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  a.forEach((x, i) => {
    const y = b[i]!;
    if (x.length !== y.length) worst = Infinity;
    for (let k = 0; k < x.length; k++) {
      const d = Math.abs(x[k]! - y[k]!);
      if (!(d <= worst)) worst = Number.isNaN(d) ? (Number.isNaN(x[k]!) && Number.isNaN(y[k]!) ? worst : Infinity) : d;
    }
  });
  return worst;
}
