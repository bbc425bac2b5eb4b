/** Per-sample FLOPs (multiply-add = 2) and the shape arithmetic helpers. */
import { describe, expect, test } from "vitest";
import type { AttrValue, Shape } from "../../../src/ir/types.js";
import { convOutputLength, deconvOutputLength, formatShape, numel, sampleAxis, tfjsAxis } from "../../../src/ir/ops/shape-utils.js";
import { layer, op, resolveAttrs, shapeOf } from "./helpers.js";

function flops(name: string, given: Record<string, AttrValue>, ...inputs: Shape[]): number {
  return op(name).flops(resolveAttrs(name, given), inputs, shapeOf(name, given, ...inputs));
}

describe("flops", () => {
  test("dense: 2·in·units + bias", () => {
    expect(flops("dense", { units: 10 }, [64])).toBe(1_290); // 2·64·10 + 10
    expect(flops("dense", { units: 10 }, [5, 64])).toBe(6_450); // 5 positions
  });
  test("conv2d: positions · (2·k·k·C·F + F)", () => {
    expect(flops("conv2d", { filters: 32, kernel: 3 }, [28, 28, 1])).toBe(411_008); // 26·26·(2·9·32 + 32) = 676·608
  });
  test("separable conv costs far less than conv2d", () => {
    const sep = flops("separable_conv2d", { filters: 64, kernel: 3, padding: "same" }, [16, 16, 32]);
    expect(sep).toBe(256 * (2 * 9 * 32 + 2 * 32 * 64 + 64)); // 16·16 positions
    expect(sep).toBeLessThan(flops("conv2d", { filters: 64, kernel: 3, padding: "same" }, [16, 16, 32]));
  });
  test("lstm: steps · 4 · (2·U·(F+U) + U); unknown steps count as 1", () => {
    expect(flops("lstm", { units: 64 }, [10, 14])).toBe(10 * 4 * (2 * 64 * 78 + 64));
    expect(flops("lstm", { units: 64 }, [null, 14])).toBe(4 * (2 * 64 * 78 + 64));
    expect(flops("bidirectional", { layer: layer("lstm", { units: 64 }) }, [10, 14])).toBe(2 * 10 * 4 * (2 * 64 * 78 + 64));
  });
  test("time_distributed multiplies by steps", () => {
    expect(flops("time_distributed", { layer: layer("dense", { units: 8 }) }, [10, 16])).toBe(10 * (2 * 16 * 8 + 8));
  });
  test("shape-only ops are free", () => {
    expect(flops("flatten", {}, [3, 3, 64])).toBe(0);
    expect(flops("dropout", { rate: 0.5 }, [64])).toBe(0);
    expect(flops("add", {}, [8], [8], [8])).toBe(16);
  });
});

describe("shape utils", () => {
  test("convOutputLength follows Keras", () => {
    expect(convOutputLength(28, 3, 1, "valid")).toBe(26);
    expect(convOutputLength(26, 2, 2, "valid")).toBe(13);
    expect(convOutputLength(11, 2, 2, "valid")).toBe(5);
    expect(convOutputLength(11, 2, 2, "same")).toBe(6);
    expect(convOutputLength(28, 3, 1, "valid", 2)).toBe(24);
    expect(convOutputLength(null, 3, 1, "valid")).toBeNull();
  });
  test("deconvOutputLength follows Keras", () => {
    expect(deconvOutputLength(7, 3, 2, "valid")).toBe(15);
    expect(deconvOutputLength(7, 3, 2, "same")).toBe(14);
    expect(deconvOutputLength(null, 3, 2, "same")).toBeNull();
  });
  test("numel, formatShape, sampleAxis", () => {
    expect(numel([3, 3, 64])).toBe(576);
    expect(numel([null, 3])).toBeNull();
    expect(formatShape([null, 28, 1])).toBe("(?, 28, 1)");
    expect(formatShape([576])).toBe("(576)");
    // Keras's rule on a rank-3 sample (batch is axis 0): 1..3 and -3..-1 map to sample indices 0..2.
    expect(sampleAxis(-1, 3)).toBe(2);
    expect(sampleAxis(3, 3)).toBe(2);
    expect(sampleAxis(1, 3)).toBe(0);
    expect(sampleAxis(-3, 3)).toBe(0);
    expect(sampleAxis(0, 3)).toBeUndefined();
    expect(sampleAxis(-4, 3)).toBeUndefined();
    expect(sampleAxis(4, 3)).toBeUndefined();
    // tfjs counts the batch too, never negative: concat(axis: -2) of (2, 2) samples is tfjs axis 1.
    expect(tfjsAxis(-2, 2)).toBe(1);
    expect(tfjsAxis(-1, 2)).toBe(2);
  });
});
