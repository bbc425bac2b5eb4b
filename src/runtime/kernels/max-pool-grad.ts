/**
 * `MaxPoolGrad` for wasm. The backend's own kernel is slow and wrong (it disagreed with `cpu` on ~7%
 * of the elements of a 26×26 pooling gradient with distinct values); compositions of wasm kernels were
 * slower still (its StridedSlice and Equal take generic paths). Keras's default pooling (2×2, stride 2)
 * runs in mfgc's SIMD kernel (simd/kernels.wat), every other geometry in one JS pass over the heap.
 *
 * Semantics are the `cpu` backend's: each window's whole gradient goes to the first maximum in
 * row-major window order (ties: the first wins), found from the input alone; padding never wins; a
 * window whose values are all −∞ or NaN passes no gradient.
 */
import { backend_util } from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { pair, padAttr, roundingMode, shape4 } from "./attrs.js";
import { float32Output, heapByteOffsets } from "./heap.js";
import { simdKernels } from "./simd/instance.js";

/** The resolved geometry of one pooling. */
export interface PoolGeometry {
  readonly batch: number;
  readonly inH: number;
  readonly inW: number;
  readonly channels: number;
  readonly outH: number;
  readonly outW: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly top: number;
  readonly left: number;
}

/**
 * dx += the gradient of each window, routed to its first maximum. `dx` must start zeroed. Channel by
 * channel within a window, the running maximum stays in registers (keeping one per channel in arrays
 * cost two stores per element and two fills per window).
 */
export function routeMaxPoolGradient(x: Float32Array, dy: Float32Array, dx: Float32Array, g: PoolGeometry): void {
  const { batch, inH, inW, channels: c, outH, outW, kh, kw, sh, sw, top, left } = g;
  const rowStride = inW * c;
  let dyAt = 0;
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < outH; i++) {
      const r0 = i * sh - top;
      const rFrom = Math.max(0, r0);
      const rTo = Math.min(inH, r0 + kh);
      for (let j = 0; j < outW; j++, dyAt += c) {
        const c0 = j * sw - left;
        const cFrom = Math.max(0, c0);
        const cTo = Math.min(inW, c0 + kw);
        const first = ((b * inH + rFrom) * inW + cFrom) * c;
        if (rTo - rFrom === 2 && cTo - cFrom === 2) {
          // The common 2×2 window, whole: its four taps unrolled, in the same order and with the same rule
          // (a loop over an array of the four offsets allocated per channel and ran 1.6× slower).
          for (let ch = 0, p = first; ch < c; ch++, p++) {
            let best = Number.NEGATIVE_INFINITY;
            let bestAt = -1;
            const topLeft = x[p] as number;
            const topRight = x[p + c] as number;
            const bottomLeft = x[p + rowStride] as number;
            const bottomRight = x[p + rowStride + c] as number;
            if (topLeft > best) {
              best = topLeft;
              bestAt = p;
            }
            if (topRight > best) {
              best = topRight;
              bestAt = p + c;
            }
            if (bottomLeft > best) {
              best = bottomLeft;
              bestAt = p + rowStride;
            }
            if (bottomRight > best) bestAt = p + rowStride + c;
            if (bestAt >= 0) dx[bestAt] = (dx[bestAt] as number) + (dy[dyAt + ch] as number);
          }
          continue;
        }
        for (let ch = 0; ch < c; ch++) {
          let best = Number.NEGATIVE_INFINITY;
          let bestAt = -1;
          // Row-major window order and a strict `>`: the first maximum wins ties; NaN never wins.
          for (let r = rFrom, rowAt = first + ch; r < rTo; r++, rowAt += rowStride) {
            for (let col = cFrom, at = rowAt; col < cTo; col++, at += c) {
              const v = x[at] as number;
              if (v > best) {
                best = v;
                bestAt = at;
              }
            }
          }
          if (bestAt >= 0) dx[bestAt] = (dx[bestAt] as number) + (dy[dyAt + ch] as number);
        }
      }
    }
  }
}

/**
 * Keras's default pooling — 2×2 windows, stride 2, no padding — over channels in fours: the SIMD
 * kernel's case. On the tutorial CNN's poolings (32 images, quiet machine): 0.36 ms instead of 5.1 for
 * [32, 26, 26, 32], 0.13 instead of 1.3 for [32, 11, 11, 64].
 */
function isSimdWindow(g: PoolGeometry): boolean {
  return g.kh === 2 && g.kw === 2 && g.sh === 2 && g.sw === 2 && g.top === 0 && g.left === 0
    && g.channels % 4 === 0 && 2 * g.outH <= g.inH && 2 * g.outW <= g.inW;
}

/** Zeroes the pixels no 2×2 window covers (the last row or column of an odd-sized input). */
function zeroUncovered(dx: Float32Array, g: PoolGeometry): void {
  const rowLength = g.inW * g.channels;
  for (let b = 0; b < g.batch; b++) {
    const image = b * g.inH * rowLength;
    for (let y = 0; y < 2 * g.outH; y++) dx.fill(0, image + y * rowLength + 2 * g.outW * g.channels, image + (y + 1) * rowLength);
    dx.fill(0, image + 2 * g.outH * rowLength, image + g.inH * rowLength);
  }
}

const maxPoolGrad: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const a = attrs ?? {};
  const inShape = shape4(input.shape);
  const info = backend_util.computePool2DInfo(
    inShape, pair(a["filterSize"]), pair(a["strides"]), 1, padAttr(a["pad"]), roundingMode(a["dimRoundingMode"]),
  );
  const g: PoolGeometry = {
    batch: inShape[0], inH: inShape[1], inW: inShape[2], channels: inShape[3],
    outH: info.outHeight, outW: info.outWidth, kh: info.filterHeight, kw: info.filterWidth,
    sh: info.strideHeight, sw: info.strideWidth, top: info.padInfo.top, left: info.padInfo.left,
  };
  const { out, outView, inputViews } = float32Output(backend, [...inShape], [input, dy]);
  const simd = isSimdWindow(g) ? simdKernels(backend) : null;
  if (simd !== null) {
    zeroUncovered(outView, g);
    const [xAt, dyAt, dxAt] = heapByteOffsets(backend, [input, dy, out]) as [number, number, number];
    simd.maxPoolGrad2x2(xAt, dyAt, dxAt, g.batch, g.inH, g.inW, g.channels, g.outH, g.outW);
    return out;
  }
  const [xView, dyView] = inputViews as [Float32Array, Float32Array];
  outView.fill(0);
  routeMaxPoolGradient(xView, dyView, outView, g);
  return out;
};

export const maxPoolGradConfig: KernelConfig = {
  kernelName: "MaxPoolGrad",
  backendName: "wasm",
  kernelFunc: maxPoolGrad,
};
