/**
 * Direct access to tensor data in the wasm backend's heap, for the few gradient kernels that are a
 * single pass of simple index arithmetic: there a plain JS loop over the heap (JIT-compiled, no copy)
 * beats any composition of wasm kernels, several of which (StridedSlice, Equal, Reverse, Tile) take
 * a slow generic path in tfjs 4.22's wasm build.
 */
import type { DataType, TensorInfo } from "@tensorflow/tfjs";

/** The part of tfjs-backend-wasm's `BackendWasm` these kernels use. */
interface HeapBackend {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

function asHeapBackend(backend: object): HeapBackend {
  const b = backend as Partial<HeapBackend>;
  if (typeof b.makeOutput !== "function" || typeof b.typedArrayFromHeap !== "function") {
    throw new Error("mfgc wasm kernels: expected the wasm backend (makeOutput/typedArrayFromHeap)");
  }
  return b as HeapBackend;
}

/** A typed view of tensor data of one of the dtypes the wasm heap holds. */
export type HeapArray = Float32Array | Int32Array | Uint8Array;

/**
 * Allocates `count` outputs of `shape` and `dtype` (float32, int32 or bool) and returns them with views
 * of them and of `inputs` (any of those dtypes). Views are taken after every allocation, as in
 * {@link float32Output}.
 */
export function heapOutputs(
  backend: object,
  count: number,
  shape: number[],
  dtype: DataType,
  inputs: readonly TensorInfo[],
): { outs: TensorInfo[]; outViews: HeapArray[]; inputViews: HeapArray[] } {
  const heap = asHeapBackend(backend);
  for (const t of [dtype, ...inputs.map((i) => i.dtype)]) {
    if (t !== "float32" && t !== "int32" && t !== "bool") throw new Error(`mfgc wasm kernels: ${t} data is not on the wasm heap`);
  }
  const outs = Array.from({ length: count }, () => heap.makeOutput(shape, dtype));
  return { outs, outViews: outs.map((o) => heap.typedArrayFromHeap(o)), inputViews: inputs.map((t) => heap.typedArrayFromHeap(t)) };
}

/** {@link heapOutputs} for one output. */
export function heapOutput(
  backend: object,
  shape: number[],
  dtype: DataType,
  inputs: readonly TensorInfo[],
): { out: TensorInfo; outView: HeapArray; inputViews: HeapArray[] } {
  const { outs, outViews, inputViews } = heapOutputs(backend, 1, shape, dtype, inputs);
  return { out: outs[0] as TensorInfo, outView: outViews[0] as HeapArray, inputViews };
}

/**
 * Allocates a float32 output and returns it with views of it and of `inputs`. Views are taken after
 * the allocation: an allocation can grow wasm memory, which detaches views made before it.
 */
export function float32Output(
  backend: object,
  shape: number[],
  inputs: readonly TensorInfo[],
): { out: TensorInfo; outView: Float32Array; inputViews: Float32Array[] } {
  const heap = asHeapBackend(backend);
  for (const input of inputs) {
    if (input.dtype !== "float32") throw new Error(`mfgc wasm kernels: expected float32 data, got ${input.dtype}`);
  }
  const out = heap.makeOutput(shape, "float32");
  const outView = heap.typedArrayFromHeap(out) as Float32Array;
  const inputViews = inputs.map((t) => heap.typedArrayFromHeap(t) as Float32Array);
  return { out, outView, inputViews };
}

/**
 * One float32 view of the whole wasm heap and the element offset of each of `tensors` in it, for
 * kernels that move data between tensors with `copyWithin` (a native memmove, no view per copy). Take
 * it after every allocation the kernel makes, as in {@link float32Output}.
 */
export function wholeHeap(backend: object, tensors: readonly TensorInfo[]): { heap: Float32Array; at: number[] } {
  const heap = asHeapBackend(backend);
  const views = tensors.map((t) => {
    if (t.dtype !== "float32") throw new Error(`mfgc wasm kernels: expected float32 data, got ${t.dtype}`);
    return heap.typedArrayFromHeap(t);
  });
  const buffer = views[0]?.buffer;
  if (buffer === undefined || views.some((v) => v.buffer !== buffer)) throw new Error("mfgc wasm kernels: tensors are not in one heap");
  return { heap: new Float32Array(buffer), at: views.map((v) => v.byteOffset / 4) };
}

/** Byte offsets of `tensors` in the wasm heap, for the SIMD kernels (simd/instance.ts). */
export function heapByteOffsets(backend: object, tensors: readonly TensorInfo[]): number[] {
  const heap = asHeapBackend(backend);
  return tensors.map((t) => heap.typedArrayFromHeap(t).byteOffset);
}
