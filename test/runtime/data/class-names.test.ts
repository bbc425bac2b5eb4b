/**
 * Where class names come from and how classes are selected: `keep_labels` on IDX files, text labels in
 * a CSV column, the spec's `classes`, and the class balance recorded per split.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { CsvSource, IdxSource } from "../../../src/runtime/config.js";
import { DataError } from "../../../src/runtime/data/data-error.js";
import { loadData } from "../../../src/runtime/data/load.js";
import type { InMemoryDataset, ModelSignature } from "../../../src/runtime/data/types.js";
import { classIdsOf, resolveClassNames, summarizeData } from "../../../src/runtime/train/data-summary.js";
import { baseConfig, blobs, tempDir } from "../helpers.js";
import { writeIdxPair } from "./idx-files.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const imageSig = (classes: number): ModelSignature => ({
  inputs: [{ name: "image", shape: [null, 2, 3, 1], dtype: "float32" }],
  outputs: [{ name: "probs", shape: [null, classes], loss: "sparse_categorical_crossentropy" }],
});

describe("idx keep_labels", () => {
  it("keeps the listed labels in file order, relabelled by their position in the list; limit counts kept samples", async () => {
    const dir = tempDir();
    // 12 samples of 6 pixels, labels i % 4 = 0 1 2 3 0 1 2 3 0 1 2 3; the k-th pixel of the file is
    // (sample + k) % 256 (writeIdxPair), so the first pixel of sample i is i + 6i = 7i.
    writeIdxPair(dir, 12, 2, 3, 4, true);
    const src: IdxSource = { kind: "idx", images: "images-idx3-ubyte.gz", labels: "labels-idx1-ubyte.gz", scale: 1, limit: 4, keepLabels: [3, 1] };
    const data = await loadData({ train: src, validation: null, test: null }, { specDir: dir, signature: imageSig(2) });
    const train = data.train as InMemoryDataset;
    // Label 3 → class 0, label 1 → class 1. Kept samples, in order: #1 (1), #3 (3), #5 (1), #7 (3).
    expect(Array.from(train.targets.probs!.data)).toEqual([1, 0, 1, 0]);
    // Samples 1, 3, 5, 7 → 7, 21, 35, 49.
    expect([0, 1, 2, 3].map((k) => train.inputs.image!.data[k * 6])).toEqual([7, 21, 35, 49]);
  });

  it("refuses IDX files too large for memory (MFG4706)", async () => {
    const dir = tempDir();
    writeIdxPair(dir, 12, 2, 3, 4, false);
    const src: IdxSource = { kind: "idx", images: "images-idx3-ubyte", labels: "labels-idx1-ubyte", scale: 1, limit: null, keepLabels: [0, 1] };
    const err = await loadData({ train: src, validation: null, test: null }, { specDir: dir, signature: imageSig(2), streamThresholdBytes: 16 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe("MFG4706");
  });
});

describe("CSV text labels", () => {
  const sig: ModelSignature = { inputs: [{ name: "x", shape: [null, 1], dtype: "float32" }], outputs: [{ name: "defect", shape: [null, 3], loss: "categorical_crossentropy" }] };
  const csv = (file: string): CsvSource => ({ kind: "csv", path: file, features: ["v"], labels: { defect: "kind" }, groupBy: null, normalize: "none", window: null, limit: null });

  it("number the distinct values in sorted order and name the classes by them; other splits use the training numbering", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "train.csv"), "v,kind\n1,scratch\n2,ok\n3,dent\n4,ok\n");
    writeFileSync(path.join(dir, "test.csv"), "v,kind\n5,scratch\n6,ok\n");
    const data = await loadData({ train: csv("train.csv"), validation: null, test: csv("test.csv") }, { specDir: dir, signature: sig });
    // Sorted: dent 0, ok 1, scratch 2.
    expect(data.classNamesByOutput).toEqual({ defect: ["dent", "ok", "scratch"] });
    expect(Array.from(classIdsOf((data.train as InMemoryDataset).targets.defect!, 3))).toEqual([2, 1, 0, 1]);
    expect(Array.from(classIdsOf((data.test as InMemoryDataset).targets.defect!, 3))).toEqual([2, 1]);
  });

  it("refuse a test value the training data never had (MFG4705)", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "train.csv"), "v,kind\n1,scratch\n2,ok\n3,dent\n");
    writeFileSync(path.join(dir, "test.csv"), "v,kind\n5,scratch\n6,crack\n");
    const err = await loadData({ train: csv("train.csv"), validation: null, test: csv("test.csv") }, { specDir: dir, signature: sig }).catch((e: unknown) => e);
    expect((err as DataError).code).toBe("MFG4705");
    expect((err as DataError).diagnostic.message).toBe("class `crack` at row 3, column `kind` is not one of the training data's classes (`dent`, `ok`, `scratch`)");
  });
});

describe("class names and balance recorded for the report", () => {
  it("prefer the spec's classes, then the data's names, then ids", () => {
    const sig: ModelSignature = { inputs: [], outputs: [{ name: "probs", shape: [null, 3], loss: "categorical_crossentropy" }, { name: "rul", shape: [null, 1], loss: "mse" }] };
    const config = baseConfig(blobs());
    expect(resolveClassNames(sig, { ...config, classes: { probs: ["a", "b", "c"] } }, { classNames: null, classNamesByOutput: { probs: ["x", "y", "z"] } })).toEqual({ probs: ["a", "b", "c"] });
    expect(resolveClassNames(sig, config, { classNames: null, classNamesByOutput: { probs: ["x", "y", "z"] } })).toEqual({ probs: ["x", "y", "z"] });
    expect(resolveClassNames(sig, config, { classNames: null })).toEqual({ probs: ["0", "1", "2"] });
  });

  it("count samples per class in each in-memory split (one-hot, ids and 1-unit binary targets)", () => {
    expect(Array.from(classIdsOf({ data: Float32Array.from([0, 1, 0, 1, 0, 0, 0, 0, 1]), sampleShape: [3], dtype: "float32" }, 3))).toEqual([1, 0, 2]);
    expect(Array.from(classIdsOf({ data: Int32Array.from([2, 0, 1]), sampleShape: [], dtype: "int32" }, 3))).toEqual([2, 0, 1]);
    expect(Array.from(classIdsOf({ data: Float32Array.from([0.9, 0.1, 1]), sampleShape: [1], dtype: "float32" }, 2))).toEqual([1, 0, 1]);
    const sig: ModelSignature = { inputs: [{ name: "x", shape: [null, 1], dtype: "float32" }], outputs: [{ name: "probs", shape: [null, 2], loss: "sparse_categorical_crossentropy" }] };
    const ds = (labels: number[]): InMemoryDataset => ({ kind: "memory", size: labels.length, inputs: {}, targets: { probs: { data: Int32Array.from(labels), sampleShape: [], dtype: "int32" } } });
    const s = summarizeData({ train: ds([0, 1, 1, 1]), validation: ds([0]), test: null, normalization: null, classNames: null }, sig, baseConfig(blobs()));
    expect(s.train).toEqual({ size: 4, classCounts: { probs: [1, 3] } });
    expect(s.validation).toEqual({ size: 1, classCounts: { probs: [1, 0] } });
    expect(s.test).toBeNull();
  });
});
