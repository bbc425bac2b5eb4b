/**
 * Issue 14: a transfer source (`transfer { from: run("…") | export("…") }`) is read under the same rules
 * as a data path (src/runtime/data/data-path.ts): it must lead — links followed — inside the spec's
 * project or a folder allowed with `--data-root` (MFG4930), every file read must be a regular file
 * outside /proc, /sys and /dev (MFG4931), a file may hold no more than model.json's cap or the weights
 * its manifest declares (MFG4932), and no message quotes a file's contents.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { DataError } from "../../../src/runtime/data/data-error.js";
import { dataRootsFor } from "../../../src/runtime/data/data-path.js";
import { saveModel } from "../../../src/runtime/io/fs-handler.js";
import { disposeSource, readSourceWeights } from "../../../src/runtime/train/transfer.js";
import { tempDir } from "../helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A project folder (marked by package.json) with a spec folder inside; returns both. */
function project(): { root: string; specDir: string } {
  const root = tempDir("mfgc-transfer-project-");
  writeFileSync(path.join(root, "package.json"), "{}");
  const specDir = path.join(root, "specs");
  mkdirSync(specDir);
  return { root, specDir };
}

/** Saves a 4 → 2 dense model `d` to `dir` (weights: kernel 4×2 + bias 2 float32 = 40 bytes). */
async function savedModel(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const m = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [4], name: "d" })] });
  await saveModel(m, dir);
  m.dispose();
}

/** The DataError that reading the source throws (fails the test if it reads). */
async function refusal(kind: "run" | "export", p: string, specDir: string, allowed: readonly string[] = []): Promise<DataError> {
  try {
    const source = await readSourceWeights({ kind, path: p }, specDir, await dataRootsFor(specDir, allowed));
    disposeSource(source);
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error("the source was read");
}

describe("transfer sources are confined like data paths", () => {
  it("a source outside the project is MFG4930 naming --data-root, and reads once its folder is allowed", async () => {
    const { specDir } = project();
    const outside = tempDir("mfgc-transfer-outside-");
    await savedModel(path.join(outside, "model"));
    const e = await refusal("export", path.join(outside, "model"), specDir);
    expect(e.code).toBe("MFG4930");
    expect(e.diagnostic.hints.join(" ")).toContain("--data-root");
    // The same source with its folder allowed on the command line.
    const source = await readSourceWeights({ kind: "export", path: path.join(outside, "model") }, specDir, await dataRootsFor(specDir, [outside]));
    expect([...source.layers.keys()]).toEqual(["d"]);
    disposeSource(source);
  });

  it("a relative source inside the project reads; `../..` out of it does not", async () => {
    const { root, specDir } = project();
    await savedModel(path.join(root, "export", "m"));
    const source = await readSourceWeights({ kind: "export", path: "../export/m" }, specDir, await dataRootsFor(specDir));
    expect([...source.layers.keys()]).toEqual(["d"]);
    disposeSource(source);
    const outside = tempDir("mfgc-transfer-outside-");
    await savedModel(path.join(outside, "model"));
    expect((await refusal("run", path.relative(specDir, outside), specDir)).code).toBe("MFG4930");
  });

  it("links out of the project are followed and refused: a run's `model` folder, a model.json, a weights file", async () => {
    const { root, specDir } = project();
    const outside = tempDir("mfgc-transfer-outside-");
    await savedModel(path.join(outside, "model"));
    // A run folder inside the project whose `model/` links outside.
    mkdirSync(path.join(root, "runs", "A"), { recursive: true });
    symlinkSync(path.join(outside, "model"), path.join(root, "runs", "A", "model"));
    expect((await refusal("run", "../runs/A", specDir)).code).toBe("MFG4930");
    // A model folder inside whose files link outside: model.json to /etc/passwd, weights.bin to a file outside.
    const m = path.join(root, "m");
    await savedModel(m);
    writeFileSync(path.join(outside, "w.bin"), Buffer.alloc(40));
    execFileSync("rm", [path.join(m, "weights.bin")]);
    symlinkSync(path.join(outside, "w.bin"), path.join(m, "weights.bin"));
    const e = await refusal("export", "../m", specDir);
    expect(e.code).toBe("MFG4930");
    expect(e.diagnostic.message).toContain("weights.bin");
    execFileSync("rm", [path.join(m, "model.json")]);
    symlinkSync("/etc/passwd", path.join(m, "model.json"));
    const p = await refusal("export", "../m", specDir);
    expect(p.code).toBe("MFG4930");
    expect(p.diagnostic.message).not.toContain("root:");
  });

  it("a FIFO, a device and /proc as source files are MFG4931, read without blocking", async () => {
    const { root, specDir } = project();
    const m = path.join(root, "m");
    await savedModel(m);
    execFileSync("rm", [path.join(m, "weights.bin")]);
    execFileSync("mkfifo", [path.join(m, "weights.bin")]);
    const fifo = await refusal("export", "../m", specDir);
    expect(fifo.code).toBe("MFG4931");
    expect(fifo.diagnostic.message).toContain("FIFO");
    // Pseudo-files are refused before the roots are looked at, even where a root would allow them.
    execFileSync("rm", [path.join(m, "model.json")]);
    symlinkSync("/proc/self/environ", path.join(m, "model.json"));
    expect((await refusal("export", "../m", specDir, ["/"])).code).toBe("MFG4931");
    execFileSync("rm", [path.join(m, "model.json")]);
    symlinkSync("/dev/zero", path.join(m, "model.json"));
    expect((await refusal("export", "../m", specDir, ["/"])).code).toBe("MFG4931");
  });

  it("weights longer than the manifest declares are MFG4932; a model.json that is not JSON is not quoted", async () => {
    const { root, specDir } = project();
    const m = path.join(root, "m");
    await savedModel(m);
    // kernel 4×2 and bias 2, float32: (8 + 2) × 4 = 40 bytes declared; one byte more is refused.
    writeFileSync(path.join(m, "weights.bin"), Buffer.alloc(41));
    const big = await refusal("export", "../m", specDir);
    expect(big.code).toBe("MFG4932");
    expect(big.diagnostic.message).toContain("40 bytes");
    const secret = "SECRET_TOKEN=abc123";
    writeFileSync(path.join(m, "model.json"), `${secret}\n`);
    const bad = await refusal("export", "../m", specDir);
    expect(bad.code).toBe("MFG4700");
    expect(bad.diagnostic.message).toContain("not valid JSON");
    expect(bad.diagnostic.message).not.toContain("SECRET");
  });
});
