/**
 * Makes Dawn's GPU visible where TensorFlow.js's webgpu backend looks for it: `navigator.gpu`, plus the
 * WebGPU constants (`GPUBufferUsage`, `GPUMapMode`, …) as globals. Node 20 has no `navigator`; Node 21+
 * has one whose `globalThis.navigator` is getter-only, so the property is set on the existing object.
 *
 * The GPU installed is a thin wrapper that adds mfgc's adapter request (compatibility feature level for
 * Dawn's GL backend) to the one tfjs makes, so tfjs gets the same adapter mfgc probed and reported.
 */
import type { AdapterRequest, DawnGpu } from "./dawn.js";

interface NavigatorLike {
  gpu?: unknown;
}

function navigatorObject(): NavigatorLike {
  const g = globalThis as { navigator?: NavigatorLike };
  if (g.navigator === undefined) {
    Object.defineProperty(globalThis, "navigator", { value: {}, configurable: true, writable: true, enumerable: false });
  }
  return g.navigator as NavigatorLike;
}

/** The GPU `navigator.gpu` should be: `gpu` with `request`'s fields added to every adapter request. */
export function requestingGpu(gpu: DawnGpu, request: AdapterRequest): DawnGpu {
  return {
    requestAdapter: (options) => gpu.requestAdapter({ ...options, ...request }),
    getPreferredCanvasFormat: () => gpu.getPreferredCanvasFormat(),
    get wgslLanguageFeatures() {
      return gpu.wgslLanguageFeatures;
    },
  };
}

/** Installs `gpu` as `navigator.gpu` and `constants` as globals (existing globals are left alone). */
export function installNavigatorGpu(gpu: DawnGpu, constants: object): void {
  for (const [name, value] of Object.entries(constants)) {
    if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true, enumerable: false });
  }
  Object.defineProperty(navigatorObject(), "gpu", { value: gpu, configurable: true, writable: true, enumerable: true });
}

/**
 * Removes `navigator.gpu` (tests install fake GPUs and take them away again). The Dawn instance tfjs
 * runs on stays referenced by the candidate: collecting it while its device lives crashes Dawn.
 */
export function releaseNavigatorGpu(): void {
  const nav = (globalThis as { navigator?: NavigatorLike }).navigator;
  if (nav !== undefined) delete nav.gpu;
}
