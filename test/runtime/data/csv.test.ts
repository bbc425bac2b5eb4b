import { writeFileSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { CsvSource } from "../../../src/runtime/config.js";
import { DataError } from "../../../src/runtime/data/data-error.js";
import { loadData } from "../../../src/runtime/data/load.js";
import type { InMemoryDataset, ModelSignature } from "../../../src/runtime/data/types.js";
import { seriesRanges, slidingWindows } from "../../../src/runtime/data/windows.js";
import { disposeBatch, epochBatches } from "../../../src/runtime/train/batches.js";
import { tempDir } from "../helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const tabular: ModelSignature = { inputs: [{ name: "x", shape: [null, 2], dtype: "float32" }], outputs: [{ name: "y", shape: [null, 1], loss: "mse" }] };

const csv = (file: string, over: Partial<CsvSource> = {}): CsvSource => ({
  kind: "csv",
  path: file,
  features: ["a", "b"],
  labels: { y: "target" },
  groupBy: null,
  normalize: "none",
  window: null,
  limit: null,
  ...over,
});

function write(text: string): { dir: string; file: string } {
  const dir = tempDir();
  writeFileSync(path.join(dir, "data.csv"), text);
  return { dir, file: "data.csv" };
}

async function fails(text: string, over: Partial<CsvSource> = {}, sig = tabular): Promise<DataError> {
  const { dir, file } = write(text);
  const err = await loadData({ train: csv(file, over), validation: null, test: null }, { specDir: dir, signature: sig }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DataError);
  return err as DataError;
}

describe("CSV loader", () => {
  it("reads features and labels by column name and strips a BOM", async () => {
    const { dir, file } = write("\uFEFFb,target,a\n2,10,1\n4,20,3\n");
    const data = await loadData({ train: csv(file), validation: null, test: null }, { specDir: dir, signature: tabular });
    const train = data.train as InMemoryDataset;
    expect(Array.from(train.inputs.x!.data)).toEqual([1, 2, 3, 4]);
    expect(Array.from(train.targets.y!.data)).toEqual([10, 20]);
  });

  it("names an unknown column with a did-you-mean hint", async () => {
    const err = await fails("a,presure,target\n1,2,3\n", { features: ["a", "pressure"] });
    expect(err.code).toBe("MFG4202");
    expect(err.diagnostic.message).toMatch(/feature column `pressure` is not in the header/);
    expect(err.diagnostic.hints).toEqual(["did you mean `presure`?"]);
  });

  it("reports ragged rows, empty, non-numeric and NaN cells with row and column", async () => {
    const ragged = await fails("a,b,target\n1,2,3\n4,5\n");
    expect(ragged.code).toBe("MFG4203");
    expect(ragged.diagnostic.message).toBe("row 3 has 2 cells, expected 3 (as in the header)");
    expect(ragged.diagnostic.span.start).toBe(17);
    const empty = await fails("a,b,target\n1,,3\n");
    expect(empty.code).toBe("MFG4204");
    expect(empty.diagnostic.message).toMatch(/row 2, column `b`/);
    const text = await fails("a,b,target\n1,2,3\n1,x7,3\n");
    expect(text.code).toBe("MFG4205");
    expect(text.diagnostic.message).toMatch(/row 3, column `b` is `x7`/);
    const nan = await fails("a,b,target\n1,2,NaN\n");
    expect(nan.code).toBe("MFG4206");
    expect(nan.diagnostic.message).toMatch(/row 2, column `target`/);
    expect((await fails("a,b,target\n")).code).toBe("MFG4207");
    expect((await fails('a,b,target\n"1,2,3\n')).code).toBe("MFG4201");
  });

  it("rejects a class label out of range with its row", async () => {
    const sig: ModelSignature = { inputs: tabular.inputs, outputs: [{ name: "y", shape: [null, 3], loss: "categorical_crossentropy" }] };
    const err = await fails("a,b,target\n1,2,0\n1,2,3\n", {}, sig);
    expect(err.code).toBe("MFG4107");
    expect(err.diagnostic.message).toMatch(/label 3 at row 3, column `target`/);
  });

  it("fits normalization on the training split only and applies it to validation and test", async () => {
    // Training rows (first 4 of 5): a = 0, 2, 4, 6 → mean 3, std √5. Validation row a = 100.
    const { dir, file } = write("a,b,target\n0,1,0\n2,1,0\n4,1,0\n6,1,0\n100,1,0\n");
    writeFileSync(path.join(dir, "test.csv"), "a,b,target\n3,1,0\n");
    const data = await loadData(
      { train: csv(file, { normalize: "zscore" }), validation: { kind: "split", fraction: 0.2 }, test: csv("test.csv", { normalize: "zscore" }) },
      { specDir: dir, signature: tabular },
    );
    expect(data.normalization!.a[0]).toBeCloseTo(3);
    expect(data.normalization!.b[0]).toBeCloseTo(Math.sqrt(5));
    // b is constant: std falls back to 1 instead of dividing by zero.
    expect(data.normalization!.b[1]).toBe(1);
    expect((data.validation as InMemoryDataset).inputs.x!.data[0]).toBeCloseTo(97 / Math.sqrt(5), 4);
    expect((data.test as InMemoryDataset).inputs.x!.data[0]).toBeCloseTo(0);
  });

  it("builds windows per series with the label at window end + horizon", async () => {
    const rows = ["unit,a,b,target"];
    for (let u = 0; u < 2; u++) for (let t = 0; t < 5; t++) rows.push(`${u},${u * 100 + t},0,${u * 100 + t}`);
    const { dir, file } = write(rows.join("\n") + "\n");
    const sig: ModelSignature = { inputs: [{ name: "x", shape: [null, 3, 2], dtype: "float32" }], outputs: tabular.outputs };
    const data = await loadData(
      { train: csv(file, { groupBy: "unit", window: { size: 3, stride: 1, horizon: 1 } }), validation: null, test: null },
      { specDir: dir, signature: sig },
    );
    const train = data.train as InMemoryDataset;
    // Per unit of 5 rows: windows start at 0 and 1 (start + 2 + 1 < 5); none crosses into the next unit.
    expect(train.size).toBe(4);
    expect(Array.from(train.targets.y!.data)).toEqual([3, 4, 103, 104]);
    expect(Array.from(train.inputs.x!.data.subarray(12, 18))).toEqual([100, 0, 101, 0, 102, 0]);
    expect(slidingWindows(seriesRanges(["a", "a", "b"], 3), { size: 2, stride: 1, horizon: 0 })).toEqual([{ start: 0, labelRow: 1 }]);
    const none = await fails("unit,a,b,target\n0,1,1,1\n", { groupBy: "unit", window: { size: 3, stride: 1, horizon: 0 } }, sig);
    expect(none.code).toBe("MFG4208");
  });

  it("streams a large file in chunks with the same samples and training-only statistics", async () => {
    const rows = ["a,b,target"];
    for (let i = 0; i < 50; i++) rows.push(`${i},${i % 7},${i * 2}`);
    const { dir, file } = write(rows.join("\n") + "\n");
    const cfg = { train: csv(file, { normalize: "minmax" as const }), validation: { kind: "split" as const, fraction: 0.2 }, test: null };
    const streamed = await loadData(cfg, { specDir: dir, signature: tabular, streamThresholdBytes: 64 });
    const memory = await loadData(cfg, { specDir: dir, signature: tabular });
    expect(streamed.train.kind).toBe("stream");
    expect(streamed.normalization).toEqual(memory.normalization);
    expect(streamed.normalization!.b[0]).toBe(39);
    const collect = async (ds: typeof streamed.train) => {
      const out: number[] = [];
      for await (const b of epochBatches(ds, 7, null, 0, false)) {
        out.push(...b.xs.x!.dataSync(), ...b.ys.y!.dataSync());
        disposeBatch(b);
      }
      return out;
    };
    expect(await collect(streamed.validation!)).toEqual(await collect(memory.validation!));
    const bad = await fails("a,b,target\n1,2,3\n1,oops,3\n" + "1,2,3\n".repeat(30));
    expect(bad.code).toBe("MFG4205");
  });
});
