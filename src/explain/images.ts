/**
 * PNG pictures of explanations (pngjs): saliency and Grad-CAM heat maps blended over the input image,
 * and a time-step × feature heat map for sequence inputs. Pixels are computed here; colours come from
 * d3's colour maps (inferno for magnitudes, red–blue for signed values).
 */
import { PNG } from "pngjs";
import { divergingRgb, heatRgb } from "../report/colors.js";
import { maxOf } from "../util/arrays.js";

/** Upscaled pictures are at least this many pixels on their longer side. */
const MIN_SIDE = 224;
/** Largest share of the heat colour in a blended pixel (the input stays visible underneath). */
const MAX_BLEND = 0.75;

export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** RGB floats in [0, 1], row-major. */
  readonly rgb: Float32Array;
}

/** The model-space image (`[h, w, c]`, c = 1 or 3) stretched to [0, 1] for display. */
export function displayImage(values: Float32Array, h: number, w: number, c: number): RgbImage {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const span = hi > lo ? hi - lo : 1;
  const rgb = new Float32Array(h * w * 3);
  for (let p = 0; p < h * w; p++) {
    for (let k = 0; k < 3; k++) rgb[p * 3 + k] = (values[p * c + (c === 1 ? 0 : k)]! - lo) / span;
  }
  return { width: w, height: h, rgb };
}

/** Per-pixel saliency: Σ over channels of |attribution|, scaled so the 99th percentile is 1 (clipped above). */
export function saliencyMap(attributions: Float32Array, h: number, w: number, c: number): Float32Array {
  const s = new Float32Array(h * w);
  for (let p = 0; p < h * w; p++) for (let k = 0; k < c; k++) s[p]! += Math.abs(attributions[p * c + k]!);
  const sorted = Float32Array.from(s).sort();
  const top = sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))]! || sorted[sorted.length - 1]! || 1;
  for (let p = 0; p < s.length; p++) s[p] = Math.min(1, s[p]! / top);
  return s;
}

/** Bilinear resize of a `[h][w]` map to `outH × outW` (half-pixel centres, edges clamped). */
export function resizeMap(map: readonly (readonly number[])[], outH: number, outW: number): Float32Array {
  const h = map.length;
  const w = map[0]?.length ?? 0;
  const out = new Float32Array(outH * outW);
  const at = (y: number, x: number) => map[Math.min(h - 1, Math.max(0, y))]![Math.min(w - 1, Math.max(0, x))]!;
  for (let i = 0; i < outH; i++) {
    const sy = ((i + 0.5) * h) / outH - 0.5;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    for (let j = 0; j < outW; j++) {
      const sx = ((j + 0.5) * w) / outW - 0.5;
      const x0 = Math.floor(sx);
      const fx = sx - x0;
      out[i * outW + j] = (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) + fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1));
    }
  }
  return out;
}

function encode(width: number, height: number, pixel: (x: number, y: number) => readonly [number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const o = (y * width + x) * 4;
      png.data[o] = r;
      png.data[o + 1] = g;
      png.data[o + 2] = b;
      png.data[o + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** Integer factor that brings the longer side to at least {@link MIN_SIDE} pixels. */
export function upscaleFactor(h: number, w: number): number {
  return Math.max(1, Math.ceil(MIN_SIDE / Math.max(h, w)));
}

/** The input image alone, upscaled without smoothing. */
export function inputPng(img: RgbImage): Buffer {
  const s = upscaleFactor(img.height, img.width);
  return encode(img.width * s, img.height * s, (x, y) => {
    const p = (Math.floor(y / s) * img.width + Math.floor(x / s)) * 3;
    return [Math.round(255 * img.rgb[p]!), Math.round(255 * img.rgb[p + 1]!), Math.round(255 * img.rgb[p + 2]!)];
  });
}

/**
 * A heat map in [0, 1] blended over the image. `heat` is either at the image's resolution (`perPixel`:
 * drawn as blocks, for saliency) or a coarse map resized bilinearly to the upscaled picture (Grad-CAM).
 */
export function overlayPng(img: RgbImage, heat: Float32Array | readonly (readonly number[])[]): Buffer {
  const s = upscaleFactor(img.height, img.width);
  const W = img.width * s;
  const H = img.height * s;
  let fine: Float32Array;
  if (heat instanceof Float32Array) {
    fine = new Float32Array(W * H);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) fine[y * W + x] = heat[Math.floor(y / s) * img.width + Math.floor(x / s)]!;
  } else {
    const max = Math.max(1e-12, maxOf(heat.flat()));
    fine = resizeMap(heat.map((row) => row.map((v) => v / max)), H, W);
  }
  return encode(W, H, (x, y) => {
    const t = Math.min(1, Math.max(0, fine[y * W + x]!));
    const p = (Math.floor(y / s) * img.width + Math.floor(x / s)) * 3;
    const color = heatRgb(t);
    const a = MAX_BLEND * t;
    return [0, 1, 2].map((k) => Math.round((1 - a) * 255 * img.rgb[p + k]! + a * color[k]!)) as [number, number, number];
  });
}

/** A `[rows][columns]` signed map as coloured cells (red positive, blue negative, white zero). */
export function signedHeatmapPng(values: readonly (readonly number[])[], cell = 12): Buffer {
  const rows = values.length;
  const cols = values[0]?.length ?? 0;
  let scale = 0;
  for (const row of values) for (const v of row) scale = Math.max(scale, Math.abs(v));
  if (scale === 0) scale = 1;
  return encode(cols * cell, rows * cell, (x, y) => divergingRgb(values[Math.floor(y / cell)]![Math.floor(x / cell)]! / scale));
}
