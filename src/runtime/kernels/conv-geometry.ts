/** Tap geometry of a resolved tfjs convolution, for the patch-matrix and SIMD convolution kernels. */
import type { backend_util, TensorInfo } from "@tensorflow/tfjs";
import { heapOutputs } from "./heap.js";
import type { ConvGeometry } from "./im2col.js";
import type { WasmKernelScope } from "./wasm-scope.js";

/** The tap geometry of a resolved convolution. */
export function geometryOf(info: backend_util.Conv2DInfo): ConvGeometry {
  return {
    inH: info.inHeight, inW: info.inWidth, channels: info.inChannels, outH: info.outHeight, outW: info.outWidth,
    kh: info.filterHeight, kw: info.filterWidth, sh: info.strideHeight, sw: info.strideWidth,
    dh: info.dilationHeight, dw: info.dilationWidth, top: info.padInfo.top, left: info.padInfo.left,
  };
}

/**
 * Rows and columns to add after the input (beyond the forward pass's top/left padding) so that every
 * tap of every window falls inside: the SIMD convolution kernels read (or write) a padded copy instead of
 * testing bounds per tap. Zero where the windows stay inside the input (they may leave its end unread).
 */
export function trailingPadding(g: ConvGeometry, kh: number, kw: number): { bottom: number; right: number } {
  return {
    bottom: Math.max(0, (g.outH - 1) * g.sh + (kh - 1) * g.dh + 1 - g.top - g.inH),
    right: Math.max(0, (g.outW - 1) * g.sw + (kw - 1) * g.dw + 1 - g.left - g.inW),
  };
}

/**
 * An int32 tensor on the wasm heap, for mfgc's SIMD convolution kernels: the byte offset of each filter
 * tap (kh, kw) from its window's base in a padded NHWC image of `rowBytes` per row and `pixelBytes` per
 * pixel — and, with `perChannel`, of each tap's input channel too (HWI order, the filter gradient's taps).
 * The caller's scope owns it.
 */
export function tapOffsets(s: WasmKernelScope, backend: object, g: ConvGeometry, rowBytes: number, pixelBytes: number, perChannel: boolean): TensorInfo {
  const channels = perChannel ? g.channels : 1;
  const { outs, outViews } = heapOutputs(backend, 1, [g.kh * g.kw * channels], "int32", []);
  const view = outViews[0]!;
  let t = 0;
  for (let r = 0; r < g.kh; r++) for (let q = 0; q < g.kw; q++) for (let c = 0; c < channels; c++) view[t++] = r * g.dh * rowBytes + q * g.dw * pixelBytes + c * 4;
  return s.adopt(outs[0]!);
}
