/**
 * Ids fed to an embedding must be integers in [0, input_dim) (Keras's Embedding; TensorFlow stops with
 * InvalidArgumentError otherwise). mfgc checks them while loading, before any training step, and names
 * the file, the row and the column — instead of tfjs's internal `GatherV2` error mid-training.
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { instantiate } from "../../../src/codegen/lower/instantiate.js";
import { lowerGraph } from "../../../src/codegen/lower/lower-graph.js";
import { compileText } from "../../../src/pipeline.js";
import { DataError, runTraining } from "../../../src/runtime/index.js";
import type { TrainConfig } from "../../../src/runtime/config.js";
import { embeddingIdRanges } from "../../../src/runtime/data/ids.js";
import { tempDir } from "../helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A spec whose `machine, step` id columns feed `embedding(input_dim: 10)`, trained on `data.csv`. */
const SPEC = `model Ids {
  input ids: i32[2]
  ids -> embedding(input_dim: 10, output_dim: 3) -> flatten -> dense(2, activation: softmax) as state
  output state
}
train Ids {
  data { train: csv("data.csv", features: [machine, step], labels: { state: state }) }
  optimizer adam
  loss sparse_categorical_crossentropy
  epochs 1 batch 2
}
`;

function compiled(spec = SPEC): { buildModel: () => tf.LayersModel; config: TrainConfig } {
  const c = compileText(spec, "ids.mfgnet", "dsl");
  expect(c.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return { buildModel: () => instantiate(lowerGraph(c.graph!, { seed: 1 })), config: c.train! };
}

async function trainOn(csv: string): Promise<{ error: unknown; outDir: string; epochs: number }> {
  const dir = tempDir();
  writeFileSync(path.join(dir, "data.csv"), csv);
  const { buildModel, config } = compiled();
  const outDir = path.join(dir, "run");
  let epochs = 0;
  const error = await runTraining({ buildModel, config, specDir: dir, specHash: "h", outDir, backend: "cpu", log: () => {}, onEpochEnd: () => epochs++ }).then(
    (r) => {
      r.model.dispose();
      return undefined;
    },
    (e: unknown) => e,
  );
  return { error, outDir, epochs };
}

describe("embedding ids", () => {
  it("an id ≥ input_dim is MFG4600 naming file, row and column, before training starts", async () => {
    const { error, outDir, epochs } = await trainOn("machine,step,state\n1,2,0\n3,4,1\n5,12,0\n7,8,1\n");
    expect(error).toBeInstanceOf(DataError);
    const d = (error as DataError).diagnostic;
    expect(d.code).toBe("MFG4600");
    // Row 4 of the file (the header is row 1), column `step`, value 12 ≥ input_dim 10.
    expect(d.message).toMatch(/^id 12 is not below input_dim 10 at row 4, column `step`: model input `ids` feeds embedding `embedding_1`, which looks up ids 0\.\.9$/);
    expect(d.span.file).toMatch(/data\.csv$/);
    expect(epochs).toBe(0);
    expect(existsSync(path.join(outDir, "checkpoints"))).toBe(false);
  });

  it("a negative id and a fractional id are data errors too", async () => {
    const neg = (await trainOn("machine,step,state\n1,2,0\n-1,4,1\n")).error as DataError;
    expect(neg.diagnostic.message).toMatch(/^id -1 is negative at row 3, column `machine`/);
    const frac = (await trainOn("machine,step,state\n1,2.5,0\n3,4,1\n")).error as DataError;
    expect(frac.diagnostic.message).toMatch(/^2\.5 is not an integer id at row 2, column `step`/);
  });

  it("ids in range train", async () => {
    const { error, epochs } = await trainOn("machine,step,state\n1,2,0\n3,4,1\n5,9,0\n0,8,1\n");
    expect(error).toBeUndefined();
    expect(epochs).toBe(1);
  });

  it("a synthetic generator whose vocabulary exceeds input_dim is caught with the sample and position", async () => {
    const spec = `model Ev {
  input events: i32[12]
  events -> embedding(input_dim: 8, output_dim: 4) -> global_avgpool1d -> dense(2, activation: softmax) as outcome
  output outcome
}
train Ev {
  data { train: synthetic(generator: events, samples: 16, seed: 1, vocab: 30) }
  optimizer adam
  loss categorical_crossentropy
  epochs 1 batch 8
}
`;
    const { buildModel, config } = compiled(spec);
    const error = await runTraining({ buildModel, config, specDir: ".", specHash: "h", outDir: tempDir(), backend: "cpu", log: () => {} }).catch((e: unknown) => e);
    expect((error as DataError).code).toBe("MFG4600");
    expect((error as DataError).diagnostic.message).toMatch(/ at sample \d+ of the training split, element \d+: model input `events` feeds embedding `embedding_1`, which looks up ids 0\.\.7$/);
  });

  it("finds the embedding behind reshape/flatten, and the smallest input_dim when two read one input", () => {
    const c = compileText(
      "model M {\n  input ids: i32[2, 3]\n  a = ids -> flatten -> embedding(input_dim: 50, output_dim: 2) -> flatten\n  b = ids -> reshape([6]) -> embedding(input_dim: 20, output_dim: 2) -> flatten\n  out = concat(a, b)\n  output out\n}\n",
      "m.mfgnet",
      "dsl",
    );
    const model = instantiate(lowerGraph(c.graph!, { seed: 1 }));
    expect(Object.fromEntries(embeddingIdRanges(model))).toEqual({ ids: { inputDim: 20, layer: "embedding_2" } });
    model.dispose();
  });
});
