/**
 * The transfer example in specs/: pre-train on Fashion-MNIST labels 0–4, transfer to labels 5–9 with the
 * convolutions frozen (short runs here; bench/transfer measures accuracy). The frozen convolutions come
 * out of training bit-identical to the pre-trained ones; the new layers trained.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, test } from "vitest";
import type { RunInfo } from "../../src/runtime/train/run-info.js";
import { disposeSource, readSourceWeights } from "../../src/runtime/train/transfer.js";
import { dataRootsFor } from "../../src/runtime/data/data-path.js";
import { mfgc } from "./run-cli.js";

const ROOT = join(import.meta.dirname, "..", "..");
const FASHION = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
mkdirSync(join(ROOT, ".tmp"), { recursive: true });
const DIR = mkdtempSync(join(ROOT, ".tmp", "transfer-example-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

/** Every weight of a saved model, as bytes by `layer/weight` name. */
async function savedWeights(modelDir: string): Promise<Map<string, Buffer>> {
  const source = await readSourceWeights({ kind: "export", path: modelDir }, "/", await dataRootsFor("/"));
  const out = new Map<string, Buffer>();
  for (const [layer, l] of source.layers) for (const [key, t] of l.weights) out.set(`${layer}/${key}`, Buffer.from(((await t.data()) as Float32Array).buffer));
  disposeSource(source);
  return out;
}

describe.skipIf(!existsSync(FASHION))("specs/fashion_pretrain.mfgnet → specs/fashion_transfer.mfgnet", () => {
  test("frozen convolutions stay bit-identical; the new layers train", async () => {
    await tf.setBackend("cpu");
    const pretrain = join(DIR, "pretrain");
    // Debian's dataset lies outside the project: the runs allow its folder (data-path.ts).
    const a = await mfgc("train", "specs/fashion_pretrain.mfgnet", "--epochs", "1", "--limit", "300", "--out", pretrain, "--backend", "wasm", "--data-root", "/usr/share/datasets");
    expect(a.code, a.stderr).toBe(0);
    // The example transfers from ../runs/FashionPretrain; point a copy at this test's run instead.
    const text = readFileSync(join(ROOT, "specs", "fashion_transfer.mfgnet"), "utf8");
    expect(text).toContain('from: run("../runs/FashionPretrain")');
    const spec = join(DIR, "fashion_transfer.mfgnet");
    writeFileSync(spec, text.replace('from: run("../runs/FashionPretrain")', 'from: run("pretrain")'));
    const run = join(DIR, "transfer");
    const b = await mfgc("train", spec, "--epochs", "2", "--limit", "200", "--out", run, "--backend", "wasm", "--data-root", "/usr/share/datasets");
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toContain("frozen: c1, c2, c3");

    const before = await savedWeights(join(pretrain, "model"));
    const after = await savedWeights(join(run, "model"));
    for (const name of ["c1/kernel", "c1/bias", "c2/kernel", "c2/bias", "c3/kernel", "c3/bias"]) expect(after.get(name)!.equals(before.get(name)!), name).toBe(true);
    // d1 has the pre-trained layer's name and shape but is not listed in `layers`: it started fresh and trained.
    expect(after.get("d1/kernel")!.equals(before.get("d1/kernel")!)).toBe(false);
    const info = JSON.parse(readFileSync(join(run, "run-info.json"), "utf8")) as RunInfo;
    expect(info.transfer).toMatchObject({ loaded: ["c1", "c2", "c3"], frozen: ["c1", "c2", "c3"], fresh: ["d1", "items"] });
    // Keras: d1 576·64+64 = 36,928 and items 64·5+5 = 325 train; the convolutions (320 + 18,496 + 36,928) do not.
    expect(info.graph.trainableParams).toBe(36_928 + 325);
    expect(info.data.classNames).toEqual({ items: ["Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"] });
  });
});
