import { describe, expect, it } from "vitest";
import { batchChunks, gatherPatches, gatherPatchesTransposed, scatterPatches } from "../../../src/runtime/kernels/im2col.js";
import type { ConvGeometry } from "../../../src/runtime/kernels/im2col.js";

/** gatherPatches works inside one heap: x at element 0, the patch matrix (pre-filled with 7s) after it. */
function gathered(x: Float32Array, geo: ConvGeometry, size: number, batch = 1): Float32Array {
  const heap = new Float32Array(x.length + size).fill(7);
  heap.set(x);
  gatherPatches(heap, 0, x.length, geo, 0, batch);
  return heap.subarray(x.length);
}

const g: ConvGeometry = { inH: 3, inW: 3, channels: 1, outH: 2, outW: 2, kh: 2, kw: 2, sh: 1, sw: 1, dh: 1, dw: 1, top: 0, left: 0 };

describe("patch matrices", () => {
  it("gathers each output pixel's taps in HWIO order, and the transposed form agrees", () => {
    const x = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const cols = gathered(x, g, 16);
    expect(Array.from(cols)).toEqual([1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9]);
    const colsT = new Float32Array(16);
    gatherPatchesTransposed(x, colsT, g, 0, 1);
    for (let n = 0; n < 4; n++) for (let k = 0; k < 4; k++) expect(colsT[k * 4 + n]).toBe(cols[n * 4 + k]);
  });

  it("writes zeros for taps in the padding", () => {
    const padded = { ...g, outH: 3, outW: 3, top: 1, left: 1, sh: 1, sw: 1 };
    const cols = gathered(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), padded, 36);
    // Output pixel (0, 0) reads taps (−1, −1), (−1, 0), (0, −1), (0, 0); (1, 2) reads (0, 1), (0, 2), (1, 1), (1, 2).
    expect(Array.from(cols.subarray(0, 4))).toEqual([0, 0, 0, 1]);
    expect(Array.from(cols.subarray(5 * 4, 6 * 4))).toEqual([2, 3, 5, 6]);
    expect(Array.from(cols.subarray(8 * 4, 9 * 4))).toEqual([5, 6, 8, 9]);
    expect(Array.from(cols.subarray(2 * 4, 3 * 4))).toEqual([0, 0, 2, 3]);
  });

  it("gathers dilated and strided taps, and both forms agree on several channels with padding", () => {
    const x = Float32Array.from({ length: 2 * 5 * 6 * 3 }, (_, i) => i + 1);
    const geometries: ConvGeometry[] = [
      { inH: 5, inW: 6, channels: 3, outH: 3, outW: 2, kh: 2, kw: 3, sh: 2, sw: 3, dh: 1, dw: 2, top: 1, left: 2 },
      { inH: 5, inW: 6, channels: 3, outH: 5, outW: 6, kh: 3, kw: 3, sh: 1, sw: 1, dh: 1, dw: 1, top: 1, left: 1 },
    ];
    for (const geo of geometries) {
      const k = geo.kh * geo.kw * geo.channels;
      const rows = 2 * geo.outH * geo.outW;
      const cols = gathered(x, geo, rows * k, 2);
      const colsT = new Float32Array(rows * k);
      gatherPatchesTransposed(x, colsT, geo, 0, 2);
      for (let n = 0; n < rows; n++) for (let kk = 0; kk < k; kk++) expect(cols[n * k + kk]).toBe(colsT[kk * rows + n]);
      // Spot check against the definition: batch 1, output (1, 1), tap (1, 2), channel 2.
      const [i, j, r, q, ch] = [1, 1, 1, 2, 2];
      const y = i * geo.sh + r * geo.dh - geo.top;
      const xq = j * geo.sw + q * geo.dw - geo.left;
      const inside = y >= 0 && y < geo.inH && xq >= 0 && xq < geo.inW;
      const n = (1 * geo.outH + i) * geo.outW + j;
      expect(cols[n * k + (r * geo.kw + q) * geo.channels + ch]).toBe(inside ? x[((1 * geo.inH + y) * geo.inW + xq) * geo.channels + ch] : 0);
    }
  });

  it("scatter adds each tap back onto its pixel (the adjoint of gather)", () => {
    const dx = new Float32Array(9);
    scatterPatches(new Float32Array(16).fill(1), dx, g, 0, 1);
    expect(Array.from(dx)).toEqual([1, 2, 1, 2, 4, 2, 1, 2, 1]);
  });

  it("splits the batch so each chunk's matrix stays under the bound", () => {
    expect(batchChunks(10, 100, 10, 3000)).toEqual([[0, 3], [3, 6], [6, 9], [9, 10]]);
    expect(batchChunks(2, 1000, 1000, 10)).toEqual([[0, 1], [1, 2]]);
  });
});
