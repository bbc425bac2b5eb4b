/**
 * The GPU device nodes automatic selection looks for on Linux before it asks Dawn for an adapter
 * (src/runtime/backend/webgpu/device-nodes.ts), on fake /dev folders.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { linuxGpuDeviceNodes } from "../../../src/runtime/backend/webgpu/device-nodes.js";

function fakeDev(files: readonly string[]): string {
  const dev = mkdtempSync(join(tmpdir(), "mfgc-dev-"));
  for (const f of files) {
    mkdirSync(join(dev, f, ".."), { recursive: true });
    writeFileSync(join(dev, f), "");
  }
  return dev;
}

describe("linuxGpuDeviceNodes", () => {
  it("finds DRM render nodes, NVIDIA's numbered nodes and WSL2's dxg", () => {
    const dev = fakeDev(["dri/renderD128", "dri/card0", "nvidia0", "nvidiactl", "nvidia-uvm", "dxg", "null", "tty0"]);
    expect(linuxGpuDeviceNodes(dev)).toEqual([join(dev, "dri", "renderD128"), join(dev, "dxg"), join(dev, "nvidia0")].sort());
  });

  it("finds nothing on a machine without a GPU (a display-only card node is not a render node)", () => {
    expect(linuxGpuDeviceNodes(fakeDev(["null", "zero", "dri/card0", "nvidiactl"]))).toEqual([]);
    expect(linuxGpuDeviceNodes(join(tmpdir(), "mfgc-no-such-dev"))).toEqual([]);
  });
});
