/**
 * `Identity` for wasm without a copy. tfjs clones every tensor it saves for the backward pass
 * (`tf.clone`, the Identity kernel), and tfjs-backend-wasm 4.22's Identity copies the data, where the
 * cpu and webgl backends share it under a reference count. On the tutorial CNN that was 43 copies,
 * 13 MB, a training step (the convolutions' activations, saved for their gradients). Tensor data is never
 * written after its kernel returns (variables take new data on `assign`), so sharing is safe; the wasm
 * backend already counts references for Reshape, whose output shares its input's data the same way.
 */
import type { DataId, KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { OriginalKernel } from "./original-kernel.js";

/** The wasm backend's own kernel: it still serves string tensors, which do not live on the heap. */
export const originalIdentity = new OriginalKernel("Identity");

interface RefCountingBackend {
  incRef(dataId: DataId): void;
}

const identity: KernelFunc = (args) => {
  const { x } = args.inputs as { x: TensorInfo };
  const backend = args.backend as Partial<RefCountingBackend>;
  if (x.dtype === "string" || typeof backend.incRef !== "function") return originalIdentity.call(args);
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

export const identityConfig: KernelConfig = {
  kernelName: "Identity",
  backendName: "wasm",
  kernelFunc: identity,
  setupFunc: originalIdentity.setup,
};
