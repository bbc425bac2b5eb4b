/**
 * Composes wasm forward kernels inside another kernel. A gradient kernel written this way calls the
 * fast XNNPACK/C++ kernels of the wasm backend directly on `TensorInfo`s (no engine, no tape, no
 * `tf.tidy`), and every intermediate it makes is released when the scope finishes.
 */
import { getKernel } from "@tensorflow/tfjs";
import type { DataId, DataType, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs";

/** What a composition needs from the backend object the engine hands a kernel. */
interface DisposingBackend {
  disposeData(dataId: DataId): unknown;
}

function asDisposingBackend(backend: object): DisposingBackend {
  if (typeof (backend as Partial<DisposingBackend>).disposeData !== "function") {
    throw new Error("mfgc wasm kernels: the backend object cannot release tensor data");
  }
  return backend as DisposingBackend;
}

/** The attributes a kernel receives, as the engine hands them over. */
export type KernelAttrs = NamedAttrMap;

/** Explicit padding as tfjs spells it for NHWC: `[[0,0],[top,bottom],[left,right],[0,0]]`. */
export type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

/** Time spent per inner kernel while profiling is on (for bench/train-throughput/profile.ts). */
export interface InnerKernelTime {
  ms: number;
  calls: number;
}

let innerProfile: Map<string, InnerKernelTime> | null = null;

/** Starts (or stops, with `false`) timing the kernels that compositions call; returns the table. */
export function profileInnerKernels(on: boolean): Map<string, InnerKernelTime> | null {
  innerProfile = on ? new Map() : null;
  return innerProfile;
}

export class WasmKernelScope {
  private readonly made: TensorInfo[] = [];

  private readonly backend: DisposingBackend;

  constructor(backend: object) {
    this.backend = asDisposingBackend(backend);
  }

  /** Runs one registered wasm kernel; its output belongs to this scope until `finish`. */
  run(kernelName: string, inputs: Record<string, TensorInfo> | TensorInfo[], attrs: object = {}): TensorInfo {
    const kernel = getKernel(kernelName, "wasm");
    if (kernel === undefined) {
      throw new Error(`mfgc wasm kernels: the wasm backend has no '${kernelName}' kernel`);
    }
    const started = innerProfile === null ? 0 : performance.now();
    const out = kernel.kernelFunc({
      inputs: inputs as unknown as Record<string, TensorInfo>,
      attrs: attrs as NamedAttrMap,
      backend: this.backend,
    });
    if (innerProfile !== null) {
      const entry = innerProfile.get(kernelName) ?? { ms: 0, calls: 0 };
      entry.ms += performance.now() - started;
      entry.calls += 1;
      innerProfile.set(kernelName, entry);
    }
    if (Array.isArray(out)) {
      throw new Error(`mfgc wasm kernels: '${kernelName}' returned several outputs where one was expected`);
    }
    this.made.push(out);
    return out;
  }

  /**
   * Returns `result` to the caller and releases every other tensor this scope made. Reshapes share
   * their source's data with a reference count, so releasing each made `TensorInfo` once is exact.
   */
  finish(result: TensorInfo): TensorInfo {
    // A result that is one of the kernel's own inputs (an identity case) must be copied: the engine
    // takes ownership of what a kernel returns.
    if (!this.made.includes(result)) result = this.run("Identity", { x: result });
    for (const t of this.made) {
      if (t !== result) this.backend.disposeData(t.dataId);
    }
    this.made.length = 0;
    return result;
  }

  /** Releases everything (used when a composition throws half-way). */
  abandon(): void {
    for (const t of this.made) this.backend.disposeData(t.dataId);
    this.made.length = 0;
  }

  /** Takes ownership of a tensor made outside `run` (e.g. by a kernel function called directly). */
  adopt(x: TensorInfo): TensorInfo {
    this.made.push(x);
    return x;
  }

  reshape(x: TensorInfo, shape: readonly number[]): TensorInfo {
    return this.run("Reshape", { x }, { shape: [...shape] });
  }

  transpose(x: TensorInfo, perm: readonly number[]): TensorInfo {
    return this.run("Transpose", { x }, { perm: [...perm] });
  }

  /** Pads with `value`; negative amounts are not allowed here (use `crop`). */
  pad(x: TensorInfo, paddings: ReadonlyArray<readonly [number, number]>, value = 0): TensorInfo {
    if (paddings.every(([a, b]) => a === 0 && b === 0)) return x;
    return this.run("PadV2", { x }, { paddings: paddings.map(([a, b]) => [a, b]), constantValue: value });
  }

  /**
   * Adds `before`/`after` rows on each axis; a negative amount removes rows instead. Lets callers
   * write the padding arithmetic once without caring about its sign.
   */
  padOrCrop(x: TensorInfo, amounts: ReadonlyArray<readonly [number, number]>, value = 0): TensorInfo {
    const begin = amounts.map(([a]) => Math.max(0, -a));
    const size = x.shape.map((d, i) => d - (begin[i] ?? 0) - Math.max(0, -(amounts[i]?.[1] ?? 0)));
    const cropped = begin.some((b) => b > 0) || size.some((s, i) => s !== x.shape[i]) ? this.slice(x, begin, size) : x;
    return this.pad(cropped, amounts.map(([a, b]) => [Math.max(0, a), Math.max(0, b)] as const), value);
  }

  slice(x: TensorInfo, begin: readonly number[], size: readonly number[]): TensorInfo {
    if (begin.every((b) => b === 0) && size.every((s, i) => s === x.shape[i])) return x;
    return this.run("Slice", { x }, { begin: [...begin], size: [...size] });
  }

  stridedSlice(x: TensorInfo, begin: readonly number[], end: readonly number[], strides: readonly number[]): TensorInfo {
    return this.run("StridedSlice", { x }, {
      begin: [...begin], end: [...end], strides: [...strides],
      beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
    });
  }

  reverse(x: TensorInfo, dims: readonly number[]): TensorInfo {
    return this.run("Reverse", { x }, { dims: [...dims] });
  }

  /** NHWC convolution with explicit padding. */
  conv2d(x: TensorInfo, filter: TensorInfo, strides: [number, number], dilations: [number, number], pad: ExplicitPadding): TensorInfo {
    return this.run("Conv2D", { x, filter }, { strides, dilations, pad, dataFormat: "NHWC", dimRoundingMode: undefined });
  }

  /** NHWC depthwise convolution with explicit padding. */
  depthwiseConv2d(x: TensorInfo, filter: TensorInfo, strides: [number, number], dilations: [number, number], pad: ExplicitPadding): TensorInfo {
    return this.run("DepthwiseConv2dNative", { x, filter }, { strides, dilations, pad, dimRoundingMode: undefined });
  }

  sum(x: TensorInfo, axis: readonly number[]): TensorInfo {
    return this.run("Sum", { x }, { axis: [...axis], keepDims: false });
  }

  binary(kernelName: "Multiply" | "Add" | "Equal" | "LogicalAnd" | "LogicalOr" | "GreaterEqual" | "Less", a: TensorInfo, b: TensorInfo): TensorInfo {
    return this.run(kernelName, { a, b });
  }

  logicalNot(x: TensorInfo): TensorInfo {
    return this.run("LogicalNot", { x });
  }

  cast(x: TensorInfo, dtype: DataType): TensorInfo {
    if (x.dtype === dtype) return x;
    return this.run("Cast", { x }, { dtype });
  }

  addN(xs: readonly TensorInfo[]): TensorInfo {
    if (xs.length === 1 && xs[0] !== undefined) return xs[0];
    return this.run("AddN", [...xs]);
  }

  /** Stacks same-shaped tensors along a new axis. */
  pack(xs: readonly TensorInfo[], axis: number): TensorInfo {
    return this.run("Pack", [...xs], { axis });
  }

  fill(shape: readonly number[], value: number, dtype: DataType): TensorInfo {
    return this.run("Fill", {}, { shape: [...shape], value, dtype });
  }
}

/**
 * Runs `body` in a fresh scope: its result is kept, every intermediate is released, and on an
 * exception nothing leaks.
 */
export function withScope(backend: object, body: (s: WasmKernelScope) => TensorInfo): TensorInfo {
  const scope = new WasmKernelScope(backend);
  try {
    return scope.finish(body(scope));
  } catch (error) {
    scope.abandon();
    throw error;
  }
}
