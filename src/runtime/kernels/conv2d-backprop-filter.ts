/**
 * `Conv2DBackpropFilter` for wasm (the backend has none).
 *
 * dW[kh, kw, ci, co] = Σ_{b,i,j} x[b, i·s + kh·d − pad, j·s + kw·d − pad, ci] · dy[b, i, j, co]
 *
 * computed as patches(x)ᵀ · dy. (Writing it as one convolution — channels as batch, batch as
 * channels, dy as the filter — was measured too: XNNPACK re-packs a large fresh filter on every call
 * and it came out 1.1–7× slower on the tutorial CNN's layers.)
 */
import { backend_util } from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { pair, padAttr, roundingMode, shape4 } from "./attrs.js";
import { batchChunks, gatherPatchesTransposed } from "./im2col.js";
import type { ConvGeometry } from "./im2col.js";
import { geometryOf } from "./conv-geometry.js";
import { float32Output } from "./heap.js";
import { withScope } from "./wasm-scope.js";
import type { WasmKernelScope } from "./wasm-scope.js";

/**
 * The same gradient as a matrix product: dW = patches(x)ᵀ · dy, with the patch matrix built by a JS
 * loop over the heap and the product on XNNPACK. Chunked over the batch to bound memory.
 */
export function conv2dFilterGradientByPatches(
  s: WasmKernelScope,
  backend: object,
  x: TensorInfo,
  dy: TensorInfo,
  filterShape: [number, number, number, number],
  g: ConvGeometry,
): TensorInfo {
  const [kh, kw, ci, co] = filterShape;
  const k = kh * kw * ci;
  const batch = x.shape[0] ?? 0;
  const rowsPerItem = g.outH * g.outW;
  const partials: TensorInfo[] = [];
  for (const [from, to] of batchChunks(batch, rowsPerItem, k)) {
    const rows = (to - from) * rowsPerItem;
    const { out: colsT, outView, inputViews } = float32Output(backend, [k, rows], [x]);
    s.adopt(colsT);
    gatherPatchesTransposed(inputViews[0] as Float32Array, outView, g, from, to);
    const dyRows = s.slice(s.reshape(dy, [batch * rowsPerItem, co]), [from * rowsPerItem, 0], [rows, co]);
    partials.push(s.run("BatchMatMul", { a: colsT, b: dyRows }, { transposeA: false, transposeB: false }));
  }
  return s.reshape(s.addN(partials), filterShape);
}

const conv2dBackpropFilter: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs ?? {};
  const channelsFirst = a["dataFormat"] === "NCHW";
  const filterShape = shape4(a["filterShape"] as number[]);
  return withScope(backend, (s) => {
    const xNhwc = channelsFirst ? s.transpose(x, [0, 2, 3, 1]) : x;
    const dyNhwc = channelsFirst ? s.transpose(dy, [0, 2, 3, 1]) : dy;
    const info = backend_util.computeConv2DInfo(
      shape4(xNhwc.shape), filterShape, pair(a["strides"]), 1, padAttr(a["pad"]), roundingMode(a["dimRoundingMode"]),
    );
    return conv2dFilterGradientByPatches(s, backend, xNhwc, dyNhwc, filterShape, geometryOf(info));
  });
};

export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: "Conv2DBackpropFilter",
  backendName: "wasm",
  kernelFunc: conv2dBackpropFilter,
};
