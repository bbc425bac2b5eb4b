/**
 * `Transform` (`tf.image.transform`, TensorFlow's ImageProjectiveTransformV3) for the `cpu` backend.
 *
 * Why: tfjs-backend-cpu 4.22.0's kernel (tfjs-backend-cpu/src/kernels/Transform.ts at tag
 * tfjs-v4.22.0) has its `return backend.makeTensorInfo(...)` inside the `for (let b = 0; b < batch; ++b)`
 * loop, so only the first image of a batch is transformed and every other one is left at the fill
 * value (0 by default). mfgc's random_translation, random_rotation and random_zoom layers sample with
 * `tf.image.transform`, so on `cpu` all but the first image of each training batch came out blank.
 * The wasm and webgpu kernels are correct. This is a port of tfjs's kernel with the one fix: the
 * output is returned after the loop over the whole batch (and with the output's shape, which tfjs's
 * unreachable fallback got wrong for an `outputShape` other than the input's).
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

type FillMode = "constant" | "reflect" | "wrap" | "nearest";

/** The MathBackendCPU members used here. */
interface CpuBackendLike {
  readSync(dataId: object): unknown;
  makeTensorInfo(shape: number[], dtype: DataType, values: TypedArray): TensorInfo;
}

/** Reflect [abcd] to [dcba|abcd|dcba] (tfjs's mapCoordReflect). */
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

function mapCoord(coord: number, len: number, mode: FillMode): number {
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

const transform: KernelFunc = ({ inputs, attrs, backend }) => {
  const { image, transforms } = inputs as { image: TensorInfo; transforms: TensorInfo };
  const a = (attrs ?? {}) as { interpolation?: string; fillMode?: FillMode; fillValue?: number; outputShape?: [number, number] | null };
  const interpolation = a.interpolation;
  if (interpolation !== "nearest" && interpolation !== "bilinear") {
    throw new Error(`Error in Transform: Expect 'nearest' or 'bilinear', but got ${String(interpolation)}`);
  }
  const fillMode = a.fillMode ?? "constant";
  const fillValue = a.fillValue ?? 0;
  const cpu = backend as unknown as CpuBackendLike;

  const [batch, height, width, channels] = image.shape as [number, number, number, number];
  const [outHeight, outWidth] = a.outputShape ?? [height, width];
  const outShape = [batch, outHeight, outWidth, channels];
  const [batchIn, rowIn, colIn] = util.computeStrides(image.shape);
  const [batchOut, rowOut, colOut] = util.computeStrides(outShape);
  const out = util.getTypedArrayFromDType(image.dtype as "float32", util.sizeFromShape(outShape));
  out.fill(fillValue);
  const pixels = cpu.readSync(image.dataId) as TypedArray;
  const matrices = cpu.readSync(transforms.dataId) as TypedArray;
  const shared = transforms.shape[0] === 1;

  for (let b = 0; b < batch; ++b) {
    const t = shared ? matrices : matrices.subarray(b * 8, b * 8 + 8);
    const base = b * batchIn!;
    /** The input value at integer (y, x), or the fill value outside the image. */
    const read = (y: number, x: number, c: number): number =>
      y >= 0 && y < height && x >= 0 && x < width ? pixels[base + y * rowIn! + x * colIn! + c]! : fillValue;
    for (let outY = 0; outY < outHeight; ++outY) {
      for (let outX = 0; outX < outWidth; ++outX) {
        const k = t[6]! * outX + t[7]! * outY + 1;
        // Infinite coordinates lie outside the input: the output keeps the fill value.
        if (k === 0) continue;
        const x = mapCoord((t[0]! * outX + t[1]! * outY + t[2]!) / k, width, fillMode);
        const y = mapCoord((t[3]! * outX + t[4]! * outY + t[5]!) / k, height, fillMode);
        const at = b * batchOut! + outY * rowOut! + outX * colOut!;
        if (interpolation === "nearest") {
          const ny = Math.round(y);
          const nx = Math.round(x);
          for (let c = 0; c < channels; ++c) out[at + c] = read(ny, nx, c);
        } else {
          const y0 = Math.floor(y);
          const x0 = Math.floor(x);
          const y1 = y0 + 1;
          const x1 = x0 + 1;
          for (let c = 0; c < channels; ++c) {
            // The same order of operations as tfjs's bilinearInterpolation: along x, then along y.
            const top = (x1 - x) * read(y0, x0, c) + (x - x0) * read(y0, x1, c);
            const bottom = (x1 - x) * read(y1, x0, c) + (x - x0) * read(y1, x1, c);
            out[at + c] = (y1 - y) * top + (y - y0) * bottom;
          }
        }
      }
    }
  }
  return cpu.makeTensorInfo(outShape, image.dtype, out);
};

export const transformConfig: KernelConfig = {
  kernelName: "Transform",
  backendName: "cpu",
  kernelFunc: transform,
};
