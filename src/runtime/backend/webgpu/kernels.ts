/**
 * Fixes mfgc puts on tfjs-backend-webgpu 4.22.0 before training on it; both were found by the parity
 * tests against the cpu backend (test/webgpu/), and both kernels fall back to tfjs's own otherwise.
 *
 * AddN: the kernel binds every input as a storage buffer in one shader, but a WebGPU device allows 8
 * per shader stage unless more are requested (tfjs does not), so summing 8 or more tensors produced an
 * invalid pipeline and a garbage sum — e.g. the global gradient norm of a model with 13 weights, so
 * global-norm clipping scaled the gradients wrongly. The replacement sums in groups that fit the
 * device's limit, as tfjs-webgpu's own Concat kernel does.
 *
 * Cast from int32 or bool to float32: the webgpu kernel treats it as lossless and returns the same GPU
 * buffer relabelled float32, while the buffer still holds 32-bit integers. Kernels that read inputs
 * through tfjs's typed getters convert on the fly, but Transpose reads the buffer raw, so its shader
 * fails to compile ("type mismatch … expected 'f32', got 'i32'") and the result is garbage. tfjs-layers
 * casts every RNN padding mask bool → float32 and transposes it, so an LSTM behind `masking` trained to
 * NaN on webgpu. The replacement converts into a real float32 buffer (one element-wise pass); every
 * other cast goes to tfjs's kernel unchanged.
 */
import type * as tfjs from "@tensorflow/tfjs";

/** The parts of `@tensorflow/tfjs-backend-webgpu`'s exports used here. */
export interface WebGpuBackendModule {
  readonly webgpu_util: {
    flatDispatchLayout(shape: readonly number[]): { x: number[] };
    computeDispatch(layout: { x: number[] }, outputShape: readonly number[], workgroupSize: [number, number, number]): [number, number, number];
  };
}

/** The WebGPUBackend members used here (tfjs-backend-webgpu's own kernels use them). */
interface WebGpuBackendLike {
  readonly device: { readonly limits: { readonly maxStorageBuffersPerShaderStage: number } };
  runWebGPUProgram(program: object, inputs: readonly tfjs.TensorInfo[], outputDtype: tfjs.DataType): tfjs.TensorInfo;
  disposeData(dataId: object): boolean;
}

type KernelArgs = Parameters<tfjs.KernelFunc>[0];

/**
 * An element-wise program in tfjs-webgpu's program format (as its UnaryOpProgram): the typed getter
 * `getAByOutputIndex` converts the integer input to f32, `setOutputAtIndex` stores it as f32.
 */
class ToFloat32Program {
  readonly variableNames = ["A"];
  readonly size = true;
  readonly workgroupSize: [number, number, number] = [128, 1, 1];
  readonly shaderKey = "mfgc_to_float32";
  readonly outputShape: number[];
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];

  constructor(shape: readonly number[], util: WebGpuBackendModule["webgpu_util"]) {
    this.outputShape = [...shape];
    this.dispatchLayout = util.flatDispatchLayout(this.outputShape);
    this.dispatch = util.computeDispatch(this.dispatchLayout, this.outputShape, this.workgroupSize);
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          setOutputAtIndex(index, getAByOutputIndex(index));
        }
      }`;
  }
}

const FIXED = Symbol.for("mfgc.webgpu.kernelFixed");

/** Puts `kernelFunc` in place of the webgpu kernel `name` (once; later calls change nothing). */
function replaceKernel(tf: typeof tfjs, name: string, make: (original: tfjs.KernelFunc) => tfjs.KernelFunc): void {
  const original = tf.getKernel(name, "webgpu");
  if (original === undefined || (original as unknown as Record<symbol, boolean>)[FIXED] === true) return;
  const fixed: tfjs.KernelConfig = { ...original, kernelFunc: make(original.kernelFunc) };
  Object.defineProperty(fixed, FIXED, { value: true });
  tf.unregisterKernel(name, "webgpu");
  tf.registerKernel(fixed);
}

/** Replaces the webgpu `Cast` and `AddN` kernels with the fixed ones (idempotent). */
export function fixWebGpuKernels(tf: typeof tfjs, webgpu: WebGpuBackendModule): void {
  replaceKernel(tf, "Cast", (original) => (args: KernelArgs) => {
    const x = args.inputs["x"]!;
    if (args.attrs?.["dtype"] === "float32" && (x.dtype === "int32" || x.dtype === "bool")) {
      return (args.backend as unknown as WebGpuBackendLike).runWebGPUProgram(new ToFloat32Program(x.shape, webgpu.webgpu_util), [x], "float32");
    }
    return original(args);
  });
  replaceKernel(tf, "AddN", (original) => {
    const addN = (args: KernelArgs): tfjs.TensorInfo => {
      const inputs = args.inputs as unknown as tfjs.TensorInfo[];
      const backend = args.backend as unknown as WebGpuBackendLike;
      // One storage buffer is the output.
      const most = Math.max(2, backend.device.limits.maxStorageBuffersPerShaderStage - 1);
      if (inputs.length <= most) return original(args) as tfjs.TensorInfo;
      const partials: tfjs.TensorInfo[] = [];
      for (let at = 0; at < inputs.length; at += most) {
        partials.push(original({ ...args, inputs: inputs.slice(at, at + most) as unknown as tfjs.NamedTensorInfoMap }) as tfjs.TensorInfo);
      }
      const sum = addN({ ...args, inputs: partials as unknown as tfjs.NamedTensorInfoMap });
      for (const p of partials) backend.disposeData(p.dataId);
      return sum;
    };
    return addN as tfjs.KernelFunc;
  });
}
