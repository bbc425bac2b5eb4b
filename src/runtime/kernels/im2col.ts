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

/**
 * Writes the patch rows of batch items [from, to) into the patch matrix (row-major, K = kh·kw·channels)
 * at element `colsAt` of `heap`, reading the NHWC input at element `xAt` of the same array (both lie in
 * the wasm heap, so `heap` is one view of all of it). With dilation 1 the taps a filter row reads for
 * one output pixel are one contiguous run of the input row (kw·channels floats), so each is one
 * `copyWithin` — a native memmove, no view allocated: 5.4× as fast as copying channel runs through
 * `subarray` + `set` on the tutorial CNN's second convolution (0.42 ms instead of 2.26 for 32 images).
 * Pays off for runs of ≥ {@link MIN_PATCH_RUN} floats; narrower ones (a first convolution's single
 * channel) cost more in calls than they save: {@link gatherPatchesTransposed} serves them.
 */
export function gatherPatches(heap: Float32Array, xAt: number, colsAt: number, g: ConvGeometry, from: number, to: number): void {
  const { inH, inW, channels: c, outH, outW, kh, kw, sh, sw, dh, dw, top, left } = g;
  const rowLength = kw * c;
  // For output column j, the taps q in [qFrom[j], qTo[j]) read inside the input row; the rest read padding.
  const qFrom = new Int32Array(outW);
  const qTo = new Int32Array(outW);
  for (let j = 0; j < outW; j++) {
    const x0 = j * sw - left;
    qFrom[j] = Math.min(kw, x0 >= 0 ? 0 : Math.ceil(-x0 / dw));
    qTo[j] = Math.max(qFrom[j]!, Math.min(kw, Math.floor((inW - 1 - x0) / dw) + 1));
  }
  let at = colsAt;
  for (let b = from; b < to; b++) {
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++) {
        const lo = qFrom[j]!;
        const hi = qTo[j]!;
        for (let r = 0; r < kh; r++, at += rowLength) {
          const y = i * sh + r * dh - top;
          if (y < 0 || y >= inH || lo === hi) {
            heap.fill(0, at, at + rowLength);
            continue;
          }
          if (lo > 0) heap.fill(0, at, at + lo * c);
          // Element of tap q = 0 (possibly left of the row: only taps in [lo, hi) are read).
          const src = xAt + ((b * inH + y) * inW + j * sw - left) * c;
          if (dw === 1) {
            heap.copyWithin(at + lo * c, src + lo * c, src + hi * c);
          } else {
            for (let q = lo; q < hi; q++) heap.copyWithin(at + q * c, src + q * dw * c, src + q * dw * c + c);
          }
          if (hi < kw) heap.fill(0, at + hi * c, at + rowLength);
        }
      }
    }
  }
}

/** Shortest contiguous run (floats) for which {@link gatherPatches} beats {@link gatherPatchesTransposed}. */
export const MIN_PATCH_RUN = 16;

/** The contiguous run {@link gatherPatches} copies per filter row: kw·channels floats with dilation 1, else channels. */
export function patchRun(g: ConvGeometry): number {
  return g.dw === 1 ? g.kw * g.channels : g.channels;
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
