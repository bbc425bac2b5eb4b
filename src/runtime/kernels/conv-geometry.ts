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
