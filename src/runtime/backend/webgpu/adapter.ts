/**
 * What a WebGPU adapter is, in the terms the start-up line and automatic selection need: who made it,
 * which GPU family, and whether it is a software rasterizer (a test vehicle, never a speed-up, so never
 * chosen automatically).
 */

/** The fields of `GPUAdapterInfo` mfgc reads (WebGPU spec §3.4; Dawn fills all four). */
export interface AdapterInfoFields {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** Dawn sets this on CPU adapters (lavapipe, SwiftShader); not in every implementation. */
  readonly isFallbackAdapter?: boolean;
}

/** An adapter as mfgc reports it. */
export interface AdapterDescription {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** A CPU implementation of WebGPU (lavapipe, llvmpipe, SwiftShader, WARP, …). */
  readonly software: boolean;
  /** Dawn's native API under WebGPU: `vulkan`, `metal`, `d3d12`, `opengles`, … */
  readonly dawnBackend: string;
  /** The largest storage-buffer binding in bytes: it bounds the largest tensor tfjs can bind. */
  readonly maxStorageBufferBindingSize: number | null;
}

/**
 * Names of CPU implementations as they appear in adapter info: Mesa's lavapipe (Vulkan) and llvmpipe /
 * softpipe (GL), Google's SwiftShader, Microsoft's WARP ("Microsoft Basic Render Driver").
 */
const SOFTWARE_NAMES = /\b(lavapipe|llvmpipe|softpipe|swiftshader|microsoft basic render driver|warp)\b/i;

/**
 * Whether an adapter runs on the CPU. Lavapipe reports `architecture: "software"` and Dawn marks CPU
 * adapters as fallback adapters; Dawn's OpenGL ES adapter on llvmpipe reports neither (empty vendor and
 * architecture), only the renderer name in `device`/`description` — so the names are checked too.
 */
export function isSoftwareAdapter(info: AdapterInfoFields): boolean {
  if (info.isFallbackAdapter === true) return true;
  if (info.architecture.toLowerCase() === "software") return true;
  return SOFTWARE_NAMES.test(info.device) || SOFTWARE_NAMES.test(info.description);
}

/** The adapter in a few words: `nvidia hopper (NVIDIA H100 …), Vulkan, hardware`. */
export function formatAdapter(a: AdapterDescription): string {
  const who = [a.vendor, a.architecture].filter((s) => s !== "").join(" ") || "unknown vendor";
  const detail = a.description !== "" ? a.description : a.device;
  const api = DAWN_BACKEND_TITLES[a.dawnBackend] ?? a.dawnBackend;
  return `${who}${detail === "" ? "" : ` (${detail})`}, ${api}, ${a.software ? "software adapter" : "hardware adapter"}`;
}

const DAWN_BACKEND_TITLES: Readonly<Record<string, string>> = {
  vulkan: "Vulkan",
  metal: "Metal",
  d3d12: "Direct3D 12",
  d3d11: "Direct3D 11",
  opengles: "OpenGL ES (compatibility mode)",
  opengl: "OpenGL (compatibility mode)",
};
