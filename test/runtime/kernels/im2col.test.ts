import { describe, expect, it } from "vitest";
import { batchChunks, gatherPatches, gatherPatchesTransposed, scatterPatches } from "../../../src/runtime/kernels/im2col.js";
import type { ConvGeometry } from "../../../src/runtime/kernels/im2col.js";

const g: ConvGeometry = { inH: 3, inW: 3, channels: 1, outH: 2, outW: 2, kh: 2, kw: 2, sh: 1, sw: 1, dh: 1, dw: 1, top: 0, left: 0 };

describe("patch matrices", () => {
  it("gathers each output pixel's taps in HWIO order, and the transposed form agrees", () => {
    const x = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const cols = new Float32Array(16);
    gatherPatches(x, cols, g, 0, 1);
    expect(Array.from(cols)).toEqual([1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9]);
    const colsT = new Float32Array(16);
    gatherPatchesTransposed(x, colsT, g, 0, 1);
    for (let n = 0; n < 4; n++) for (let k = 0; k < 4; k++) expect(colsT[k * 4 + n]).toBe(cols[n * 4 + k]);
  });

  it("writes zeros for taps in the padding", () => {
    const padded = { ...g, outH: 3, outW: 3, top: 1, left: 1, sh: 1, sw: 1 };
    const cols = new Float32Array(36).fill(7);
    gatherPatches(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), cols, padded, 0, 1);
    expect(Array.from(cols.subarray(0, 4))).toEqual([0, 0, 0, 1]);
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
