/** Shape inference for recurrent layers and wrappers, including unknown sequence lengths. */
import { describe, expect, test } from "vitest";
import { errorOf, input, layer, shapeOf } from "./helpers.js";

describe("simple_rnn, lstm, gru", () => {
  test("last output by default, every step with return_sequences", () => {
    expect(shapeOf("lstm", { units: 64 }, [null, 14])).toEqual([64]);
    expect(shapeOf("lstm", { units: 64, return_sequences: true }, [null, 14])).toEqual([null, 64]);
    expect(shapeOf("gru", { units: 32, return_sequences: true, go_backwards: true }, [50, 14])).toEqual([50, 32]);
    expect(shapeOf("simple_rnn", { units: 8 }, [50, 3])).toEqual([8]);
  });
  test("keras defaults are filled in", async () => {
    const { getOp } = await import("../../../src/ir/ops/registry.js");
    const gru = getOp("gru")!;
    const defaults = Object.fromEntries(gru.params.map((p) => [p.name, p.default]));
    expect(defaults).toMatchObject({ activation: "tanh", recurrent_activation: "sigmoid", reset_after: true, return_sequences: false, go_backwards: false });
  });
  test("rank errors", () => {
    const flat = errorOf("lstm", { units: 8 }, input([14], "f32", "feat"));
    expect(flat.code).toBe("MFG3201");
    expect(flat.message).toBe("`lstm` expects a rank-2 input (steps, features) but gets shape (14)");
    expect(flat.hints).toEqual(["add `reshape` to (steps, features)"]);
    expect(errorOf("gru", { units: 8 }, input([10, 28, 28])).hints).toEqual(["flatten each step first, e.g. `time_distributed(flatten)`"]);
  });
  test("unknown feature size", () => {
    expect(errorOf("lstm", { units: 8 }, input([10, null])).code).toBe("MFG3208");
  });
});

describe("bidirectional", () => {
  test("concat doubles features, other modes keep them", () => {
    expect(shapeOf("bidirectional", { layer: layer("lstm", { units: 64 }) }, [null, 14])).toEqual([128]);
    expect(shapeOf("bidirectional", { layer: layer("lstm", { units: 64, return_sequences: true }) }, [null, 14])).toEqual([null, 128]);
    expect(shapeOf("bidirectional", { layer: layer("gru", { units: 32 }), merge_mode: "ave" }, [20, 14])).toEqual([32]);
  });
  test("errors of the wrapped layer are reported at the layer argument", () => {
    const e = errorOf("bidirectional", { layer: layer("lstm", { units: 8 }) }, input([14], "f32", "feat"));
    expect(e.code).toBe("MFG3201");
    expect(e.message).toBe("`lstm` expects a rank-2 input (steps, features) but gets shape (14)");
    expect(e.span).toEqual({ file: "t.mfgnet", start: 200, end: 205 }); // span of `layer`
  });
});

describe("time_distributed", () => {
  test("applies the wrapped layer per step", () => {
    expect(shapeOf("time_distributed", { layer: layer("dense", { units: 8 }) }, [10, 16])).toEqual([10, 8]);
    expect(shapeOf("time_distributed", { layer: layer("conv2d", { filters: 8, kernel: 3 }) }, [null, 32, 32, 3])).toEqual([null, 30, 30, 8]);
    expect(shapeOf("time_distributed", { layer: layer("flatten") }, [5, 4, 4, 2])).toEqual([5, 32]);
  });
  test("needs a steps axis", () => {
    expect(errorOf("time_distributed", { layer: layer("dense", { units: 8 }) }, input([16])).code).toBe("MFG3201");
  });
  test("inner shape errors name the inner op", () => {
    const e = errorOf("time_distributed", { layer: layer("conv2d", { filters: 8, kernel: 3 }) }, input([10, 2, 2, 3], "f32", "frames"));
    expect(e.code).toBe("MFG3202");
    expect(e.message).toBe("`conv2d` needs an input at least 3×3 but gets 2×2 here");
    expect(e.notes[0]!.message).toBe("the input came from `frames` here");
  });
  test("the inner op's check runs too", () => {
    const e = errorOf("time_distributed", { layer: layer("conv2d", { filters: 8, kernel: 3, strides: 2, dilation: 2 }) }, input([10, 28, 28, 3]));
    expect(e.code).toBe("MFG3101");
  });
});
