import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { IdxSource } from "../../../src/runtime/config.js";
import { DataError } from "../../../src/runtime/data/data-error.js";
import { loadData } from "../../../src/runtime/data/load.js";
import type { InMemoryDataset, ModelSignature } from "../../../src/runtime/data/types.js";
import { batchCount, disposeBatch, epochBatches } from "../../../src/runtime/train/batches.js";
import { tempDir } from "../helpers.js";
import { idxBytes, writeIdxPair } from "./idx-files.js";

const sig = (rows: number, cols: number, classes: number, loss: "categorical_crossentropy" | "sparse_categorical_crossentropy" = "categorical_crossentropy"): ModelSignature => ({
  inputs: [{ name: "image", shape: [null, rows, cols, 1], dtype: "float32" }],
  outputs: [{ name: "probs", shape: [null, classes], loss }],
});

const source = (images: string, labels: string, limit: number | null = null): IdxSource => ({ kind: "idx", images, labels, scale: 1 / 255, limit });

async function loadError(dir: string, src: IdxSource, s = sig(2, 3, 4)): Promise<DataError> {
  const err = await loadData({ train: src, validation: null, test: null }, { specDir: dir, signature: s }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DataError);
  return err as DataError;
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("IDX loader", () => {
  for (const gz of [false, true]) {
    it(`reads ${gz ? "gzip" : "raw"} files into scaled images and one-hot labels`, async () => {
      const dir = tempDir();
      writeIdxPair(dir, 5, 2, 3, 4, gz);
      const data = await loadData(
        { train: source(gz ? "images-idx3-ubyte.gz" : "images-idx3-ubyte", gz ? "labels-idx1-ubyte.gz" : "labels-idx1-ubyte"), validation: null, test: null },
        { specDir: dir, signature: sig(2, 3, 4) },
      );
      const train = data.train as InMemoryDataset;
      expect(train.size).toBe(5);
      expect(train.inputs.image!.sampleShape).toEqual([2, 3, 1]);
      // Sample 1, pixel 0: (1 + 6) % 256 = 7.
      expect(train.inputs.image!.data[6]).toBeCloseTo(7 / 255, 6);
      expect(Array.from(train.targets.probs!.data.subarray(4, 8))).toEqual([0, 1, 0, 0]);
    });
  }

  it("gives sparse labels for sparse_categorical_crossentropy and splits off the last fraction", async () => {
    const dir = tempDir();
    writeIdxPair(dir, 8, 2, 3, 4, false);
    const data = await loadData(
      { train: source("images-idx3-ubyte", "labels-idx1-ubyte"), validation: { kind: "split", fraction: 0.25 }, test: null },
      { specDir: dir, signature: sig(2, 3, 4, "sparse_categorical_crossentropy") },
    );
    expect(data.train.size).toBe(6);
    expect(Array.from((data.validation as InMemoryDataset).targets.probs!.data)).toEqual([2, 3]);
  });

  it("rejects a wrong magic number", async () => {
    const dir = tempDir();
    const { labels } = writeIdxPair(dir, 2, 2, 3, 4, false);
    writeFileSync(path.join(dir, "bad"), Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0]));
    const err = await loadError(dir, source("bad", labels));
    expect(err.code).toBe("MFG4101");
    expect(err.diagnostic.message).toMatch(/byte 0 is 0x504b0304/);
    expect(err.diagnostic.span.file).toContain("bad");
  });

  it("rejects an unknown element type", async () => {
    const dir = tempDir();
    const { labels } = writeIdxPair(dir, 2, 2, 3, 4, false);
    writeFileSync(path.join(dir, "bad"), idxBytes(0x07, [2, 2, 3], new Uint8Array(12)));
    const err = await loadError(dir, source("bad", labels));
    expect(err.code).toBe("MFG4102");
    expect(err.diagnostic.message).toMatch(/type 0x07 at byte 2/);
  });

  it("rejects a truncated payload with expected and actual sizes", async () => {
    const dir = tempDir();
    const { labels } = writeIdxPair(dir, 2, 2, 3, 4, false);
    writeFileSync(path.join(dir, "short"), idxBytes(0x08, [2, 2, 3], new Uint8Array(9)));
    const err = await loadError(dir, source("short", labels));
    expect(err.code).toBe("MFG4103");
    expect(err.diagnostic.message).toMatch(/declares 2 records \(28 bytes\), but the data ends at byte 25/);
    expect(err.diagnostic.span.start).toBe(25);
  });

  it("stops reading a decompression bomb at the declared size", async () => {
    const dir = tempDir();
    const { labels } = writeIdxPair(dir, 2, 2, 3, 4, true);
    // Header says 2 images of 2×3 bytes; the stream inflates to 64 MiB.
    const bomb = gzipSync(Buffer.concat([idxBytes(0x08, [2, 2, 3], new Uint8Array(12)), Buffer.alloc(64 * 1024 * 1024)]));
    writeFileSync(path.join(dir, "bomb.gz"), bomb);
    const before = process.memoryUsage().rss;
    const err = await loadError(dir, source("bomb.gz", labels));
    expect(err.code).toBe("MFG4104");
    expect(err.diagnostic.message).toMatch(/beyond the 28 bytes its header declares/);
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
  });

  it("rejects corrupt gzip data", async () => {
    const dir = tempDir();
    const { labels } = writeIdxPair(dir, 2, 2, 3, 4, true);
    const gz = gzipSync(idxBytes(0x08, [2, 2, 3], new Uint8Array(12).fill(9)));
    gz.fill(0xaa, 12, 22);
    writeFileSync(path.join(dir, "corrupt.gz"), gz);
    const err = await loadError(dir, source("corrupt.gz", labels));
    expect(["MFG4002", "MFG4101", "MFG4103"]).toContain(err.code);
  });

  it("rejects image/label count mismatch and wrong dimensions", async () => {
    const dir = tempDir();
    const { images } = writeIdxPair(dir, 3, 2, 3, 4, false);
    writeFileSync(path.join(dir, "few-labels"), idxBytes(0x08, [2], new Uint8Array([0, 1])));
    const mismatch = await loadError(dir, source(images, "few-labels"));
    expect(mismatch.code).toBe("MFG4105");
    expect(mismatch.diagnostic.message).toMatch(/declares 2 labels \(byte 4\), but images file declares 3/);
    writeFileSync(path.join(dir, "labels-2d"), idxBytes(0x08, [3, 1], new Uint8Array(3)));
    expect((await loadError(dir, source(images, "labels-2d"))).code).toBe("MFG4106");
  });

  it("rejects a label out of range, naming its byte offset", async () => {
    const dir = tempDir();
    const { images } = writeIdxPair(dir, 3, 2, 3, 4, false);
    writeFileSync(path.join(dir, "labels"), idxBytes(0x08, [3], new Uint8Array([0, 9, 1])));
    const err = await loadError(dir, source(images, "labels"));
    expect(err.code).toBe("MFG4107");
    expect(err.diagnostic.message).toMatch(/label 9 at label #1 \(byte 9\) is not a class id in 0\.\.3/);
  });

  it("reports a missing file", async () => {
    const dir = tempDir();
    const err = await loadError(dir, source("nope", "nope2"));
    expect(err.code).toBe("MFG4001");
  });

  it("streams files above the threshold with the same samples as the in-memory path", async () => {
    const dir = tempDir();
    writeIdxPair(dir, 10, 2, 3, 4, true);
    const cfg = { train: source("images-idx3-ubyte.gz", "labels-idx1-ubyte.gz"), validation: { kind: "split" as const, fraction: 0.2 }, test: null };
    const streamed = await loadData(cfg, { specDir: dir, signature: sig(2, 3, 4), streamThresholdBytes: 16 });
    const memory = await loadData(cfg, { specDir: dir, signature: sig(2, 3, 4) });
    expect(streamed.train.kind).toBe("stream");
    expect(streamed.train.size).toBe(8);
    expect(streamed.validation!.size).toBe(2);
    const collect = async (ds: typeof streamed.train) => {
      const xs: number[] = [];
      for await (const b of epochBatches(ds, 3, null, 0, false)) {
        xs.push(...b.xs.image!.dataSync());
        disposeBatch(b);
      }
      return xs;
    };
    expect(batchCount(streamed.train, 3)).toBe(3);
    expect(await collect(streamed.validation!)).toEqual(await collect(memory.validation!));
    expect(await collect(streamed.train)).toEqual(await collect(memory.train));
  });

  const fashion = "/usr/share/datasets/fashion-mnist";
  it.skipIf(!existsSync(path.join(fashion, "t10k-images-idx3-ubyte.gz")))("reads the real Fashion-MNIST test files", async () => {
    const data = await loadData(
      { train: source("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"), validation: null, test: null },
      { specDir: fashion, signature: sig(28, 28, 10) },
    );
    const train = data.train as InMemoryDataset;
    expect(train.size).toBe(10000);
    expect(train.inputs.image!.sampleShape).toEqual([28, 28, 1]);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 10000; i++) for (let c = 0; c < 10; c++) counts[c]! += train.targets.probs!.data[i * 10 + c]!;
    expect(counts).toEqual(new Array(10).fill(1000));
    const px = train.inputs.image!.data;
    expect(Math.max(...px.subarray(0, 784))).toBeLessThanOrEqual(1);
  });
});
