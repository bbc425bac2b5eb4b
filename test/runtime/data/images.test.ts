import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PNG } from "pngjs";
import jpeg from "jpeg-js";
import { describe, expect, it } from "vitest";
import type { ImageFolderSource } from "../../../src/runtime/config.js";
import { DataError } from "../../../src/runtime/data/data-error.js";
import { loadData } from "../../../src/runtime/data/load.js";
import type { InMemoryDataset, ModelSignature } from "../../../src/runtime/data/types.js";
import { tempDir } from "../helpers.js";

function png(w: number, h: number, value: number): Buffer {
  const img = new PNG({ width: w, height: h });
  img.data.fill(value);
  for (let i = 3; i < img.data.length; i += 4) img.data[i] = 255;
  return PNG.sync.write(img);
}

function jpg(w: number, h: number, value: number): Buffer {
  const data = Buffer.alloc(w * h * 4, value);
  return Buffer.from(jpeg.encode({ data, width: w, height: h }, 95).data);
}

const sig = (channels: number): ModelSignature => ({
  inputs: [{ name: "image", shape: [null, 4, 4, channels], dtype: "float32" }],
  outputs: [{ name: "probs", shape: [null, 2], loss: "categorical_crossentropy" }],
});

const src = (over: Partial<ImageFolderSource> = {}): ImageFolderSource => ({ kind: "image_folder", path: "imgs", size: [4, 4], color: "grayscale", scale: 1 / 255, limit: null, ...over });

function folder(): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, "imgs/ok"), { recursive: true });
  mkdirSync(path.join(dir, "imgs/defect"), { recursive: true });
  writeFileSync(path.join(dir, "imgs/ok/a.png"), png(8, 8, 200));
  writeFileSync(path.join(dir, "imgs/ok/b.jpg"), jpg(6, 6, 100));
  writeFileSync(path.join(dir, "imgs/defect/c.png"), png(4, 4, 0));
  return dir;
}

describe("image folder loader", () => {
  it("decodes PNG and JPEG, resizes, and labels by sorted sub-folder", async () => {
    const dir = folder();
    const data = await loadData({ train: src(), validation: null, test: null }, { specDir: dir, signature: sig(1) });
    const train = data.train as InMemoryDataset;
    expect(data.classNames).toEqual(["defect", "ok"]);
    expect(train.size).toBe(3);
    // Interleaved by class: defect/c.png, ok/a.png, ok/b.jpg.
    expect(Array.from(train.targets.probs!.data)).toEqual([1, 0, 0, 1, 0, 1]);
    expect(train.inputs.image!.data[0]).toBeCloseTo(0);
    expect(train.inputs.image!.data[16]).toBeCloseTo(200 / 255, 4);
    expect(Math.abs(train.inputs.image!.data[32]! - 100 / 255)).toBeLessThan(0.03);
    const rgb = await loadData({ train: src({ color: "rgb" }), validation: null, test: null }, { specDir: dir, signature: sig(3) });
    expect((rgb.train as InMemoryDataset).inputs.image!.sampleShape).toEqual([4, 4, 3]);
  });

  it("names an undecodable file and a file of the wrong format", async () => {
    const dir = folder();
    writeFileSync(path.join(dir, "imgs/ok/broken.png"), png(4, 4, 1).subarray(0, 40));
    const broken = await loadData({ train: src(), validation: null, test: null }, { specDir: dir, signature: sig(1) }).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(DataError);
    expect((broken as DataError).code).toBe("MFG4302");
    expect((broken as DataError).diagnostic.span.file).toMatch(/broken\.png$/);

    const dir2 = folder();
    writeFileSync(path.join(dir2, "imgs/ok/notes.txt"), "hello");
    const wrong = (await loadData({ train: src(), validation: null, test: null }, { specDir: dir2, signature: sig(1) }).catch((e: unknown) => e)) as DataError;
    expect(wrong.code).toBe("MFG4304");
    expect(wrong.diagnostic.span.file).toMatch(/notes\.txt$/);
  });

  it("refuses images above the resolution limit before decoding them", async () => {
    const dir = folder();
    const huge = png(1, 1, 0);
    huge.writeUInt32BE(20000, 16);
    huge.writeUInt32BE(20000, 20);
    writeFileSync(path.join(dir, "imgs/ok/huge.png"), huge);
    const err = (await loadData({ train: src(), validation: null, test: null }, { specDir: dir, signature: sig(1) }).catch((e: unknown) => e)) as DataError;
    expect(err.code).toBe("MFG4303");
  });

  it("reports a folder without class sub-folders", async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "imgs"));
    const err = (await loadData({ train: src(), validation: null, test: null }, { specDir: dir, signature: sig(1) }).catch((e: unknown) => e)) as DataError;
    expect(err.code).toBe("MFG4301");
  });
});
