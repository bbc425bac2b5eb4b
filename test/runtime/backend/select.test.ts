import * as tf from "@tensorflow/tfjs";
import { afterEach, describe, expect, it } from "vitest";
import { prepareBackend } from "../../../src/runtime/backend/prepare.js";
import { describeChoice, selectBackend } from "../../../src/runtime/backend/select.js";
import type { SelectDeps } from "../../../src/runtime/backend/select.js";
import type { ModuleLoader } from "../../../src/runtime/backend/candidates.js";

type Behaviour = "absent" | "gpu" | "cpu-only" | "broken";

/** A stand-in for tfjs-node[-gpu]: registers a `tensorflow` backend (a cpu backend underneath). */
function registerFakeTensorflow(usingGpu: boolean): void {
  const cpuBackend = tf.findBackend("cpu") ?? tf.engine().findBackend("cpu");
  const Ctor = Object.getPrototypeOf(cpuBackend).constructor as new () => tf.KernelBackend;
  tf.registerBackend("tensorflow", () => Object.assign(new Ctor(), { isUsingGpuDevice: usingGpu }));
}

/** Loader simulating each optional package; the wasm package is the real one unless told otherwise. */
function loader(packages: { gpu?: Behaviour; node?: Behaviour; wasm?: "present" | "absent" }): { load: ModuleLoader; loaded: string[] } {
  const loaded: string[] = [];
  const load: ModuleLoader = async (specifier) => {
    loaded.push(specifier);
    const behaviour =
      specifier === "@tensorflow/tfjs-node-gpu" ? packages.gpu ?? "absent"
      : specifier === "@tensorflow/tfjs-node" ? packages.node ?? "absent"
      : specifier === "@tensorflow/tfjs-backend-wasm" ? (packages.wasm === "absent" ? "absent" : "real")
      : "absent";
    if (behaviour === "absent") throw new Error(`Cannot find package '${specifier}' imported from /x.js`);
    if (behaviour === "broken") throw new Error("libtensorflow.so.2: cannot open shared object file: No such file or directory\n    at stack");
    if (behaviour === "real") return import(specifier);
    registerFakeTensorflow(behaviour === "gpu");
    return {};
  };
  return { load, loaded };
}

function deps(load: ModuleLoader, env: Record<string, string> = {}): SelectDeps & { wasmPrepared: () => number } {
  let prepared = 0;
  return { tf, load, env, beforeWasm: () => void prepared++, wasmPrepared: () => prepared };
}

afterEach(async () => {
  if (tf.findBackendFactory("tensorflow") !== null) tf.removeBackend("tensorflow");
  await tf.setBackend("cpu");
});

