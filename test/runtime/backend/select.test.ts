/**
 * Backend selection with every optional package simulated (present, absent, broken, on a GPU or not) and
 * WebGPU adapters faked by their `GPUAdapterInfo`: the automatic order, software adapters passed over,
 * requests honoured or refused with MFG9020, unknown names refused with MFG9021. The real packages and
 * the real (software) adapter are exercised in test/webgpu/.
 */
import * as tf from "@tensorflow/tfjs";
import { afterEach, describe, expect, it } from "vitest";
import { prepareBackend } from "../../../src/runtime/backend/prepare.js";
import { BackendError } from "../../../src/runtime/backend/errors.js";
import { describeChoice, selectBackend } from "../../../src/runtime/backend/select.js";
import type { SelectDeps } from "../../../src/runtime/backend/select.js";
import type { ModuleLoader } from "../../../src/runtime/backend/candidates.js";
import type { AdapterInfoFields } from "../../../src/runtime/backend/webgpu/adapter.js";
import type { AdapterRequest, DawnAdapter, DawnGpu } from "../../../src/runtime/backend/webgpu/dawn.js";
import { releaseNavigatorGpu } from "../../../src/runtime/backend/webgpu/navigator.js";

type Behaviour = "absent" | "gpu" | "cpu-only" | "broken";

/** A stand-in backend (a cpu backend underneath) registered under `name`, with extra fields. */
function registerFakeBackend(name: string, extra: object): void {
  const cpuBackend = tf.findBackend("cpu") ?? tf.engine().findBackend("cpu");
  const Ctor = Object.getPrototypeOf(cpuBackend).constructor as new () => tf.KernelBackend;
  tf.registerBackend(name, () => Object.assign(new Ctor(), extra));
}

// Adapter infos as Dawn reports them (vendor/architecture/device/description).
const NVIDIA_H100: AdapterInfoFields = { vendor: "nvidia", architecture: "hopper", device: "0x2330", description: "NVIDIA H100 80GB HBM3", isFallbackAdapter: false };
// Measured here: Mesa 25 lavapipe through Dawn's Vulkan backend.
const LAVAPIPE: AdapterInfoFields = { vendor: "mesa", architecture: "software", device: "llvmpipe-llvm-15-0-6-256-bits-", description: "llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)", isFallbackAdapter: true };
// Measured here: Dawn's OpenGL ES backend on llvmpipe reports no vendor and no architecture.
const GLES_LLVMPIPE: AdapterInfoFields = { vendor: "", architecture: "", device: "llvmpipe-llvm-15-0-6-256-bits-", description: "OpenGL version OpenGL ES 3.2 Mesa 25.0.7", isFallbackAdapter: false };

/** A fake Dawn: `create(options)` gives a GPU whose adapter is `adapters(options, request)`. */
function fakeDawn(adapterFor: (options: readonly string[], request: AdapterRequest | undefined) => AdapterInfoFields | null | Error) {
  const requests: { options: readonly string[]; request: AdapterRequest | undefined }[] = [];
  const module = {
    globals: { GPUBufferUsage: { MAP_READ: 1 } },
    create(options: string[]): DawnGpu {
      return {
        async requestAdapter(request?: AdapterRequest): Promise<DawnAdapter | null> {
          requests.push({ options, request });
          const info = adapterFor(options, request);
          if (info instanceof Error) throw info;
          return info === null ? null : { info, limits: { maxStorageBufferBindingSize: 128 * 2 ** 20 } };
        },
        getPreferredCanvasFormat: () => "rgba8unorm",
        wgslLanguageFeatures: new Set<string>(),
      };
    },
  };
  return { module, requests };
}

interface Packages {
  gpu?: Behaviour;
  node?: Behaviour;
  wasm?: "present" | "absent";
  /** The `webgpu` package: absent, or a fake Dawn. */
  dawn?: ReturnType<typeof fakeDawn>["module"] | "absent" | "broken";
}

