/**
 * `Conv2DBackpropInput` for wasm, replacing the backend's naive loop. With input channels in eights,
 * mfgc's SIMD kernel spreads each output pixel's gradient back over its window
 * ({@link conv2dInputGradientByTiles}); otherwise one XNNPACK convolution — the output gradient, with
 * stride−1 zeros between its pixels and "full" padding, convolved with the filter flipped in space and
 * with in/out channels swapped — or, where that wastes much, patches folded back. On the tutorial CNN's
 * second and third convolutions (32 images, fresh dy and filter each call): 5.9 and 1.5 ms by tiles
 * against 10.2 and 2.1.
 */
import { backend_util } from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { explicitPadding, pad4Info, pair, padAttr, roundingMode, shape4 } from "./attrs.js";
import type { Padding4 } from "./attrs.js";
import { geometryOf, tapOffsets, trailingPadding } from "./conv-geometry.js";
import { float32Output, heapByteOffsets } from "./heap.js";
import { simdKernels } from "./simd/instance.js";
import type { SimdKernels } from "./simd/instance.js";
import { batchChunks, scatterPatches } from "./im2col.js";
import type { ConvGeometry } from "./im2col.js";
import { withScope } from "./wasm-scope.js";
import type { WasmKernelScope } from "./wasm-scope.js";

/**
 * Puts `stride − 1` zeros after every pixel along height and width (the trailing ones included:
 * callers crop them through their padding arithmetic). Zero-copy reshapes around one pad.
 */