describe("selectBackend", () => {
  it("uses tfjs-node-gpu when TensorFlow reports a GPU, and logs one line", async () => {
    const lines: string[] = [];
    const { load } = loader({ gpu: "gpu" });
    const choice = await selectBackend({ log: (l) => lines.push(l) }, deps(load));
    expect(choice).toMatchObject({ name: "tensorflow-gpu", tfjsBackend: "tensorflow", fellBackFrom: [] });
    expect(tf.getBackend()).toBe("tensorflow");
    expect(lines).toEqual([describeChoice(choice)]);
    expect(lines[0]).toContain("'tensorflow-gpu'");
  });

  it("keeps tfjs-node-gpu as CPU TensorFlow when no GPU is in use, without loading tfjs-node", async () => {
    const { load, loaded } = loader({ gpu: "cpu-only", node: "cpu-only" });
    const choice = await selectBackend({}, deps(load));
    expect(choice.name).toBe("tensorflow");
    expect(choice.fellBackFrom).toEqual([{ name: "tensorflow-gpu", reason: expect.stringContaining("not using a GPU") }]);
    expect(loaded).not.toContain("@tensorflow/tfjs-node");
  });

  it("falls back to tfjs-node when the GPU package is absent", async () => {
    const { load } = loader({ node: "cpu-only" });
    const choice = await selectBackend({}, deps(load));
    expect(choice.name).toBe("tensorflow");
    expect(choice.fellBackFrom).toEqual([{ name: "tensorflow-gpu", reason: "@tensorflow/tfjs-node-gpu not installed" }]);
  });

  it("falls back to wasm (kernels prepared first) when both native packages are absent or broken", async () => {
    const { load } = loader({ gpu: "broken" });
    const d = deps(load);
    const choice = await selectBackend({}, d);
    expect(choice.name).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(d.wasmPrepared()).toBe(1);
    expect(choice.fellBackFrom.map((f) => f.name)).toEqual(["tensorflow-gpu", "tensorflow"]);
    expect(choice.fellBackFrom[0]?.reason).toBe("@tensorflow/tfjs-node-gpu failed to load: libtensorflow.so.2: cannot open shared object file: No such file or directory");
    expect(choice.fellBackFrom[1]?.reason).toBe("@tensorflow/tfjs-node not installed");
  });

  it("falls back to cpu when wasm is missing too", async () => {
    const { load } = loader({ wasm: "absent" });
    const choice = await selectBackend({}, deps(load));
    expect(choice.name).toBe("cpu");
    expect(choice.fellBackFrom.map((f) => f.name)).toEqual(["tensorflow-gpu", "tensorflow", "wasm"]);
  });

  it("honours MFGC_BACKEND, and the option wins over it", async () => {
    const { load, loaded } = loader({ gpu: "gpu" });
    const byEnv = await selectBackend({}, deps(load, { MFGC_BACKEND: "cpu" }));
    expect(byEnv).toMatchObject({ name: "cpu", fellBackFrom: [] });
    expect(byEnv.reason).toContain("MFGC_BACKEND");
    expect(loaded).toEqual([]);
    const byOption = await selectBackend({ backend: "wasm" }, deps(load, { MFGC_BACKEND: "cpu" }));
    expect(byOption.name).toBe("wasm");
  });

  it("reports a requested backend that cannot start and carries on down the list", async () => {
    const { load } = loader({});
    const choice = await selectBackend({ backend: "tensorflow" }, deps(load));
    expect(choice.name).toBe("wasm");
    expect(choice.fellBackFrom[0]).toEqual({ name: "tensorflow", reason: "requested, but @tensorflow/tfjs-node not installed" });
  });

  it("treats an unknown name as a note, not a crash", async () => {
    const { load } = loader({});
    const choice = await selectBackend({ backend: "webgpu" }, deps(load));
    expect(choice.name).toBe("wasm");
    expect(choice.fellBackFrom[0]).toEqual({ name: "webgpu", reason: "unknown backend 'webgpu' (known: auto, tensorflow-gpu, tensorflow, wasm, cpu)" });
  });
});

describe("prepareBackend", () => {
  it("with the real loader here (no tfjs-node installed) picks wasm with mfgc's kernels", async () => {
    const lines: string[] = [];
    const choice = await prepareBackend({ log: (l) => lines.push(l) });
    expect(choice.name).toBe("wasm");
    expect(choice.fellBackFrom.map((f) => f.name)).toEqual(["tensorflow-gpu", "tensorflow"]);
    expect(tf.getKernel("Conv2DBackpropFilter", "wasm")).toBeDefined();
    expect(lines).toHaveLength(1);
    // The kernels work after selection: a conv gradient runs on wasm.
    const g = tf.grad((w: tf.Tensor) => tf.sum(tf.conv2d(tf.ones([1, 5, 5, 2]) as tf.Tensor4D, w as tf.Tensor4D, 1, "valid")))(tf.ones([3, 3, 2, 4]));
    expect(Array.from(g.dataSync()).every((v) => v === 9)).toBe(true);
  });

  it("is idempotent: a second call keeps wasm and the same kernels", async () => {
    await prepareBackend({ log: () => {} });
    const kernel = tf.getKernel("MaxPoolGrad", "wasm");
    const again = await prepareBackend({ backend: "wasm", log: () => {} });
    expect(again.name).toBe("wasm");
    expect(tf.getKernel("MaxPoolGrad", "wasm")).toBe(kernel);
  });
});
