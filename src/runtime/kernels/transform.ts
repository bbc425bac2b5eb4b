/**
 * `Transform` (`tf.image.transform`, TensorFlow's ImageProjectiveTransformV3) for the `cpu` and `wasm`
 * backends: one shared per-pixel core ({@link transformImages}, a pure function over typed arrays) and a
 * thin kernel per backend that hands it the tensors' data.
 *
 * Why mfgc replaces both of tfjs 4.22's kernels:
 * - cpu: tfjs-backend-cpu/src/kernels/Transform.ts (tag tfjs-v4.22.0) has its
 *   `return backend.makeTensorInfo(...)` inside the `for (let b = 0; b < batch; ++b)` loop, so only the
 *   first image of a batch is transformed and every other one is left at the fill value (0 by default).
 * - wasm: tfjs-backend-wasm/src/cc/kernels/Transform.cc's `map_coord_reflect` tests `in_coord < -len`
 *   with `len` an unsigned `size_t`, so `-len` wraps to a huge number, the test is always true, and a
 *   coordinate below 0 is sent past the far edge and clamped there: with fill_mode `reflect`, pixels
 *   along the left and top edges get the right/bottom edge's value (a row 1…9 shifted right by 2 reads
 *   [9, 9, 1, 2, …] instead of [2, 1, 1, 2, …]). `reflect` is the default fill mode of mfgc's (and
 *   Keras's) random_translation, random_rotation and random_zoom, and wasm is mfgc's default CPU
 *   training backend, so augmentation silently differed from Keras there. Its other modes are right.
 * The webgpu kernel is correct. The core is a port of tfjs's cpu kernel with the batch loop fixed (and
 * the output's shape, which tfjs's unreachable fallback got wrong for an `outputShape` other than the
 * input's); its `reflect` is Keras's (keras.layers.RandomTranslation, fill_mode "reflect":
 * "d c b a | a b c d | d c b a", mirrored about the edge pixel, which is repeated).
 *
 * Inputs: `image` [batch, height, width, channels]; `transforms` [batch or 1, 8], one row
 * [a0, a1, a2, b0, b1, b2, c0, c1] per image (one row: the same for all) mapping output point (x, y) to
 * input point ((a0·x + a1·y + a2) / k, (b0·x + b1·y + b2) / k) with k = c0·x + c1·y + 1.
 * Attributes: `interpolation` nearest | bilinear; `fillMode` constant | reflect | wrap | nearest;
 * `fillValue` (for points outside the image in constant mode, and where k = 0); `outputShape`
 * [outHeight, outWidth] or absent (the input's). Output: [batch, outHeight, outWidth, channels].
 */
import { util } from "@tensorflow/tfjs";
import type { DataType, KernelConfig, KernelFunc, TensorInfo, TypedArray } from "@tensorflow/tfjs";
import { float32Output } from "./heap.js";

export type TransformFillMode = "constant" | "reflect" | "wrap" | "nearest";
export type TransformInterpolation = "nearest" | "bilinear";

/** Everything {@link transformImages} needs besides the data: the sizes and the attributes. */
export interface TransformSpec {
  readonly batch: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  /** One row of 8 for the whole batch (`transforms` [1, 8]) rather than one per image. */
  readonly sharedTransform: boolean;
  readonly interpolation: TransformInterpolation;
  readonly fillMode: TransformFillMode;
  readonly fillValue: number;
}

/** Reflect [abcd] to [dcba|abcd|dcba] (tfjs's mapCoordReflect, as its cpu kernel has it). */
function mapCoordReflect(coord: number, len: number): number {
  let c = coord;
  if (c < 0) {
    if (len <= 1) {
      c = 0;
    } else {
      const sz2 = 2 * len;
      if (c < sz2) c = sz2 * Math.trunc(-c / sz2) + c;
      c = c < -len ? c + sz2 : -c - 1;
    }
  } else if (c > len - 1) {
    if (len <= 1) {
      c = 0;
    } else {
      const sz2 = 2 * len;
      c -= sz2 * Math.trunc(c / sz2);
      if (c >= len) c = sz2 - c - 1;
    }
  }
  // Clamped, because e.g. 3.5 with len 4 would round to 4 under nearest interpolation.
  return util.clamp(0, c, len - 1);
}

/** Wrap [abcd] to [abcd|abcd|abcd] (tfjs's mapCoordWrap, including its arithmetic). */
function mapCoordWrap(coord: number, len: number): number {
  let c = coord;
  if (c < 0) {
    if (len <= 1) c = 0;
    else c += len * (Math.trunc(-c / (len - 1)) + 1);
  } else if (c > len - 1) {
    if (len <= 1) c = 0;
    else c -= len * Math.trunc(c / (len - 1));
  }
  return util.clamp(0, c, len - 1);
}

function mapCoord(coord: number, len: number, mode: TransformFillMode): number {
  switch (mode) {
    case "reflect":
      return mapCoordReflect(coord, len);
    case "wrap":
      return mapCoordWrap(coord, len);
    case "nearest":
      return util.clamp(0, coord, len - 1);
    case "constant":
    default:
      return coord;
  }
}

/**
 * The shared core: transforms every image of `pixels` (NHWC, contiguous, `spec`'s sizes) by its row of
 * `matrices` into `out` ([batch, outHeight, outWidth, channels], contiguous), every element of which it
 * writes. Arithmetic in float64, in the order of tfjs's cpu kernel, so a batch of one equals tfjs's
 * result exactly.
 */
