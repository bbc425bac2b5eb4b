/**
 * Whether a Linux machine has a GPU that WebGPU could reach, from its device nodes alone: asking Dawn
 * costs a second of start-up and, on a machine with only Mesa's software rasterizer, prints Vulkan
 * driver warnings to stderr (from native code, beyond mfgc's reach) — on every `mfgc train` of every
 * CPU-only user, for an adapter automatic selection would refuse anyway.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * The device nodes through which Linux hands a GPU to user space: DRM render nodes
 * (`/dev/dri/renderD128`, …: amdgpu, i915/xe, nouveau, nvidia-drm, virtio-gpu), NVIDIA's own nodes
 * (`/dev/nvidia0`, …; a container sees them only when the GPU is passed in), and WSL2's `/dev/dxg`.
 * A process that sees none of them can reach no hardware adapter through Vulkan or OpenGL, only a
 * software one (lavapipe, llvmpipe, SwiftShader).
 * @param dev the device folder (tests pass a fake one)
 * @returns absolute paths, sorted; empty when `dev` cannot be read
 */
export function linuxGpuDeviceNodes(dev = "/dev"): string[] {
  const list = (dir: string): string[] => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  const render = list(join(dev, "dri")).filter((n) => /^renderD\d+$/.test(n)).map((n) => join(dev, "dri", n));
  const other = list(dev).filter((n) => /^nvidia\d+$/.test(n) || n === "dxg").map((n) => join(dev, n));
  return [...render, ...other].sort();
}
