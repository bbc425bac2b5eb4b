/**
 * Bringing up TensorFlow.js's `webgpu` backend in Node: load Dawn (npm `webgpu`), open and describe an
 * adapter, refuse a software adapter unless it was asked for, put the GPU on `navigator.gpu`, then
 * load `@tensorflow/tfjs-backend-webgpu` (it registers itself only when `navigator.gpu` exists at
 * import time), fix its kernels where it computes wrongly (kernels.ts), and switch to it.
 */
import { describeError, setBackend, type CandidateContext, type CandidateResult } from "../bring-up.js";
import { formatAdapter } from "./adapter.js";
import { openAdapter, type DawnModule, type OpenedAdapter } from "./dawn.js";
import { fixWebGpuKernels, type WebGpuBackendModule } from "./kernels.js";
import { installNavigatorGpu, requestingGpu } from "./navigator.js";

const INSTALL_FIXES = [
  "install mfgc's optional dependencies: `npm install webgpu @tensorflow/tfjs-backend-webgpu@4.22.0` (an install with `--omit=optional` leaves them out)",
];

const ADAPTER_FIXES = [
  "Linux: Dawn needs the Vulkan loader and a Vulkan driver (`apt-get install libvulkan1` plus the GPU vendor's driver)",
  "NVIDIA in a container: libvulkan1, the ICD file `nvidia_icd.json` (or VK_ICD_FILENAMES pointing at one), and NVIDIA_DRIVER_CAPABILITIES including `graphics`",
  "no GPU (tests): Mesa's lavapipe >= 25 (`mesa-vulkan-drivers`, Debian 12: from bookworm-backports), or Dawn's OpenGL ES backend on any Mesa with MFGC_DAWN_BACKEND=opengles",
];

/**
 * Keeps every op on the GPU: by default tfjs-webgpu runs an op on its CPU kernels when all its inputs
 * are small (under 1,000 elements) and not yet uploaded, so a "webgpu" run would quietly mix backends.
 */
const CPU_FORWARD_FLAG = "WEBGPU_CPU_FORWARD";

/**
 * Every Dawn instance put on `navigator.gpu`, kept for the life of the process: tfjs's webgpu backend
 * holds only the device it made from one, and collecting the instance under a live device crashes Dawn
 * (a segfault in the next event, seen with webgpu 0.6.2). A second request in the same process (cpu,
 * then webgpu again) reuses the instance of the same Dawn module, so tfjs stays on its adapter.
 */
const installed: { readonly dawn: DawnModule; readonly opened: OpenedAdapter }[] = [];

/** Where to look for a GPU device on Linux, for the message that says none was found. */
const DEVICE_NODES = "/dev/dri/renderD*, /dev/nvidia*, /dev/dxg";

export async function bringUpWebGpu(ctx: CandidateContext): Promise<CandidateResult> {
  // Automatic selection wants a hardware adapter; on Linux without a GPU device node only a software
  // one could answer, so Dawn is not even loaded (see device-nodes.ts). A request by name still asks.
  const alreadyUp = ctx.tf.findBackendFactory("webgpu") !== null && installed.length > 0;
  if (!ctx.requested && !alreadyUp && ctx.platform === "linux" && ctx.gpuDeviceNodes().length === 0) {
    return {
      ok: false,
      reason: `no GPU device on this machine: none of ${DEVICE_NODES}`,
      fixes: ["a container needs its GPU passed in (Docker: `--gpus all` for NVIDIA, `--device /dev/dri` for AMD and Intel)", "ask for a software adapter with `--backend webgpu` (a test vehicle, slower than wasm)"],
    };
  }
  let dawn: DawnModule;
  try {
    dawn = (await ctx.load("webgpu")) as DawnModule;
  } catch (error) {
    return { ok: false, reason: `webgpu (Dawn for Node.js) ${describeError(error)}`, fixes: INSTALL_FIXES };
  }
  const reuse = ctx.tf.findBackendFactory("webgpu") !== null ? (installed.find((i) => i.dawn === dawn)?.opened ?? null) : null;
  let opened: OpenedAdapter;
  if (reuse !== null) opened = reuse;
  else {
    // Only a request by name tries Dawn's GL fallback: automatic selection wants a real GPU, and the GL
    // backend prints driver warnings on every probe.
    const result = await openAdapter(dawn, ctx.env, ctx.platform, { glFallback: ctx.requested });
    if (!result.ok) return { ok: false, reason: `no WebGPU adapter (${result.reason})`, fixes: ADAPTER_FIXES };
    opened = result.adapter;
  }
  const adapter = opened.description;
  if (adapter.software && !ctx.requested) {
    return {
      ok: false,
      reason: `only a software adapter (${formatAdapter(adapter)}), never chosen automatically`,
      fixes: ["ask for it with `--backend webgpu` (a software adapter is a test vehicle, slower than wasm)"],
    };
  }
  if (reuse === null) {
    installNavigatorGpu(requestingGpu(opened.gpu, opened.request), dawn.globals);
    installed.push({ dawn, opened });
  }
  let tfjsWebGpu: WebGpuBackendModule;
  try {
    tfjsWebGpu = (await ctx.load("@tensorflow/tfjs-backend-webgpu")) as WebGpuBackendModule;
  } catch (error) {
    return { ok: false, reason: `@tensorflow/tfjs-backend-webgpu ${describeError(error)}`, fixes: INSTALL_FIXES };
  }
  ctx.tf.env().set(CPU_FORWARD_FLAG, false);
  fixWebGpuKernels(ctx.tf, tfjsWebGpu);
  const up = await setBackend(ctx, "webgpu", "@tensorflow/tfjs-backend-webgpu loaded but backend 'webgpu'", ADAPTER_FIXES);
  if (!up.ok) return up;
  return { ok: true, reason: `WebGPU through Dawn on ${formatAdapter(adapter)}`, adapter };
}
