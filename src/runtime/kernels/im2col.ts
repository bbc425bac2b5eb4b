/**
 * Patch matrices for convolution gradients, built and folded back with JS loops over the wasm heap.
 * Row n = (b, i, j) of a patch matrix holds, for every filter tap (r, c) and input channel ci in that
 * order (the HWIO filter layout), the input pixel that tap reads for output pixel (i, j), or 0 where
 * the tap falls in the padding.
 */

/** Where the taps of a 2-D convolution read, NHWC. */
export interface ConvGeometry {
  readonly inH: number;
  readonly inW: number;
  readonly channels: number;
  readonly outH: number;
  readonly outW: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly dh: number;
  readonly dw: number;
  readonly top: number;
  readonly left: number;
}

/** Writes the patch rows of batch items [from, to) into `cols` (row-major, K = kh·kw·channels). */
export function gatherPatches(x: Float32Array, cols: Float32Array, g: ConvGeometry, from: number, to: number): void {
  const { inH, inW, channels: c, outH, outW, kh, kw } = g;
  const k = kh * kw * c;
  let row = 0;
  for (let b = from; b < to; b++) {
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++, row++) {
        let at = row * k;
        for (let r = 0; r < kh; r++) {
          const y = i * g.sh + r * g.dh - g.top;
          for (let q = 0; q < kw; q++, at += c) {
            const xq = j * g.sw + q * g.dw - g.left;
            if (y < 0 || y >= inH || xq < 0 || xq >= inW) {
              cols.fill(0, at, at + c);
              continue;
            }
            const src = ((b * inH + y) * inW + xq) * c;
            if (c >= 16) {
              cols.set(x.subarray(src, src + c), at);
            } else {
              for (let ch = 0; ch < c; ch++) cols[at + ch] = x[src + ch] as number;
            }
          }
        }
      }
    }
  }
}

/** Adds the patch rows of batch items [from, to) back onto the pixels they came from (`dx` += …). */
export function scatterPatches(cols: Float32Array, dx: Float32Array, g: ConvGeometry, from: number, to: number): void {
  const { inH, inW, channels: c, outH, outW, kh, kw } = g;
  const k = kh * kw * c;
  let row = 0;
  for (let b = from; b < to; b++) {
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++, row++) {
        let at = row * k;
        for (let r = 0; r < kh; r++) {
          const y = i * g.sh + r * g.dh - g.top;
          for (let q = 0; q < kw; q++, at += c) {
            const xq = j * g.sw + q * g.dw - g.left;
            if (y < 0 || y >= inH || xq < 0 || xq >= inW) continue;
            const dst = ((b * inH + y) * inW + xq) * c;
            for (let ch = 0; ch < c; ch++) dx[dst + ch] = (dx[dst + ch] as number) + (cols[at + ch] as number);
          }
        }
      }
    }
  }
}

/** Batch ranges whose patch matrices stay under `maxElements` floats (at least one item each). */
export function batchChunks(batch: number, rowsPerItem: number, k: number, maxElements = 8 * 1024 * 1024): Array<[number, number]> {
  const perChunk = Math.max(1, Math.floor(maxElements / Math.max(1, rowsPerItem * k)));
  const chunks: Array<[number, number]> = [];
  for (let from = 0; from < batch; from += perChunk) chunks.push([from, Math.min(batch, from + perChunk)]);
  return chunks;
}

/**
 * Writes the transposed patch matrix of batch items [from, to): `colsT[kk · rows + n]`, one row per
 * filter tap and channel, so dW = colsT · dy is a plain (fast) product (see conv2d-backprop-filter.ts).
 * For each tap, one output row (b, i) at a time: its input row segment stays in L1 cache while every
 * channel's destination is written, so neither side strides through memory (channel-outer order read
 * the whole input once per channel: 1.5× slower on the tutorial CNN's second convolution). The range
 * of output columns whose tap falls inside the input is worked out once per tap, not tested per pixel.
 */
export function gatherPatchesTransposed(x: Float32Array, colsT: Float32Array, g: ConvGeometry, from: number, to: number): void {
  const { inH, inW, channels: c, outH, outW, kh, kw, sh, sw, dh, dw, top, left } = g;
  const rows = (to - from) * outH * outW;
  const step = sw * c;
  for (let r = 0; r < kh; r++) {
    for (let q = 0; q < kw; q++) {
      // Output columns j with 0 ≤ j·sw + off < inW read inside the input row; the rest read padding.
      const off = q * dw - left;
      const jFrom = Math.min(outW, off >= 0 ? 0 : Math.ceil(-off / sw));
      const jTo = Math.max(jFrom, Math.min(outW, Math.floor((inW - 1 - off) / sw) + 1));
      const tapBase = (r * kw + q) * c * rows;
      let row = 0;
      for (let b = from; b < to; b++) {
        for (let i = 0; i < outH; i++, row += outW) {
          const y = i * sh + r * dh - top;
          const inside = y >= 0 && y < inH;
          const srcRow = ((b * inH + y) * inW + off + jFrom * sw) * c;
          for (let ch = 0, at = tapBase + row; ch < c; ch++, at += rows) {
            if (!inside) {
              colsT.fill(0, at, at + outW);
              continue;
            }
            for (let j = 0; j < jFrom; j++) colsT[at + j] = 0;
            for (let j = jFrom, src = srcRow + ch; j < jTo; j++, src += step) colsT[at + j] = x[src] as number;
            for (let j = jTo; j < outW; j++) colsT[at + j] = 0;
          }
        }
      }
    }
  }
}
