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
import { batchChunks, gatherPatches, gatherPatchesTransposed, MIN_PATCH_RUN, patchRun } from "./im2col.js";
import type { ConvGeometry } from "./im2col.js";
import { geometryOf } from "./conv-geometry.js";
import { float32Output, wholeHeap } from "./heap.js";
import { withScope } from "./wasm-scope.js";
import type { WasmKernelScope } from "./wasm-scope.js";

/**
 * The same gradient as a matrix product, dW = patches(x)ᵀ · dy, with the transposed patch matrix built
 * on the heap and the product on XNNPACK, chunked over the batch to bound memory. The product takes
 * patchesᵀ as its left operand: XNNPACK packs the right one afresh on every call (~5 ns a float here), so
 * that must be dy, the smaller (dyᵀ · patches, which needs no transpose, packed 1.1 M floats and took
 * 13.6 ms on the tutorial CNN's second convolution instead of 6.9). Wide filter rows (see
 * {@link MIN_PATCH_RUN}) gather the plain patch matrix with one memmove per filter row and transpose it
 * with the backend's kernel (0.42 + 0.90 ms there); narrow rows gather the transposed matrix element by
 * element (3.1 ms there, but 0.54 ms for the single-channel first convolution, where memmoves of 3
 * floats would cost more).
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
  const dyRows = s.reshape(dy, [batch * rowsPerItem, co]);
  const wide = patchRun(g) >= MIN_PATCH_RUN;
  const partials: TensorInfo[] = [];
  for (const [from, to] of batchChunks(batch, rowsPerItem, k)) {
    const rows = (to - from) * rowsPerItem;
    let colsT: TensorInfo;
    if (wide) {
      const cols = s.adopt(float32Output(backend, [rows, k], []).out);
      const { heap, at } = wholeHeap(backend, [x, cols]);
      gatherPatches(heap, at[0]!, at[1]!, g, from, to);
      colsT = s.transpose(cols, [1, 0]);
    } else {
      const { out, outView, inputViews } = float32Output(backend, [k, rows], [x]);
      colsT = s.adopt(out);
      gatherPatchesTransposed(inputViews[0] as Float32Array, outView, g, from, to);
    }
    const dyPart = s.slice(dyRows, [from * rowsPerItem, 0], [rows, co]);
    partials.push(s.run("BatchMatMul", { a: colsT, b: dyPart }, { transposeA: false, transposeB: false }));
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