export function spreadPixels(s: WasmKernelScope, x: TensorInfo, strides: [number, number]): TensorInfo {
  const [sh, sw] = strides;
  if (sh === 1 && sw === 1) return x;
  const [b, h, w, c] = shape4(x.shape);
  const six = s.reshape(x, [b, h, 1, w, 1, c]);
  const padded = s.pad(six, [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
  return s.reshape(padded, [b, h * sh, w * sw, c]);
}

/**
 * dx for NHWC `dy` and an HWIO `filter`. `dilations` is the forward dilation (tfjs only asks for 1,
 * but the arithmetic is general).
 */
export function conv2dInputGradient(
  s: WasmKernelScope,
  dy: TensorInfo,
  filter: TensorInfo,
  inputShape: [number, number, number, number],
  strides: [number, number],
  dilations: [number, number],
  pad: Padding4,
): TensorInfo {
  const [, inH, inW] = inputShape;
  const [kh, kw] = shape4(filter.shape);
  const [dh, dw] = dilations;
  const spread = spreadPixels(s, dy, strides);
  const [, spreadH, spreadW] = shape4(spread.shape);
  // Full padding is (k−1)·d on each side, less what the forward pass padded; the bottom amount makes
  // the result exactly the input size (and removes the spread's trailing zeros).
  const top = (kh - 1) * dh - pad.top;
  const left = (kw - 1) * dw - pad.left;
  const bottom = inH + (kh - 1) * dh - spreadH - top;
  const right = inW + (kw - 1) * dw - spreadW - left;
  const flipped = s.transpose(s.reverse(filter, [0, 1]), [0, 1, 3, 2]);
  if (top >= 0 && left >= 0 && bottom >= 0 && right >= 0) {
    return s.conv2d(spread, flipped, [1, 1], dilations, explicitPadding(top, bottom, left, right));
  }
  // Negative amounts (explicit forward padding larger than the filter reach) crop instead.
  const framed = s.padOrCrop(spread, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  return s.conv2d(framed, flipped, [1, 1], dilations, explicitPadding(0, 0, 0, 0));
}

/**
 * The same gradient as dcols = dy · Wᵀ (XNNPACK) folded back onto the input pixels by a JS loop
 * (col2im). Less arithmetic than the full-padding convolution (no work on the border, no zeros
 * between strided pixels); chunked over the batch to bound memory.
 */
export function conv2dInputGradientByPatches(
  s: WasmKernelScope,
  backend: object,
  dy: TensorInfo,
  filter: TensorInfo,
  inputShape: [number, number, number, number],
  g: ConvGeometry,
): TensorInfo {
  const [kh, kw, ci, co] = shape4(filter.shape);
  const k = kh * kw * ci;
  const batch = inputShape[0];
  const rowsPerItem = g.outH * g.outW;
  const filterT = s.transpose(s.reshape(filter, [k, co]), [1, 0]);
  const dyRows = s.reshape(dy, [batch * rowsPerItem, co]);
  const pieces: Array<{ cols: TensorInfo; from: number; to: number }> = [];
  for (const [from, to] of batchChunks(batch, rowsPerItem, k)) {
    const rows = (to - from) * rowsPerItem;
    const part = s.slice(dyRows, [from * rowsPerItem, 0], [rows, co]);
    pieces.push({ cols: s.run("BatchMatMul", { a: part, b: filterT }, { transposeA: false, transposeB: false }), from, to });
  }
  // Views last: the products above allocate, which can move the heap under earlier views.
  const { out: dx, outView } = float32Output(backend, [...inputShape], []);
  s.adopt(dx);
  outView.fill(0);
  for (const { cols, from, to } of pieces) {
    const { inputViews } = float32Output(backend, [0], [cols]);
    scatterPatches(inputViews[0] as Float32Array, outView, g, from, to);
  }
  return dx;
}

/**
 * The same gradient from mfgc's SIMD kernel (simd/kernels.wat): every output pixel's gradient spread
 * back over its window, W[tap] · dy[pixel] for each tap, into a zeroed input-sized buffer padded as the
 * forward pass padded it, then cropped — exactly the multiply-adds the forward convolution did, none on
 * padding or on zeros between strided pixels. Needs input channels in eights.
 */
export function conv2dInputGradientByTiles(
  s: WasmKernelScope,
  backend: object,
  simd: SimdKernels,
  dy: TensorInfo,
  filter: TensorInfo,
  inputShape: [number, number, number, number],
  g: ConvGeometry,
): TensorInfo {
  const [kh, kw, ci, co] = shape4(filter.shape);
  const [batch, inH, inW] = inputShape;
  const taps = kh * kw;
  const { bottom, right } = trailingPadding(g, kh, kw);
  const paddedH = g.top + inH + bottom;
  const paddedW = g.left + inW + right;
  const pixelBytes = ci * 4;
  const rowBytes = paddedW * pixelBytes;
  const filterT = s.transpose(s.reshape(filter, [taps, ci, co]), [0, 2, 1]);
  const offsets = tapOffsets(s, backend, g, rowBytes, pixelBytes, false);
  const { out: dx, outView } = float32Output(backend, [batch, paddedH, paddedW, ci], []);
  s.adopt(dx);
  outView.fill(0);
  const [dyAt, wAt, dxAt, offsetsAt] = heapByteOffsets(backend, [dy, filterT, dx, offsets]) as [number, number, number, number];
  simd.conv2dInputGradient(dyAt, wAt, dxAt, offsetsAt, taps, co, ci, batch, g.outH, g.outW, paddedH * rowBytes, g.sh * rowBytes, g.sw * pixelBytes);
  return s.slice(dx, [0, g.top, g.left, 0], [batch, inH, inW, ci]);
}

/**
 * The full-padding convolution wins when it wastes little: stride 1 (no zeros between pixels), an
 * input not much larger than the output (little border work) and enough channels for XNNPACK's
 * microkernels. Otherwise patches win (measured on the tutorial CNN's layers; see
 * bench/train-throughput).
 */
function preferFullConvolution(info: backend_util.Conv2DInfo): boolean {
  const borderRatio = (info.inHeight * info.inWidth) / Math.max(1, info.outHeight * info.outWidth);
  return info.strideHeight === 1 && info.strideWidth === 1 && info.inChannels >= 8 && info.outChannels >= 8 && borderRatio < 1.6;
}

const conv2dBackpropInput: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = attrs ?? {};
  const channelsFirst = a["dataFormat"] === "NCHW";
  const given = shape4(a["inputShape"] as number[]);
  const inputShape: [number, number, number, number] = channelsFirst ? [given[0], given[2], given[3], given[1]] : given;
  return withScope(backend, (s) => {
    const dyNhwc = channelsFirst ? s.transpose(dy, [0, 2, 3, 1]) : dy;
    const info = backend_util.computeConv2DInfo(
      inputShape, shape4(filter.shape), pair(a["strides"]), 1, padAttr(a["pad"]), roundingMode(a["dimRoundingMode"]),
    );
    const simd = inputShape[3] % 8 === 0 ? simdKernels(backend) : null;
    const dx = simd !== null
      ? conv2dInputGradientByTiles(s, backend, simd, dyNhwc, filter, inputShape, geometryOf(info))
      : preferFullConvolution(info)
        ? conv2dInputGradient(s, dyNhwc, filter, inputShape, pair(a["strides"]), [1, 1], pad4Info(info.padInfo))
        : conv2dInputGradientByPatches(s, backend, dyNhwc, filter, inputShape, geometryOf(info));
    return channelsFirst ? s.transpose(dx, [0, 3, 1, 2]) : dx;
  });
};

export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: "Conv2DBackpropInput",
  backendName: "wasm",
  kernelFunc: conv2dBackpropInput,
};
