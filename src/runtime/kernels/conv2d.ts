/**
 * `Conv2D` for wasm when the input has at most 8 channels: mfgc's SIMD kernel (simd/kernels.wat)
 * instead of XNNPACK, whose convolution spends more on its indirection buffer than on the arithmetic when
 * each tap reads few channels — the first layer of every image model. Training runs this kernel: tfjs
 * does not fuse a convolution with its activation under a gradient tape, so layers call `Conv2D`, then
 * `Add` and the activation. Every other case goes to the backend's kernel.
 */
import { backend_util } from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { pair, padAttr, roundingMode, shape4 } from "./attrs.js";
import { geometryOf, tapOffsets, trailingPadding } from "./conv-geometry.js";
import { float32Output, heapByteOffsets } from "./heap.js";
import { OriginalKernel } from "./original-kernel.js";
import { simdKernels } from "./simd/instance.js";
import { withScope } from "./wasm-scope.js";

/** The wasm backend's own kernel (XNNPACK), which serves every case but few input channels. */
export const originalConv2D = new OriginalKernel("Conv2D");

/**
 * The most input channels for which mfgc's kernel runs. 32 images, a fresh filter each call, one thread,
 * mfgc against XNNPACK (ms) — valid 3×3: 28×28×1→32 0.92/1.31, ×3→32 1.58/1.87, ×4→32 1.90/2.37,
 * 13×13×8→64 1.48/1.64, ×16→64 3.05/3.06; "same": 28×28×16→32 7.8/9.5, 28×28×32→32 14.8/18.7,
 * 56×56×32→64 130/143; with 64 channels or more XNNPACK wins (valid 5×5×64→64 1.83/1.42, 8×8×128→128
 * 26.1/14.4). But with two training workers side by side, XNNPACK's packed filter shares the cache better:
 * taking the tutorial CNN's second convolution (32 channels) too lost 4–15 % in each of three alternating
 * runs (2 workers: 1,226/1,213/1,151 samples/s against 1,264/1,432/1,282). Hence only few channels,
 * where the lead is 10–40 %.
 */
export const MAX_CHANNELS_FOR_SIMD_CONV = 8;

const conv2d: KernelFunc = (args) => {
  const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
  const a = args.attrs ?? {};
  const [kh, kw, ci, co] = shape4(filter.shape);
  const simd = a["dataFormat"] !== "NCHW" && x.dtype === "float32" && ci <= MAX_CHANNELS_FOR_SIMD_CONV && co % 8 === 0 ? simdKernels(args.backend) : null;
  if (simd === null) return originalConv2D.call(args);
  const info = backend_util.computeConv2DInfo(
    shape4(x.shape), [kh, kw, ci, co], pair(a["strides"]), pair(a["dilations"]), padAttr(a["pad"]), roundingMode(a["dimRoundingMode"]),
  );
  const g = geometryOf(info);
  return withScope(args.backend, (s) => {
    const { bottom, right } = trailingPadding(g, kh, kw);
    const padded = s.pad(x, [[0, 0], [g.top, bottom], [g.left, right], [0, 0]]);
    const [batch, paddedH, paddedW] = shape4(padded.shape);
    const pixelBytes = ci * 4;
    const rowBytes = paddedW * pixelBytes;
    const offsets = tapOffsets(s, args.backend, g, rowBytes, pixelBytes, false);
    const out = s.adopt(float32Output(args.backend, [batch, g.outH, g.outW, co], []).out);
    const [xAt, wAt, outAt, offsetsAt] = heapByteOffsets(args.backend, [padded, filter, out, offsets]) as [number, number, number, number];
    simd.conv2dForward(xAt, wAt, outAt, offsetsAt, kh * kw, ci, co, batch, g.outH, g.outW, paddedH * rowBytes, g.sh * rowBytes, g.sw * pixelBytes);
    return out;
  });
};

export const conv2dConfig: KernelConfig = {
  kernelName: "Conv2D",
  backendName: "wasm",
  kernelFunc: conv2d,
  setupFunc: originalConv2D.setup,
};