/** Loader simulating each optional package; the wasm package is the real one unless told otherwise. */
function loader(packages: Packages): { load: ModuleLoader; loaded: string[] } {
  const loaded: string[] = [];
  const load: ModuleLoader = async (specifier) => {
    loaded.push(specifier);
    const absent = () => new Error(`Cannot find package '${specifier}' imported from /x.js`);
    switch (specifier) {
      case "@tensorflow/tfjs-backend-wasm":
        if (packages.wasm === "absent") throw absent();
        return import(specifier);
      case "webgpu":
        if (packages.dawn === undefined || packages.dawn === "absent") throw absent();
        if (packages.dawn === "broken") throw new Error("/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by dawn.node)");
        return packages.dawn;
      case "@tensorflow/tfjs-backend-webgpu":
        // What the real package does on import when navigator.gpu exists: register its flags and backend.
        if (!flagRegistered("WEBGPU_CPU_FORWARD")) tf.env().registerFlag("WEBGPU_CPU_FORWARD", () => true);
        registerFakeBackend("webgpu", { adapterInfo: {} });
        return {};
    }
    const behaviour = specifier === "@tensorflow/tfjs-node-gpu" ? packages.gpu ?? "absent" : specifier === "@tensorflow/tfjs-node" ? packages.node ?? "absent" : "absent";
    if (behaviour === "absent") throw absent();
    if (behaviour === "broken") throw new Error("libtensorflow.so.2: cannot open shared object file: No such file or directory\n    at stack");
    registerFakeBackend("tensorflow", { isUsingGpuDevice: behaviour === "gpu" });
    return {};
  };
  return { load, loaded };
}

function flagRegistered(name: string): boolean {
  return (tf.env() as unknown as { flagRegistry: Record<string, unknown> }).flagRegistry[name] !== undefined;
}

/** Selection's dependencies on a Linux machine with a GPU device node (unless `devices` says otherwise). */
function deps(load: ModuleLoader, env: Record<string, string | undefined> = {}, devices: readonly string[] = ["/dev/dri/renderD128"]): SelectDeps & { wasmPrepared: () => number } {
  let prepared = 0;
  return { tf, load, env, platform: "linux", beforeWasm: () => void prepared++, wasmPrepared: () => prepared, gpuDeviceNodes: () => devices };
}

/** The BackendError a selection throws (fails the test if it resolves). */
async function refusal(p: Promise<unknown>): Promise<BackendError> {
  const e = await p.then(() => null, (error: unknown) => error);
  expect(e).toBeInstanceOf(BackendError);
  return e as BackendError;
}

afterEach(async () => {
  for (const name of ["tensorflow", "webgpu"]) if (tf.findBackendFactory(name) !== null) tf.removeBackend(name);
  releaseNavigatorGpu();
  await tf.setBackend("cpu");
});

