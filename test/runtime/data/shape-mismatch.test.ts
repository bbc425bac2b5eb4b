/**
 * Data that cannot feed the model it is configured for stops before training with a diagnostic:
 * a generator asked for shapes it cannot produce (MFG4402), a single-input source for a multi-input
 * model (MFG4501), and empty data (MFG4502).
 */
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DataConfig } from "../../../src/runtime/config.js";
import { DataError } from "../../../src/runtime/data/data-error.js";
import { loadData } from "../../../src/runtime/data/load.js";
import type { ModelSignature } from "../../../src/runtime/data/types.js";
import { writeIdxPair } from "./idx-files.js";

async function dataErrorOf(config: DataConfig, signature: ModelSignature, specDir = "."): Promise<DataError> {
  try {
    await loadData(config, { specDir, signature });
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error("expected a DataError");
}

const oneOutput = [{ name: "probs", shape: [null, 3] as (number | null)[], loss: "categorical_crossentropy" as const }];

describe("data that cannot feed the model", () => {
  it("MFG4402: the events generator asked to fill an image input", async () => {
    const e = await dataErrorOf(
      { train: { kind: "synthetic", generator: "events", samples: 8, seed: 1, options: {} }, validation: null, test: null },
      { inputs: [{ name: "img", shape: [null, 8, 8, 1], dtype: "float32" }], outputs: oneOutput },
    );
    expect(e.code).toBe("MFG4402");
    expect(e.diagnostic.message).toContain("events");
  });

  it("MFG4501: an IDX source (one input) for a two-input model", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mfgc-4501-"));
    const { images, labels } = writeIdxPair(dir, 6, 4, 4, 3, false);
    const e = await dataErrorOf(
      { train: { kind: "idx", images, labels, scale: 1, limit: null }, validation: null, test: null },
      {
        inputs: [
          { name: "a", shape: [null, 4, 4, 1], dtype: "float32" },
          { name: "b", shape: [null, 2], dtype: "float32" },
        ],
        outputs: oneOutput,
      },
      dir, // data paths must lie in the spec's project (here: the temp folder the spec would sit in)
    );
    expect(e.code).toBe("MFG4501");
    expect(e.diagnostic.message).toContain("`a`, `b`");
  });

  it("MFG4502: an image folder whose class folders hold no images", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mfgc-4502-"));
    mkdirSync(join(dir, "ok"));
    mkdirSync(join(dir, "scratch"));
    const e = await dataErrorOf(
      { train: { kind: "image_folder", path: dir, size: [8, 8], color: "grayscale", scale: 1, limit: null }, validation: null, test: null },
      { inputs: [{ name: "img", shape: [null, 8, 8, 1], dtype: "float32" }], outputs: [{ name: "probs", shape: [null, 2], loss: "categorical_crossentropy" }] },
      dir,
    );
    expect(e.code).toBe("MFG4502");
  });
});
