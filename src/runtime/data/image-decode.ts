/**
 * Decoding PNG/JPEG files to RGBA pixels with limits against decompression bombs, and bilinear resizing.
 * The file type is sniffed from its magic bytes (not its name), so a PNG named `.jpg` still decodes.
 */
import { PNG } from "pngjs";
import jpeg from "jpeg-js";
import { dataError } from "./data-error.js";
import { excerpt } from "../../diagnostics/escape.js";

/** Largest image we decode, in megapixels, and the JPEG decoder's memory cap. */
export const MAX_IMAGE_MEGAPIXELS = 50;
export const MAX_JPEG_MEMORY_MB = 512;

/** Decoded pixels, always RGBA 8-bit. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export function isPng(b: Uint8Array): boolean {
  return b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
}

export function isJpeg(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

const TOO_LARGE_HINT = `shrink the image below ${MAX_IMAGE_MEGAPIXELS} megapixels (mfgc resizes it to the model's input size anyway)`;
const UNDECODABLE_HINT = "the image is damaged: save it again from an image editor, or remove it from the data";

/** Decodes a PNG or JPEG buffer, or throws the data error naming `file`. */
export function decodeImage(bytes: Buffer, file: string): RgbaImage {
  if (isPng(bytes)) {
    // Check declared dimensions from the IHDR chunk before pngjs allocates the pixel buffer.
    if (bytes.length >= 24) {
      const w = bytes.readUInt32BE(16);
      const h = bytes.readUInt32BE(20);
      if ((w * h) / 1e6 > MAX_IMAGE_MEGAPIXELS) {
        throw dataError("MFG4303", file, `PNG declares ${w}×${h} pixels (${((w * h) / 1e6).toFixed(1)} MP), over the ${MAX_IMAGE_MEGAPIXELS} MP limit`, 16, [TOO_LARGE_HINT]);
      }
    }
    try {
      const png = PNG.sync.read(bytes);
      return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
    } catch (e) {
      throw dataError("MFG4302", file, `cannot decode PNG: ${excerpt((e as Error).message, 120)}`, 0, [UNDECODABLE_HINT]);
    }
  }
  if (isJpeg(bytes)) {
    try {
      const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_IMAGE_MEGAPIXELS, maxMemoryUsageInMB: MAX_JPEG_MEMORY_MB });
      return { width: img.width, height: img.height, data: img.data };
    } catch (e) {
      const msg = (e as Error).message;
      const code = /maxResolutionInMP|maxMemoryUsageInMB|memory/i.test(msg) ? "MFG4303" : "MFG4302";
      throw dataError(code, file, `cannot decode JPEG: ${excerpt(msg, 120)}`, 0, [code === "MFG4303" ? TOO_LARGE_HINT : UNDECODABLE_HINT]);
    }
  }
  const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
  throw dataError("MFG4304", file, `not a PNG or JPEG file (first bytes: ${head || "none"})`, 0, ["convert it to PNG or JPEG, or remove it from the data"]);
}

/**
 * Bilinear resize to `width`×`height` (pixel centres aligned, as tf.image.resizeBilinear with
 * halfPixelCenters), writing `channels` (1: luminance, 3: RGB) floats times `scale` into `out`.
 */
export function resizeToFloats(img: RgbaImage, width: number, height: number, channels: 1 | 3, scale: number, out: Float32Array, outOffset: number): void {
  const sx = img.width / width;
  const sy = img.height / height;
  const px = (x: number, y: number, c: number): number => img.data[(y * img.width + x) * 4 + c]!;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), img.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, img.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), img.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, img.width - 1);
      const wx = fx - x0;
      const sample = (c: number): number =>
        (px(x0, y0, c) * (1 - wx) + px(x1, y0, c) * wx) * (1 - wy) + (px(x0, y1, c) * (1 - wx) + px(x1, y1, c) * wx) * wy;
      const o = outOffset + (y * width + x) * channels;
      if (channels === 3) {
        out[o] = sample(0) * scale;
        out[o + 1] = sample(1) * scale;
        out[o + 2] = sample(2) * scale;
      } else {
        // ITU-R BT.601 luma, as tf.image.rgbToGrayscale.
        out[o] = (0.299 * sample(0) + 0.587 * sample(1) + 0.114 * sample(2)) * scale;
      }
    }
  }
}
