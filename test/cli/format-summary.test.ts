import { describe, expect, test } from "vitest";
import { formatBytes, formatFlops, formatSummary } from "../../src/cli/format-summary.js";
import type { GraphSummary } from "../../src/ir/summary.js";

/** A one-layer summary: dense(units) on `inputs` features, FLOPs as the summary counts them (2 per multiply-add, 1 per bias add). */
function denseSummary(inputs: number, units: number): GraphSummary {
  const params = inputs * units + units;
  const flops = 2 * inputs * units + units;
  return {
    name: "M",
    rows: [
      { id: "x", op: "input", outputShape: [null, inputs], params: 0, trainable: 0, nonTrainable: 0, flops: 0, activationBytes: 4 * inputs, inputs: [] },
      { id: "y", op: "dense", outputShape: [null, units], params, trainable: params, nonTrainable: 0, flops, activationBytes: 4 * units, inputs: ["x"] },
    ],
    totalParams: params,
    trainableParams: params,
    nonTrainableParams: 0,
    flopsPerSample: flops,
    activationBytesPerSample: 4 * (inputs + units),
    paramBytes: 4 * params,
  };
}

describe("mfgc summary's numbers", () => {
  test("decimal FLOPs units, binary byte units (as Keras prints memory)", () => {
    expect(formatFlops(999)).toBe("999 FLOPs");
    expect(formatFlops(2_001_000)).toBe("2.00 MFLOPs");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1536)).toBe("1.50 KB");
  });

  test("a count under 1,000 FLOPs is printed once, a larger one with its scaled form", () => {
    // dense(2) on 4 features: 2·4·2 + 2 = 18; dense(1000) on 1000: 2·10⁶ + 1000 = 2,001,000.
    expect(formatSummary(denseSummary(4, 2), "m.mfgnet")).toContain("FLOPs per sample (forward): 18\n");
    expect(formatSummary(denseSummary(1000, 1000), "m.mfgnet")).toContain("FLOPs per sample (forward): 2,001,000 (2.00 MFLOPs)\n");
  });
});