describe("automatic selection", () => {
  it("uses tfjs-node-gpu when TensorFlow reports a GPU, and logs one line", async () => {
    const lines: string[] = [];
    const { load } = loader({ gpu: "gpu", dawn: fakeDawn(() => NVIDIA_H100).module });
    const choice = await selectBackend({ log: (l) => lines.push(l) }, deps(load));
    expect(choice).toMatchObject({ name: "tensorflow-gpu", tfjsBackend: "tensorflow", requested: "auto", fellBackFrom: [], adapter: null });
    expect(tf.getBackend()).toBe("tensorflow");
    expect(lines).toEqual([describeChoice(choice)]);
    expect(lines[0]).toContain("'tensorflow-gpu'");
  });

  it("uses WebGPU on a hardware adapter before any CPU backend, naming vendor and architecture", async () => {
    const lines: string[] = [];
    const dawn = fakeDawn(() => NVIDIA_H100);
    const { load, loaded } = loader({ dawn: dawn.module, node: "cpu-only" });
    const choice = await selectBackend({ log: (l) => lines.push(l) }, deps(load));
    expect(choice).toMatchObject({ name: "webgpu", tfjsBackend: "webgpu", fellBackFrom: [{ name: "tensorflow-gpu" }] });
    expect(choice.adapter).toMatchObject({ vendor: "nvidia", architecture: "hopper", software: false, dawnBackend: "vulkan", maxStorageBufferBindingSize: 128 * 2 ** 20 });
    expect(lines[0]).toContain("backend 'webgpu' — WebGPU through Dawn on nvidia hopper (NVIDIA H100 80GB HBM3), Vulkan, hardware adapter");
    expect(loaded).not.toContain("@tensorflow/tfjs-node");
    // tfjs's webgpu backend finds the GPU where it looks, and keeps small ops on it.
    expect((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu).toBeDefined();
    expect(tf.env().getBool("WEBGPU_CPU_FORWARD")).toBe(false);
    expect(dawn.requests).toEqual([{ options: [], request: { powerPreference: "high-performance" } }]);
  });

  it("prefers hardware WebGPU to tfjs-node-gpu running on the CPU, and keeps that TensorFlow otherwise", async () => {
    const gpuFirst = await selectBackend({}, deps(loader({ gpu: "cpu-only", dawn: fakeDawn(() => NVIDIA_H100).module }).load));
    expect(gpuFirst.name).toBe("webgpu");
    expect(gpuFirst.fellBackFrom).toEqual([{ name: "tensorflow-gpu", reason: "@tensorflow/tfjs-node-gpu loaded but TensorFlow is not using a GPU" }]);

    const { load, loaded } = loader({ gpu: "cpu-only", node: "cpu-only" });
    const cpuTensorflow = await selectBackend({}, deps(load));
    expect(cpuTensorflow.name).toBe("tensorflow");
    expect(cpuTensorflow.reason).toBe("native TensorFlow on the CPU (@tensorflow/tfjs-node-gpu loaded, no GPU in use)");
    // A second libtensorflow is never loaded beside the first.
    expect(loaded).not.toContain("@tensorflow/tfjs-node");
  });

  it("never chooses a software adapter: lavapipe is passed over, named, and tfjs's webgpu package is not loaded", async () => {
    const { load, loaded } = loader({ dawn: fakeDawn(() => LAVAPIPE).module });
    const choice = await selectBackend({}, deps(load));
    expect(choice.name).toBe("wasm");
    expect(choice.fellBackFrom.map((f) => f.name)).toEqual(["tensorflow-gpu", "webgpu", "tensorflow"]);
    expect(choice.fellBackFrom[1]!.reason).toBe(
      "only a software adapter (mesa software (llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)), Vulkan, software adapter), never chosen automatically",
    );
    expect(loaded).not.toContain("@tensorflow/tfjs-backend-webgpu");
  });

  it("on Linux without a GPU device node, automatic selection does not load Dawn; a request by name still asks it", async () => {
    const { load, loaded } = loader({ dawn: fakeDawn(() => LAVAPIPE).module });
    const choice = await selectBackend({}, deps(load, {}, []));
    expect(choice.name).toBe("wasm");
    expect(choice.fellBackFrom[1]).toEqual({ name: "webgpu", reason: "no GPU device on this machine: none of /dev/dri/renderD*, /dev/nvidia*, /dev/dxg" });
    expect(loaded).not.toContain("webgpu");
    // `gpu` (any hardware GPU) is refused with the same reason; `webgpu` by name takes the software adapter.
    const e = await refusal(selectBackend({ backend: "gpu" }, deps(loader({ dawn: fakeDawn(() => LAVAPIPE).module }).load, {}, [])));
    expect(e.diagnostic.message).toContain("webgpu: no GPU device on this machine");
    const requested = await selectBackend({ backend: "webgpu" }, deps(loader({ dawn: fakeDawn(() => LAVAPIPE).module }).load, {}, []));
    expect(requested).toMatchObject({ name: "webgpu", requested: "webgpu" });
    // Elsewhere than Linux the device nodes are not looked at: Dawn is asked.
    const mac = loader({ dawn: fakeDawn(() => LAVAPIPE).module });
    await selectBackend({}, { ...deps(mac.load, {}, []), platform: "darwin" });
    expect(mac.loaded).toContain("webgpu");
  });

  it("reports an absent or unloadable webgpu package and falls back to wasm (kernels prepared first)", async () => {
    const d = deps(loader({ gpu: "broken" }).load);
    const choice = await selectBackend({}, d);
    expect(choice.name).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(d.wasmPrepared()).toBe(1);
    expect(choice.fellBackFrom).toEqual([
      { name: "tensorflow-gpu", reason: "@tensorflow/tfjs-node-gpu failed to load: libtensorflow.so.2: cannot open shared object file: No such file or directory" },
      { name: "webgpu", reason: "webgpu (Dawn for Node.js) not installed" },
      { name: "tensorflow", reason: "@tensorflow/tfjs-node not installed" },
    ]);
    const broken = await selectBackend({}, deps(loader({ dawn: "broken" }).load));
    expect(broken.fellBackFrom[1]!.reason).toBe("webgpu (Dawn for Node.js) failed to load: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by dawn.node)");
  });

  it("without an adapter from Dawn's native API, does not try the GL fallback", async () => {
    const dawn = fakeDawn(() => null);
    const choice = await selectBackend({}, deps(loader({ dawn: dawn.module }).load));
    expect(choice.fellBackFrom[1]).toEqual({ name: "webgpu", reason: "no WebGPU adapter (Dawn's vulkan backend found no adapter)" });
    expect(dawn.requests).toHaveLength(1);
  });

  it("falls back to cpu when wasm is missing too", async () => {
    const choice = await selectBackend({}, deps(loader({ wasm: "absent" }).load));
    expect(choice.name).toBe("cpu");
    expect(choice.fellBackFrom.map((f) => f.name)).toEqual(["tensorflow-gpu", "webgpu", "tensorflow", "wasm"]);
  });
});

describe("requests", () => {
  it("honours MFGC_BACKEND, and the option wins over it", async () => {
    const { load, loaded } = loader({ gpu: "gpu" });
    const byEnv = await selectBackend({}, deps(load, { MFGC_BACKEND: "cpu" }));
    expect(byEnv).toMatchObject({ name: "cpu", requested: "cpu", fellBackFrom: [] });
    expect(byEnv.reason).toBe("requested by MFGC_BACKEND: pure JavaScript (slowest; always available)");
    expect(loaded).toEqual([]);
    const byOption = await selectBackend({ backend: " WASM " }, deps(load, { MFGC_BACKEND: "cpu" }));
    expect(byOption.name).toBe("wasm");
  });

  it("honours webgpu on a software adapter when asked for by name, and says it is one", async () => {
    const lines: string[] = [];
    const choice = await selectBackend({ backend: "webgpu", log: (l) => lines.push(l) }, deps(loader({ dawn: fakeDawn(() => LAVAPIPE).module }).load));
    expect(choice).toMatchObject({ name: "webgpu", requested: "webgpu", adapter: { software: true, vendor: "mesa", architecture: "software" } });
    expect(lines[0]).toMatch(/^mfgc: backend 'webgpu' — requested: WebGPU through Dawn on mesa software .*, Vulkan, software adapter$/);
  });

  it("asked for webgpu, tries Dawn's OpenGL ES backend (compatibility mode, surfaceless EGL) when Vulkan has no adapter", async () => {
    const dawn = fakeDawn((options) => (options.includes("backend=opengles") ? GLES_LLVMPIPE : null));
    const env: Record<string, string | undefined> = {};
    const choice = await selectBackend({ backend: "webgpu" }, deps(loader({ dawn: dawn.module }).load, env));
    expect(choice.adapter).toMatchObject({ dawnBackend: "opengles", software: true });
    expect(dawn.requests.map((r) => r.options)).toEqual([[], ["backend=opengles"]]);
    expect(dawn.requests[1]!.request).toEqual({ powerPreference: "high-performance", featureLevel: "compatibility" });
    expect(env["EGL_PLATFORM"]).toBe("surfaceless");
    // tfjs's own adapter request goes through navigator.gpu and gets the compatibility level added.
    const gpu = (globalThis as unknown as { navigator: { gpu: DawnGpu } }).navigator.gpu;
    await gpu.requestAdapter({ powerPreference: "low-power" });
    expect(dawn.requests.at(-1)!.request).toEqual({ powerPreference: "high-performance", featureLevel: "compatibility" });
  });

  it("MFGC_DAWN_BACKEND forces one Dawn API", async () => {
    const dawn = fakeDawn(() => GLES_LLVMPIPE);
    await selectBackend({ backend: "webgpu" }, deps(loader({ dawn: dawn.module }).load, { MFGC_DAWN_BACKEND: "opengles", DISPLAY: ":0" }));
    expect(dawn.requests.map((r) => r.options)).toEqual([["backend=opengles"]]);
  });

  it("refuses webgpu without an adapter (MFG9020), naming each API tried and the fixes; no silent swap", async () => {
    const e = await refusal(selectBackend({ backend: "webgpu" }, deps(loader({ dawn: fakeDawn(() => null).module }).load, { DISPLAY: ":0" })));
    expect(e.code).toBe("MFG9020");
    expect(e.diagnostic.message).toBe("backend `webgpu` was requested, but no WebGPU adapter (Dawn's vulkan backend found no adapter; Dawn's opengles backend found no adapter)");
    expect(e.diagnostic.span.file).toBe("--backend webgpu");
    expect(e.diagnostic.hints.join("\n")).toContain("libvulkan1");
    expect(e.diagnostic.hints.join("\n")).toContain("NVIDIA_DRIVER_CAPABILITIES");
    expect(tf.getBackend()).toBe("cpu");
  });

  it("refuses webgpu when the package is not installed, saying how to install it", async () => {
    const e = await refusal(selectBackend({}, deps(loader({}).load, { MFGC_BACKEND: "webgpu" })));
    expect(e.diagnostic.message).toBe("backend `webgpu` was requested by MFGC_BACKEND, but webgpu (Dawn for Node.js) not installed");
    expect(e.diagnostic.span.file).toBe("MFGC_BACKEND=webgpu");
    expect(e.diagnostic.hints[0]).toContain("npm install webgpu @tensorflow/tfjs-backend-webgpu@4.22.0");
  });

  it("refuses tensorflow without tfjs-node (or tfjs-node-gpu)", async () => {
    const e = await refusal(selectBackend({ backend: "tensorflow" }, deps(loader({}).load)));
    expect(e.code).toBe("MFG9020");
    expect(e.diagnostic.message).toBe("backend `tensorflow` was requested, but @tensorflow/tfjs-node not installed, and @tensorflow/tfjs-node-gpu not installed");
    expect(e.diagnostic.hints[0]).toContain("npm install @tensorflow/tfjs-node@4.22.0");
  });

  it("honours tensorflow through tfjs-node-gpu when only that package is installed", async () => {
    const choice = await selectBackend({ backend: "tensorflow" }, deps(loader({ gpu: "cpu-only" }).load));
    expect(choice).toMatchObject({ name: "tensorflow", reason: "requested: @tensorflow/tfjs-node-gpu, native TensorFlow on the CPU" });
  });

  it("refuses tensorflow-gpu when TensorFlow runs on the CPU (no CUDA 11.2 / cuDNN 8.1)", async () => {
    const e = await refusal(selectBackend({ backend: "tensorflow-gpu" }, deps(loader({ gpu: "cpu-only" }).load)));
    expect(e.diagnostic.message).toBe("backend `tensorflow-gpu` was requested, but @tensorflow/tfjs-node-gpu loaded but TensorFlow is not using a GPU");
    expect(e.diagnostic.hints.join("\n")).toContain("CUDA 11.2 and cuDNN 8.1");
  });

  it("`gpu` takes any hardware GPU backend and refuses when there is none", async () => {
    const choice = await selectBackend({ backend: "gpu" }, deps(loader({ dawn: fakeDawn(() => NVIDIA_H100).module }).load));
    expect(choice).toMatchObject({ name: "webgpu", requested: "gpu" });
    expect(choice.reason).toMatch(/^requested a GPU: WebGPU through Dawn on nvidia hopper/);
    const e = await refusal(selectBackend({ backend: "gpu" }, deps(loader({ node: "cpu-only", dawn: fakeDawn(() => LAVAPIPE).module }).load)));
    expect(e.diagnostic.message).toMatch(/^backend `gpu` was requested, but no GPU backend can be used here: tensorflow-gpu: .*not installed; webgpu: only a software adapter/);
  });

  it("refuses unknown names from the option or MFGC_BACKEND (MFG9021)", async () => {
    const byOption = await refusal(selectBackend({ backend: "cuda" }, deps(loader({}).load)));
    expect(byOption.code).toBe("MFG9021");
    expect(byOption.diagnostic.message).toBe("unknown backend `cuda` in --backend (known: auto, gpu, tensorflow-gpu, webgpu, tensorflow, wasm, cpu)");
    const byEnv = await refusal(selectBackend({}, deps(loader({}).load, { MFGC_BACKEND: "nonsense" })));
    expect(byEnv.diagnostic.message).toBe("unknown backend `nonsense` in MFGC_BACKEND (known: auto, gpu, tensorflow-gpu, webgpu, tensorflow, wasm, cpu)");
  });
});

describe("prepareBackend", () => {
  it("with the real loader here (no tfjs-node) picks wasm with mfgc's kernels; webgpu is passed over with its reason", async () => {
    const lines: string[] = [];
    const choice = await prepareBackend({ log: (l) => lines.push(l) });
    expect(choice.name).toBe("wasm");
    expect(choice.fellBackFrom.map((f) => f.name)).toEqual(["tensorflow-gpu", "webgpu", "tensorflow"]);
    // Here: a software adapter (CI), no adapter, or the optional package left out — never chosen.
    expect(choice.fellBackFrom[1]!.reason).toMatch(/no GPU device on this machine|only a software adapter|no WebGPU adapter|not installed/);
    expect(tf.getKernel("Conv2DBackpropFilter", "wasm")).toBeDefined();
    expect(lines).toHaveLength(1);
    // The kernels work after selection: a conv gradient runs on wasm.
    const g = tf.grad((w: tf.Tensor) => tf.sum(tf.conv2d(tf.ones([1, 5, 5, 2]) as tf.Tensor4D, w as tf.Tensor4D, 1, "valid")))(tf.ones([3, 3, 2, 4]));
    expect(Array.from(await g.data()).every((v) => v === 9)).toBe(true);
  });

  it("is idempotent: a second call keeps wasm and the same kernels", async () => {
    await prepareBackend({ log: () => {} });
    const kernel = tf.getKernel("MaxPoolGrad", "wasm");
    const again = await prepareBackend({ backend: "wasm", log: () => {} });
    expect(again.name).toBe("wasm");
    expect(tf.getKernel("MaxPoolGrad", "wasm")).toBe(kernel);
  });
});
