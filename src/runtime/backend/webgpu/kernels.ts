/**
 * Fixes mfgc puts on tfjs-backend-webgpu 4.22.0 before training on it.
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

/** The WebGPUBackend method that runs a program (tfjs-backend-webgpu's own kernels use it). */
interface ProgramRunner {
  runWebGPUProgram(program: object, inputs: readonly tfjs.TensorInfo[], outputDtype: tfjs.DataType): tfjs.TensorInfo;
}

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

const FIXED = Symbol.for("mfgc.webgpu.castFixed");

/** Replaces the webgpu `Cast` kernel with the fixed one (idempotent). */
export function fixWebGpuKernels(tf: typeof tfjs, webgpu: WebGpuBackendModule): void {
  const original = tf.getKernel("Cast", "webgpu");
  if (original === undefined || (original as unknown as Record<symbol, boolean>)[FIXED] === true) return;
  const castToFloat32 = (args: { inputs: tfjs.NamedTensorInfoMap; backend: unknown; attrs?: tfjs.NamedAttrMap }) => {
    const x = args.inputs["x"]!;
    if (args.attrs?.["dtype"] === "float32" && (x.dtype === "int32" || x.dtype === "bool")) {
      return (args.backend as ProgramRunner).runWebGPUProgram(new ToFloat32Program(x.shape, webgpu.webgpu_util), [x], "float32");
    }
    return original.kernelFunc(args as Parameters<typeof original.kernelFunc>[0]);
  };
  const fixed: tfjs.KernelConfig = { ...original, kernelFunc: castToFloat32 as tfjs.KernelFunc };
  Object.defineProperty(fixed, FIXED, { value: true });
  tf.unregisterKernel("Cast", "webgpu");
  tf.registerKernel(fixed);
}
