/** Shape inference for merges: element-wise ops and concat. */
import { describe, expect, test } from "vitest";
import { errorOf, input, run, shapeOf } from "./helpers.js";

describe("element-wise merges", () => {
  test("same shapes pass through; unknown dims take the known size", () => {
    expect(shapeOf("add", {}, [13, 13, 32], [13, 13, 32])).toEqual([13, 13, 32]);
    expect(shapeOf("add", {}, [null, 8], [10, 8], [null, 8])).toEqual([10, 8]);
    expect(shapeOf("multiply", {}, [64], [64])).toEqual([64]);
    expect(shapeOf("average", {}, [4], [4], [4])).toEqual([4]);
    expect(shapeOf("subtract", {}, [4], [4])).toEqual([4]);
  });
  test("a shape mismatch lists both shapes and both producers", () => {
    const e = errorOf("add", {}, input([13, 13, 32], "f32", "skip"), input([11, 11, 64], "f32", "conv3"));
    expect(e.code).toBe("MFG3204");
    expect(e.message).toBe("`add` needs inputs of the same shape but gets (13, 13, 32) from `skip` and (11, 11, 64) from `conv3`");
    expect(e.notes.map((n) => n.message)).toEqual([
      "the first input (13, 13, 32) came from `skip` here",
      "the other input (11, 11, 64) came from `conv3` here",
    ]);
  });
  test("subtract takes exactly two inputs", () => {
    const e = errorOf("subtract", {}, input([4]), input([4]), input([4]));
    expect(e.code).toBe("MFG3209");
    expect(e.message).toBe("`subtract` takes 2 inputs but gets 3 here");
  });
  test("add needs at least two inputs", () => {
    expect(errorOf("add", {}, input([4])).message).toBe("`add` takes at least 2 inputs but gets 1 here");
  });
  test("element-wise merges need f32", () => {
    expect(errorOf("add", {}, input([4]), input([4], "i32")).code).toBe("MFG3203");
  });
});

describe("concat", () => {
  test("joins along the last axis by default", () => {
    expect(shapeOf("concat", {}, [13, 13, 32], [13, 13, 16])).toEqual([13, 13, 48]);
    expect(shapeOf("concat", {}, [64], [10], [6])).toEqual([80]);
  });
  test("joins along another axis", () => {
    // Keras's axis rule: axis 1 is the first sample dimension; -2 is the same axis of a rank-2 sample.
    expect(shapeOf("concat", { axis: 1 }, [5, 8], [7, 8])).toEqual([12, 8]);
    expect(shapeOf("concat", { axis: -2 }, [5, 8], [7, 8])).toEqual([12, 8]);
    expect(shapeOf("concat", { axis: 1 }, [null, 8], [7, 8])).toEqual([null, 8]);
    expect(shapeOf("concat", { axis: 2 }, [5, 8], [5, 1])).toEqual([5, 9]);
  });
  test("mismatch off the axis", () => {
    const e = errorOf("concat", {}, input([13, 13, 32], "f32", "a"), input([11, 11, 64], "f32", "b"));
    expect(e.code).toBe("MFG3205");
    expect(e.message).toBe("`concat` inputs must match on every axis except axis -1 but gets (13, 13, 32) from `a` and (11, 11, 64) from `b`");
  });
  test("rank mismatch suggests flattening", () => {
    const e = errorOf("concat", {}, input([3, 3, 64]), input([10]));
    expect(e.code).toBe("MFG3205");
    expect(e.hints).toEqual(["flatten or reshape the inputs to the same rank first"]);
  });
  test("axis out of range", () => {
    const e = errorOf("concat", { axis: 3 }, input([4, 4]), input([4, 4]));
    expect(e.code).toBe("MFG3206");
    expect(e.message).toBe("`concat` axis 3 is out of range for shape (4, 4) (valid axes are 1..2 or -2..-1; 0 is the batch)");
    expect(errorOf("concat", { axis: 0 }, input([4, 4]), input([4, 4])).code).toBe("MFG3230");
  });
  test("dtypes must agree (any one dtype is fine)", () => {
    expect(run("concat", {}, [input([4], "i32"), input([2], "i32")]).result).toEqual({ shape: [6], dtype: "i32" });
    expect(errorOf("concat", {}, input([4]), input([2], "i32")).code).toBe("MFG3203");
  });
});
