/** Tap geometry of a resolved tfjs convolution, for the patch-matrix gradient kernels. */
import type { backend_util } from "@tensorflow/tfjs";
import type { ConvGeometry } from "./im2col.js";

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
