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

  it("instantiates against the wasm backend's memory, and not on the cpu backend", () => {
    const kernels = simdKernels(tf.findBackend("wasm") as object);
    expect(typeof kernels?.maxPoolGrad2x2).toBe("function");
    expect(simdKernels(tf.findBackend("cpu") as object)).toBeNull();
  });
});
