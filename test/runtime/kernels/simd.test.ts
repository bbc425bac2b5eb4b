import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { simdKernels } from "../../../src/runtime/kernels/simd/instance.js";
import { tf, useWasmWithKernels } from "./harness.js";

beforeAll(useWasmWithKernels);

describe("mfgc's SIMD kernels module", () => {
  it("kernels-wasm.ts is kernels.wat compiled (scripts/build-simd.mjs --check)", () => {
    const script = fileURLToPath(new URL("../../../scripts/build-simd.mjs", import.meta.url));
    const r = spawnSync(process.execPath, [script, "--check"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("MFGC_SIMD_KERNELS=0 turns them off: training kernels fall back and still compute the same gradients", () => {
    const script = [
      'import * as tf from "@tensorflow/tfjs";',
      'import { prepareBackend } from "./src/runtime/backend/prepare.ts";',
      'import { simdKernels } from "./src/runtime/kernels/simd/instance.ts";',
      "const lines = [];",
      'await prepareBackend({ backend: "wasm", log: (line) => lines.push(line) });',
      "const x = tf.tensor4d(Array.from({ length: 2 * 6 * 6 * 8 }, (_, i) => Math.sin(i)), [2, 6, 6, 8]);",
      "const w = tf.tensor4d(Array.from({ length: 3 * 3 * 8 * 8 }, (_, i) => Math.cos(i)), [3, 3, 8, 8]);",
      'const g = tf.grads((a, b) => tf.sum(tf.maxPool(tf.relu(tf.conv2d(a, b, 1, "same")), 2, 2, "valid")))([x, w]);',
      "console.log(JSON.stringify({ simd: simdKernels(tf.backend()) !== null, sums: g.map((t) => t.sum().dataSync()[0]), log: lines.join(' ') }));",
    ].join("\n");
    const root = fileURLToPath(new URL("../../../", import.meta.url));
    const run = (env: Record<string, string>) => {
      const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, encoding: "utf8", env: { ...process.env, ...env } });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as { simd: boolean; sums: number[]; log: string };
    };
    const on = run({});
    const off = run({ MFGC_SIMD_KERNELS: "0" });
    expect(on.simd).toBe(true);
    expect(off.simd).toBe(false);
    // The start-up line says so (a run's log shows which kernels trained it).
    expect(off.log).toContain("its SIMD kernels off: MFGC_SIMD_KERNELS=0");
    expect(on.log).not.toContain("SIMD kernels off");
    off.sums.forEach((v, i) => expect(v).toBeCloseTo(on.sums[i]!, 3));
  });

  it("instantiates against the wasm backend's memory, and not on the cpu backend", () => {
    const kernels = simdKernels(tf.findBackend("wasm") as object);
    expect(typeof kernels?.maxPoolGrad2x2).toBe("function");
    expect(simdKernels(tf.findBackend("cpu") as object)).toBeNull();
  });
});
