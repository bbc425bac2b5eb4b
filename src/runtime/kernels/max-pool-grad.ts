/**
 * `MaxPoolGrad` for wasm, replacing the backend's kernel (slow, and wrong for some elements in
 * finite-difference checks) with a scatter-free composition that matches the `cpu` backend exactly:
 *
 * - for each window tap (a, b) in row-major order, the strided slice of the (−∞-padded) input that the
 *   tap sees is compared with the pooled output; a tap wins where it equals the max and no earlier tap
 *   did (the `cpu` backend gives the whole gradient to the first maximum of a window, so ties go there);
 * - each tap's share `dy · wins` goes back to the pixels that tap read. Non-overlapping windows (stride
 *   = window, the usual 2×2/2) interleave the shares with zero-copy stacks; overlapping ones add the
 *   shares, spread by the stride and shifted by the tap.
 */
import { backend_util } from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { pair, padAttr, roundingMode, shape4 } from "./attrs.js";
import { spreadPixels } from "./conv2d-backprop-input.js";
import { withScope } from "./wasm-scope.js";
import type { WasmKernelScope } from "./wasm-scope.js";

interface PoolGeometry {
  readonly inShape: [number, number, number, number];
  readonly outH: number;
  readonly outW: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly top: number;
  readonly left: number;
}

/** The gradient share of every window tap, in row-major tap order (`shares[a * kw + b]`). */
function tapShares(s: WasmKernelScope, dy: TensorInfo, x: TensorInfo, y: TensorInfo, g: PoolGeometry): TensorInfo[] {
  const [batch, inH, inW, channels] = g.inShape;
  const reachH = (g.outH - 1) * g.sh + g.kh;
  const reachW = (g.outW - 1) * g.sw + g.kw;
  const padded = s.padOrCrop(
    x,
    [[0, 0], [g.top, reachH - inH - g.top], [g.left, reachW - inW - g.left], [0, 0]],
    Number.NEGATIVE_INFINITY,
  );
  const shares: TensorInfo[] = [];
  let taken: TensorInfo | null = null;
  for (let a = 0; a < g.kh; a++) {
    for (let b = 0; b < g.kw; b++) {
      const seen = s.stridedSlice(
        padded,
        [0, a, b, 0],
        [batch, a + (g.outH - 1) * g.sh + 1, b + (g.outW - 1) * g.sw + 1, channels],
        [1, g.sh, g.sw, 1],
      );
      const isMax = s.binary("Equal", seen, y);
      const wins: TensorInfo = taken === null ? isMax : s.binary("LogicalAnd", isMax, s.logicalNot(taken));
      taken = taken === null ? isMax : s.binary("LogicalOr", taken, isMax);
      shares.push(s.binary("Multiply", dy, s.cast(wins, dy.dtype)));
    }
  }
  return shares;
}

/** Non-overlapping windows: tap (a, b) of window (i, j) is pixel (i·kh + a, j·kw + b) of the padded input. */
function interleave(s: WasmKernelScope, shares: readonly TensorInfo[], g: PoolGeometry): TensorInfo {
  const [batch, , , channels] = g.inShape;
  const rows: TensorInfo[] = [];
  for (let a = 0; a < g.kh; a++) {
    const row = shares.slice(a * g.kw, (a + 1) * g.kw);
    rows.push(s.reshape(s.pack(row, 3), [batch, g.outH, g.outW * g.kw, channels]));
  }
  return s.reshape(s.pack(rows, 2), [batch, g.outH * g.kh, g.outW * g.kw, channels]);
}

/** Overlapping windows: spread each share by the stride, shift it by its tap, add them all. */
function accumulate(s: WasmKernelScope, shares: readonly TensorInfo[], g: PoolGeometry): TensorInfo {
  const spanH = g.outH * g.sh + g.kh;
  const spanW = g.outW * g.sw + g.kw;
  const placed: TensorInfo[] = [];
  for (let a = 0; a < g.kh; a++) {
    for (let b = 0; b < g.kw; b++) {
      const share = shares[a * g.kw + b];
      if (share === undefined) continue;
      const spread = spreadPixels(s, share, [g.sh, g.sw]);
      const [, h, w] = shape4(spread.shape);
      placed.push(s.pad(spread, [[0, 0], [a, spanH - h - a], [b, spanW - w - b], [0, 0]]));
    }
  }
  return s.addN(placed);
}

const maxPoolGrad: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, input, output } = inputs as { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
  const a = attrs ?? {};
  const inShape = shape4(input.shape);
  const info = backend_util.computePool2DInfo(
    inShape, pair(a["filterSize"]), pair(a["strides"]), 1, padAttr(a["pad"]), roundingMode(a["dimRoundingMode"]),
  );
  const g: PoolGeometry = {
    inShape, outH: info.outHeight, outW: info.outWidth, kh: info.filterHeight, kw: info.filterWidth,
    sh: info.strideHeight, sw: info.strideWidth, top: info.padInfo.top, left: info.padInfo.left,
  };
  return withScope(backend, (s) => {
    const shares = tapShares(s, dy, input, output, g);
    const onPadded = g.sh === g.kh && g.sw === g.kw ? interleave(s, shares, g) : accumulate(s, shares, g);
    const [, h, w] = shape4(onPadded.shape);
    const [, inH, inW] = inShape;
    return s.padOrCrop(onPadded, [[0, 0], [-g.top, inH + g.top - h], [-g.left, inW + g.left - w], [0, 0]]);
  });
};

export const maxPoolGradConfig: KernelConfig = {
  kernelName: "MaxPoolGrad",
  backendName: "wasm",
  kernelFunc: maxPoolGrad,
};
