/**
 * Backend selection against this machine's real WebGPU adapter (test/runtime/backend/select.test.ts
 * covers every case with faked adapters): automatic selection uses it only when it is hardware, a request
 * by name is honoured and reported with the adapter's vendor and architecture, and asking again later in
 * the same process (cpu in between) keeps working on the same Dawn instance.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareBackend, type BackendChoice } from "../../src/runtime/backend/prepare.js";
import { formatAdapter } from "../../src/runtime/backend/webgpu/adapter.js";
import { requireWebGpu, SKIP_WEBGPU, use } from "./webgpu.js";

describe.skipIf(SKIP_WEBGPU)("selection with this machine's WebGPU adapter", () => {
  let requested: BackendChoice;
  const lines: string[] = [];
  beforeAll(async () => {
    requested = await requireWebGpu((line) => lines.push(line));
  });

  it("a request by name is honoured; the start-up line names the adapter and whether it is software", () => {
    expect(requested).toMatchObject({ name: "webgpu", tfjsBackend: "webgpu", requested: "webgpu" });
    const adapter = requested.adapter!;
    expect(lines).toEqual([`mfgc: backend 'webgpu' — requested: WebGPU through Dawn on ${formatAdapter(adapter)}`]);
    expect(lines[0]).toMatch(/, (software|hardware) adapter$/);
    // tfjs reports the same adapter mfgc probed (tfjs keeps vendor and architecture only).
    const tfjsInfo = (tf.backend() as unknown as { adapterInfo: { vendor: string; architecture: string } }).adapterInfo;
    expect({ vendor: tfjsInfo.vendor, architecture: tfjsInfo.architecture }).toEqual({ vendor: adapter.vendor, architecture: adapter.architecture });
    expect(tf.env().getBool("WEBGPU_CPU_FORWARD")).toBe(false);
  });

  it("automatic selection takes the adapter only if it is hardware", async () => {
    const auto = await prepareBackend({ log: () => {} });
    if (requested.adapter!.software) {
      expect(auto.name).not.toBe("webgpu");
      expect(auto.fellBackFrom.find((f) => f.name === "webgpu")?.reason).toBe(`only a software adapter (${formatAdapter(requested.adapter!)}), never chosen automatically`);
    } else {
      expect(auto.name === "webgpu" || auto.name === "tensorflow-gpu").toBe(true);
    }
  });

  it("asking again after switching to cpu reuses the Dawn instance tfjs runs on, and reads still resolve", async () => {
    const real = (await import("webgpu" as string)) as { create(options: string[]): unknown };
    let created = 0;
    const counting = { ...real, create: (options: string[]) => (created++, real.create(options)) };
    const load = (specifier: string) => (specifier === "webgpu" ? Promise.resolve(counting) : import(specifier));
    await use("cpu");
    const first = await prepareBackend({ backend: "webgpu", load, log: () => {} });
    expect(created).toBe(1);
    await use("cpu");
    const again = await prepareBackend({ backend: "webgpu", load, log: () => {} });
    // No second instance: one made per request and dropped while tfjs's device lived on it crashed Dawn.
    expect(created).toBe(1);
    expect(again.adapter).toEqual(first.adapter);
    expect(first.adapter).toEqual(requested.adapter);
    expect(tf.getBackend()).toBe("webgpu");
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.square(x);
    expect(Array.from(await y.data())).toEqual([1, 4, 9]);
    tf.dispose([x, y]);
  });
});