export function transformImages(pixels: TypedArray, matrices: TypedArray, out: TypedArray, spec: TransformSpec): void {
  const { batch, height, width, channels, outHeight, outWidth, interpolation, fillMode, fillValue } = spec;
  const rowIn = width * channels;
  const batchIn = height * rowIn;
  const rowOut = outWidth * channels;
  const batchOut = outHeight * rowOut;
  if (out.length !== batch * batchOut) throw new Error(`Transform: output holds ${out.length} values, expected ${batch * batchOut}`);
  out.fill(fillValue);
  for (let b = 0; b < batch; ++b) {
    const t = spec.sharedTransform ? matrices : matrices.subarray(b * 8, b * 8 + 8);
    const base = b * batchIn;
    for (let outY = 0; outY < outHeight; ++outY) {
      for (let outX = 0; outX < outWidth; ++outX) {
        const k = t[6]! * outX + t[7]! * outY + 1;
        // Infinite coordinates lie outside the input: the output keeps the fill value.
        if (k === 0) continue;
        const x = mapCoord((t[0]! * outX + t[1]! * outY + t[2]!) / k, width, fillMode);
        const y = mapCoord((t[3]! * outX + t[4]! * outY + t[5]!) / k, height, fillMode);
        const at = b * batchOut + outY * rowOut + outX * channels;
        // Input pixels outside the image read as the fill value (what `out` already holds).
        if (interpolation === "nearest") {
          const ny = Math.round(y);
          const nx = Math.round(x);
          if (!(ny >= 0 && ny < height && nx >= 0 && nx < width)) continue;
          const from = base + ny * rowIn + nx * channels;
          for (let c = 0; c < channels; ++c) out[at + c] = pixels[from + c]!;
        } else {
          const y0 = Math.floor(y);
          const x0 = Math.floor(x);
          const y1 = y0 + 1;
          const x1 = x0 + 1;
          const inY0 = y0 >= 0 && y0 < height;
          const inY1 = y1 >= 0 && y1 < height;
          const inX0 = x0 >= 0 && x0 < width;
          const inX1 = x1 >= 0 && x1 < width;
          const from = base + y0 * rowIn + x0 * channels;
          for (let c = 0; c < channels; ++c) {
            const v00 = inY0 && inX0 ? pixels[from + c]! : fillValue;
            const v01 = inY0 && inX1 ? pixels[from + channels + c]! : fillValue;
            const v10 = inY1 && inX0 ? pixels[from + rowIn + c]! : fillValue;
            const v11 = inY1 && inX1 ? pixels[from + rowIn + channels + c]! : fillValue;
            // The same order of operations as tfjs's bilinearInterpolation: along x, then along y.
            const top = (x1 - x) * v00 + (x - x0) * v01;
            const bottom = (x1 - x) * v10 + (x - x0) * v11;
            out[at + c] = (y1 - y) * top + (y - y0) * bottom;
          }
        }
      }
    }
  }
}

/** The kernel's inputs and attributes, checked, as the core's spec and the output shape. */
function readArgs(inputs: object, attrs: object | undefined): { image: TensorInfo; transforms: TensorInfo; spec: TransformSpec; outShape: number[] } {
  const { image, transforms } = inputs as { image: TensorInfo; transforms: TensorInfo };
  const a = (attrs ?? {}) as { interpolation?: string; fillMode?: TransformFillMode; fillValue?: number; outputShape?: [number, number] | null };
  const interpolation = a.interpolation;
  if (interpolation !== "nearest" && interpolation !== "bilinear") {
    throw new Error(`Error in Transform: Expect 'nearest' or 'bilinear', but got ${String(interpolation)}`);
  }
  const [batch, height, width, channels] = image.shape as [number, number, number, number];
  const [outHeight, outWidth] = a.outputShape ?? [height, width];
  const spec: TransformSpec = {
    batch, height, width, channels, outHeight, outWidth,
    sharedTransform: transforms.shape[0] === 1,
    interpolation,
    fillMode: a.fillMode ?? "constant",
    fillValue: a.fillValue ?? 0,
  };
  return { image, transforms, spec, outShape: [batch, outHeight, outWidth, channels] };
}

/** The MathBackendCPU members used here. */
interface CpuBackendLike {
  readSync(dataId: object): unknown;
  makeTensorInfo(shape: number[], dtype: DataType, values: TypedArray): TensorInfo;
}

const cpuTransform: KernelFunc = ({ inputs, attrs, backend }) => {
  const { image, transforms, spec, outShape } = readArgs(inputs, attrs);
  const cpu = backend as unknown as CpuBackendLike;
  const out = util.getTypedArrayFromDType(image.dtype as "float32", util.sizeFromShape(outShape));
  transformImages(cpu.readSync(image.dataId) as TypedArray, cpu.readSync(transforms.dataId) as TypedArray, out, spec);
  return cpu.makeTensorInfo(outShape, image.dtype, out);
};

/**
 * On wasm the core reads the inputs and writes the output in place in the wasm heap (no copies).
 * `tf.image.transform` casts both inputs to float32, which {@link float32Output} checks. Cost: a batch
 * of 32 28×28×1 images, bilinear/reflect, takes ~1.2 ms against ~0.75 ms for tfjs's C++ kernel.
 */
const wasmTransform: KernelFunc = ({ inputs, attrs, backend }) => {
  const { image, transforms, spec, outShape } = readArgs(inputs, attrs);
  const { out, outView, inputViews } = float32Output(backend, outShape, [image, transforms]);
  transformImages(inputViews[0]!, inputViews[1]!, outView, spec);
  return out;
};

export const cpuTransformConfig: KernelConfig = {
  kernelName: "Transform",
  backendName: "cpu",
  kernelFunc: cpuTransform,
};

export const wasmTransformConfig: KernelConfig = {
  kernelName: "Transform",
  backendName: "wasm",
  kernelFunc: wasmTransform,
};
