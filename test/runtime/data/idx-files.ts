/** Writes small IDX files (raw or gzip) for the loader tests. */
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

export function idxBytes(typeCode: number, dims: readonly number[], payload: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = typeCode;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(payload)]);
}

/** `n` images of `rows`×`cols` whose pixel values encode (sample + pixel) % 256, and labels `i % classes`. */
export function writeIdxPair(dir: string, n: number, rows: number, cols: number, classes: number, gz: boolean): { images: string; labels: string } {
  const pixels = new Uint8Array(n * rows * cols).map((_, k) => (Math.floor(k / (rows * cols)) + k) % 256);
  const labels = new Uint8Array(n).map((_, i) => i % classes);
  const ext = gz ? ".gz" : "";
  const images = `${dir}/images-idx3-ubyte${ext}`;
  const labelsFile = `${dir}/labels-idx1-ubyte${ext}`;
  const img = idxBytes(0x08, [n, rows, cols], pixels);
  const lab = idxBytes(0x08, [n], labels);
  writeFileSync(images, gz ? gzipSync(img) : img);
  writeFileSync(labelsFile, gz ? gzipSync(lab) : lab);
  return { images, labels: labelsFile };
}
