import { describe, expect, it } from "vitest";
import { DataError } from "../../../src/runtime/data/data-error.js";
import { loadData } from "../../../src/runtime/data/load.js";
import type { InMemoryDataset, ModelSignature } from "../../../src/runtime/data/types.js";
import type { SyntheticSource } from "../../../src/runtime/config.js";

const syn = (generator: string, samples = 40): SyntheticSource => ({ kind: "synthetic", generator, samples, seed: 5, options: {} });

async function load(generator: string, sig: ModelSignature): Promise<InMemoryDataset> {
  return (await loadData({ train: syn(generator), validation: null, test: null }, { specDir: ".", signature: sig })).train as InMemoryDataset;
}

describe("synthetic generators", () => {
  it("defects: images of the model's shape, deterministic, every class present, severity for a regression head", async () => {
    const sig: ModelSignature = {
      inputs: [{ name: "image", shape: [null, 16, 16, 1], dtype: "float32" }],
      outputs: [
        { name: "cls", shape: [null, 3], loss: "categorical_crossentropy" },
        { name: "severity", shape: [null, 1], loss: "mse" },
      ],
    };
    const a = await load("defects", sig);
    const b = await load("defects", sig);
    expect(a.inputs.image!.sampleShape).toEqual([16, 16, 1]);
    expect(Array.from(a.inputs.image!.data)).toEqual(Array.from(b.inputs.image!.data));
    const cls = a.targets.cls!.data;
    const counts = [0, 0, 0];
    for (let i = 0; i < 40; i++) for (let c = 0; c < 3; c++) counts[c]! += cls[i * 3 + c]!;
    expect(counts.every((c) => c > 10)).toBe(true);
    // Clean surfaces have severity 0.
    for (let i = 0; i < 40; i++) if (cls[i * 3] === 1) expect(a.targets.severity!.data[i]).toBe(0);
  });

  it("sensors: windows [time, sensors] with RUL in [0, 1] and failure labels", async () => {
    const sig: ModelSignature = {
      inputs: [{ name: "series", shape: [null, 30, 4], dtype: "float32" }],
      outputs: [
        { name: "rul", shape: [null, 1], loss: "mse" },
        { name: "fail", shape: [null, 1], loss: "binary_crossentropy" },
      ],
    };
    const d = await load("sensors", sig);
    expect(d.inputs.series!.sampleShape).toEqual([30, 4]);
    const rul = Array.from(d.targets.rul!.data);
    expect(rul.every((r) => r >= 0 && r <= 1)).toBe(true);
    const fail = Array.from(d.targets.fail!.data);
    rul.forEach((r, i) => expect(fail[i]).toBe(r * 125 <= 20 ? 1 : 0));
  });

  it("events: integer tokens with the class motif", async () => {
    const sig: ModelSignature = { inputs: [{ name: "tokens", shape: [null, 12], dtype: "int32" }], outputs: [{ name: "probs", shape: [null, 4], loss: "sparse_categorical_crossentropy" }] };
    const d = await load("events", sig);
    expect(d.inputs.tokens!.data).toBeInstanceOf(Int32Array);
    for (let i = 0; i < 40; i++) {
      const cls = d.targets.probs!.data[i]!;
      const seq = Array.from(d.inputs.tokens!.data.subarray(i * 12, i * 12 + 12));
      const motif = [2 + cls * 3, 3 + cls * 3, 4 + cls * 3].join(",");
      expect(seq.join(",")).toContain(motif);
    }
  });

  it("unknown generator → MFG4401 with a suggestion", async () => {
    const err = (await loadData({ train: syn("defect"), validation: null, test: null }, { specDir: ".", signature: { inputs: [], outputs: [] } }).catch((e: unknown) => e)) as DataError;
    expect(err).toBeInstanceOf(DataError);
    expect(err.code).toBe("MFG4401");
    expect(err.diagnostic.hints).toEqual(["did you mean `defects`?"]);
  });
});
