/**
 * `MaxPoolGrad` for wasm. The backend's own kernel is slow and wrong (it disagreed with `cpu` on ~7%
 * of the elements of a 26×26 pooling gradient with distinct values); compositions of wasm kernels were
 * slower still (its StridedSlice and Equal take generic paths). This is one JS pass over the heap.
 *
 * Semantics are the `cpu` backend's: each window's whole gradient goes to the first maximum in
 * row-major window order (ties: the first wins), found from the input alone; padding never wins; a
 * window whose values are all −∞ or NaN passes no gradient.
 */
import { backend_util } from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { pair, padAttr, roundingMode, shape4 } from "./attrs.js";
import { float32Output } from "./heap.js";

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

/** dx += the gradient of each window, routed to its first maximum. `dx` must start zeroed. */
export function routeMaxPoolGradient(x: Float32Array, dy: Float32Array, dx: Float32Array, g: PoolGeometry): void {
  const { batch, inH, inW, channels: c, outH, outW } = g;
  const best = new Float32Array(c);
  const bestAt = new Int32Array(c);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < outH; i++) {
      const r0 = i * g.sh - g.top;
      const rFrom = Math.max(0, r0);
      const rTo = Math.min(inH, r0 + g.kh);
      for (let j = 0; j < outW; j++) {
        const c0 = j * g.sw - g.left;
        const cFrom = Math.max(0, c0);
        const cTo = Math.min(inW, c0 + g.kw);
        best.fill(Number.NEGATIVE_INFINITY);
        bestAt.fill(-1);
        for (let r = rFrom; r < rTo; r++) {
          for (let col = cFrom; col < cTo; col++) {
            const base = ((b * inH + r) * inW + col) * c;
            for (let ch = 0; ch < c; ch++) {
              const v = x[base + ch] as number;
              if (v > (best[ch] as number)) {
                best[ch] = v;
                bestAt[ch] = base + ch;
              }
            }
          }
        }
        const dyBase = ((b * outH + i) * outW + j) * c;
        for (let ch = 0; ch < c; ch++) {
          const at = bestAt[ch] as number;
          if (at >= 0) dx[at] = (dx[at] as number) + (dy[dyBase + ch] as number);
        }
      }
    }
  }
}

const maxPoolGrad: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const a = attrs ?? {};
  const inShape = shape4(input.shape);
  const info = backend_util.computePool2DInfo(
    inShape, pair(a["filterSize"]), pair(a["strides"]), 1, padAttr(a["pad"]), roundingMode(a["dimRoundingMode"]),
  );
  const { out, outView, inputViews } = float32Output(backend, [...inShape], [input, dy]);
  const [xView, dyView] = inputViews as [Float32Array, Float32Array];
  outView.fill(0);
  routeMaxPoolGradient(xView, dyView, outView, {
    batch: inShape[0], inH: inShape[1], inW: inShape[2], channels: inShape[3],
    outH: info.outHeight, outW: info.outWidth, kh: info.filterHeight, kw: info.filterWidth,
    sh: info.strideHeight, sw: info.strideWidth, top: info.padInfo.top, left: info.padInfo.left,
  });
  return out;
};

export const maxPoolGradConfig: KernelConfig = {
  kernelName: "MaxPoolGrad",
  backendName: "wasm",
  kernelFunc: maxPoolGrad,
};
