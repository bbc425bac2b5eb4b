/**
 * Opening a WebGPU adapter through Dawn's Node.js bindings (the optional npm package `webgpu`). Dawn
 * picks its native API itself (Vulkan on Linux, Metal on macOS, Direct3D 12 on Windows); on Linux, when
 * that gives no adapter and the caller allows it, Dawn's OpenGL ES backend in compatibility mode is tried
 * too (it runs on any EGL driver, e.g. stock Mesa whose lavapipe is too old for Dawn).
 * `MFGC_DAWN_BACKEND` forces one API.
 *
 * The types here are the few members mfgc uses, so the runtime type-checks without the optional
 * package (and its `@webgpu/types` globals) installed.
 */
import { isSoftwareAdapter, type AdapterDescription, type AdapterInfoFields } from "./adapter.js";

/** `GPURequestAdapterOptions` (WebGPU spec §4.2), as far as mfgc sets it. */
export interface AdapterRequest {
  readonly powerPreference?: "high-performance" | "low-power";
  readonly featureLevel?: "core" | "compatibility";
}

/** The adapter members mfgc reads. */
export interface DawnAdapter {
  readonly info: AdapterInfoFields;
  readonly limits: { readonly maxStorageBufferBindingSize: number };
}

/** `navigator.gpu` as Dawn implements it (the members mfgc and tfjs use). */
export interface DawnGpu {
  requestAdapter(options?: AdapterRequest): Promise<DawnAdapter | null>;
  getPreferredCanvasFormat(): string;
  readonly wgslLanguageFeatures: unknown;
}

/** The `webgpu` package's exports: `create(dawnOptions)` and the WebGPU constants (`GPUBufferUsage`, …). */
export interface DawnModule {
  create(options: string[]): DawnGpu;
  readonly globals: object;
}

/** The environment variable that forces one Dawn API (`vulkan`, `opengles`, `metal`, `d3d12`, …). */
export const DAWN_BACKEND_ENV = "MFGC_DAWN_BACKEND";

/** One way of asking Dawn for an adapter. */
interface Attempt {
  /** The Dawn backend name (`vulkan`, `opengles`, …); for Dawn's own pick, the platform's native API. */
  readonly dawnBackend: string;
  readonly options: readonly string[];
  readonly request: AdapterRequest;
}

/** GL-based Dawn backends implement only WebGPU's compatibility feature level. */
const COMPATIBILITY_ONLY = new Set(["opengles", "opengl"]);

/** The API Dawn picks by itself on each platform (Dawn's backend order: Vulkan, Metal, D3D12 first). */
const NATIVE_API: Partial<Record<NodeJS.Platform, string>> = { linux: "vulkan", darwin: "metal", win32: "d3d12" };

/** Dawn's own pick (no `backend=` option), labelled with the platform's native API. */
function nativeAttempt(platform: NodeJS.Platform): Attempt {
  return { ...attemptFor("default"), dawnBackend: NATIVE_API[platform] ?? "default" };
}

function attemptFor(dawnBackend: string): Attempt {
  return {
    dawnBackend,
    options: dawnBackend === "default" ? [] : [`backend=${dawnBackend}`],
    request: { powerPreference: "high-performance", ...(COMPATIBILITY_ONLY.has(dawnBackend) ? { featureLevel: "compatibility" } : {}) },
  };
}

/** Options of {@link openAdapter}. */
export interface OpenOptions {
  /** On Linux, try Dawn's OpenGL ES backend when the default API gives no adapter. */
  readonly glFallback: boolean;
}

function attempts(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform, opts: OpenOptions): Attempt[] {
  const forced = env[DAWN_BACKEND_ENV]?.trim().toLowerCase();
  if (forced !== undefined && forced !== "") return [attemptFor(forced)];
  return platform === "linux" && opts.glFallback ? [nativeAttempt(platform), attemptFor("opengles")] : [nativeAttempt(platform)];
}

/** An adapter Dawn handed out, the GPU object and request that produced it, and its description. */
export interface OpenedAdapter {
  readonly gpu: DawnGpu;
  readonly request: AdapterRequest;
  readonly description: AdapterDescription;
}

/** Either an adapter, or why none: one clause per API tried. */
export type OpenResult = { readonly ok: true; readonly adapter: OpenedAdapter } | { readonly ok: false; readonly reason: string };

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n")[0] ?? message).slice(0, 200);
}

/**
 * Asks Dawn for an adapter, API by API. Without a display, EGL needs `EGL_PLATFORM=surfaceless` to
 * open a GL context at all, so that is set in `env` (when unset) before the GL backend is tried.
 */
export async function openAdapter(dawn: DawnModule, env: Record<string, string | undefined>, platform: NodeJS.Platform, opts: OpenOptions): Promise<OpenResult> {
  const failures: string[] = [];
  for (const attempt of attempts(env, platform, opts)) {
    if (COMPATIBILITY_ONLY.has(attempt.dawnBackend) && env["EGL_PLATFORM"] === undefined && env["DISPLAY"] === undefined && env["WAYLAND_DISPLAY"] === undefined) {
      env["EGL_PLATFORM"] = "surfaceless";
    }
    const api = `Dawn's ${attempt.dawnBackend} backend`;
    try {
      const gpu = dawn.create([...attempt.options]);
      const adapter = await gpu.requestAdapter(attempt.request);
      if (adapter === null) {
        failures.push(`${api} found no adapter`);
        continue;
      }
      const info = adapter.info;
      const description: AdapterDescription = {
        vendor: info.vendor,
        architecture: info.architecture,
        device: info.device,
        description: info.description,
        software: isSoftwareAdapter(info),
        dawnBackend: attempt.dawnBackend,
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize ?? null,
      };
      return { ok: true, adapter: { gpu, request: attempt.request, description } };
    } catch (error) {
      failures.push(`${api} failed: ${firstLine(error)}`);
    }
  }
  return { ok: false, reason: failures.join("; ") };
}
