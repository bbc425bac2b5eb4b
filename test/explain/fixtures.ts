/** Inputs for `mfgc explain` tests: a Fashion-MNIST test image as PNG, a window of the turbofan sensor data as CSV. */
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { PNG } from "pngjs";
import { generateSensors } from "../../src/runtime/data/synthetic/sensors.js";

export const FASHION_TEST_IMAGES = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";

/** Writes test image `index` of Fashion-MNIST (28×28 grayscale, IDX header 16 bytes) as a PNG; returns `file`. */
export function writeFashionTestImage(file: string, index: number): string {
  const idx = gunzipSync(readFileSync(FASHION_TEST_IMAGES));
  const png = new PNG({ width: 28, height: 28 });
  for (let p = 0; p < 784; p++) {
    const v = idx[16 + index * 784 + p]!;
    png.data.set([v, v, v, 255], p * 4);
  }
  writeFileSync(file, PNG.sync.write(png));
  return file;
}

/**
 * Writes window `index` of the turbofan spec's test data (the `sensors` generator with the spec's
 * seed 4, 30 steps × 14 sensors) as CSV with a header `s1…s14`; returns `file`.
 */
export function writeSensorWindow(file: string, index: number): string {
  const sig = {
    inputs: [{ name: "window", shape: [null, 30, 14], dtype: "float32" as const }],
    outputs: [
      { name: "rul", shape: [null, 1], loss: "mse" as const },
      { name: "fail", shape: [null, 1], loss: "binary_crossentropy" as const },
    ],
  };
  const x = generateSensors(sig, index + 1, 4, { window: 30, failure_within: 30 }).inputs["window"]!.data;
  const rows = [Array.from({ length: 14 }, (_, j) => `s${j + 1}`).join(",")];
  for (let t = 0; t < 30; t++) rows.push(Array.from(x.subarray(index * 420 + t * 14, index * 420 + (t + 1) * 14)).join(","));
  writeFileSync(file, rows.join("\n") + "\n");
  return file;
}
