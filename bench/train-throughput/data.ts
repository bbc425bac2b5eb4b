/**
 * Benchmark data: the first N Fashion-MNIST training images when Debian's dataset-fashion-mnist is
 * installed, else deterministic random images of the same shape. (A minimal IDX reader: the real data
 * loader lives in the runtime; this one only has to feed a benchmark.)
 */
import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

export const FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

export interface BenchData {
  readonly source: "fashion-mnist" | "random";
  /** n × 28 × 28 pixels scaled to [0, 1]. */
  readonly images: Float32Array;
  /** n labels 0..9. */
  readonly labels: Int32Array;
  readonly count: number;
  readonly imagesPath: string | null;
  readonly labelsPath: string | null;
}

function readIdx(path: string): { dims: number[]; bytes: Uint8Array } {
  const raw = readFileSync(path);
  const data = path.endsWith(".gz") ? gunzipSync(raw) : raw;
  if (data.length < 4 || data[2] !== 0x08) throw new Error(`${path}: not an unsigned-byte IDX file`);
  const rank = data[3] ?? 0;
  const dims = Array.from({ length: rank }, (_, i) => data.readUInt32BE(4 + 4 * i));
  return { dims, bytes: new Uint8Array(data.buffer, data.byteOffset + 4 + 4 * rank, data.length - 4 - 4 * rank) };
}

export function loadBenchData(count: number): BenchData {
  const imagesPath = `${FASHION_MNIST_DIR}/train-images-idx3-ubyte.gz`;
  const labelsPath = `${FASHION_MNIST_DIR}/train-labels-idx1-ubyte.gz`;
  if (existsSync(imagesPath) && existsSync(labelsPath)) {
    const img = readIdx(imagesPath);
    const lab = readIdx(labelsPath);
    const n = Math.min(count, img.dims[0] ?? 0, lab.dims[0] ?? 0);
    const images = new Float32Array(n * 784);
    for (let i = 0; i < images.length; i++) images[i] = (img.bytes[i] ?? 0) / 255;
    return { source: "fashion-mnist", images, labels: Int32Array.from(lab.bytes.subarray(0, n)), count: n, imagesPath, labelsPath };
  }
  let state = 42;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const images = Float32Array.from({ length: count * 784 }, next);
  const labels = Int32Array.from({ length: count }, () => Math.floor(next() * 10));
  return { source: "random", images, labels, count, imagesPath: null, labelsPath: null };
}
