/** Shape inference for pooling and reshaping ops. */
import { describe, expect, test } from "vitest";
import { errorOf, input, run, shapeOf } from "./helpers.js";

describe("pooling", () => {
  test("window pools default to strides = pool, valid padding", () => {
    expect(shapeOf("maxpool2d", {}, [26, 26, 32])).toEqual([13, 13, 32]);
    expect(shapeOf("maxpool2d", { pool: 2 }, [11, 11, 64])).toEqual([5, 5, 64]);
    expect(shapeOf("avgpool2d", { pool: 3, strides: 2 }, [7, 7, 8])).toEqual([3, 3, 8]); // ceil((7-3+1)/2)
    expect(shapeOf("maxpool2d", { pool: 2, strides: 1 }, [26, 26, 32])).toEqual([25, 25, 32]);
  });
  test("same padding rounds up", () => {
    expect(shapeOf("maxpool2d", { pool: 2, padding: "same" }, [11, 11, 64])).toEqual([6, 6, 64]);
  });
  test("1-D pools over unknown steps", () => {
    expect(shapeOf("maxpool1d", { pool: 2 }, [null, 8])).toEqual([null, 8]);
    expect(shapeOf("avgpool1d", { pool: 4 }, [100, 8])).toEqual([25, 8]);
  });
  test("global pools", () => {
    expect(shapeOf("global_avgpool2d", {}, [7, 7, 64])).toEqual([64]);
    expect(shapeOf("global_maxpool2d", { keepdims: true }, [null, null, 64])).toEqual([1, 1, 64]);
    expect(shapeOf("global_avgpool1d", {}, [null, 32])).toEqual([32]);
    expect(shapeOf("global_maxpool1d", { keepdims: true }, [50, 32])).toEqual([1, 32]);
  });
  test("a window larger than the input", () => {
    const e = errorOf("maxpool2d", { pool: 2 }, input([1, 1, 64], "f32", "pool3"));
    expect(e.code).toBe("MFG3202");
    expect(e.message).toBe("`maxpool2d` needs an input at least 2×2 but gets 1×1 here");
    expect(e.notes[0]!.message).toBe("the input came from `pool3` here");
  });
  test("rank mismatch suggests the other pool", () => {
    const e = errorOf("maxpool2d", {}, input([10, 8]));
    expect(e.code).toBe("MFG3201");
    expect(e.hints).toEqual(["add `reshape` or use `maxpool1d`"]);
    expect(errorOf("global_avgpool1d", {}, input([7, 7, 3])).hints).toEqual(["add `reshape` or use `global_avgpool2d`"]);
  });
});

describe("flatten and reshape", () => {
  test("flatten", () => {
    expect(shapeOf("flatten", {}, [3, 3, 64])).toEqual([576]);
    expect(shapeOf("flatten", {}, [null, 8])).toEqual([null]);
  });
  test("flatten keeps the dtype", () => {
    expect(run("flatten", {}, [input([4, 5], "i32")]).result).toEqual({ shape: [20], dtype: "i32" });
  });
  test("reshape with and without -1", () => {
    expect(shapeOf("reshape", { target: [-1, 64] }, [576])).toEqual([9, 64]);
    expect(shapeOf("reshape", { target: [24, 24, 1] }, [576])).toEqual([24, 24, 1]);
    expect(shapeOf("reshape", { target: [-1, 8] }, [null, 8])).toEqual([null, 8]);
  });
  test("reshape element count mismatch", () => {
    const e = errorOf("reshape", { target: [10, 10] }, input([24, 24], "f32", "img"));
    expect(e.code).toBe("MFG3207");
    expect(e.message).toBe("`reshape` cannot turn shape (24, 24) (576 elements) into (10, 10): that holds 100 elements");
    expect(e.notes[0]!.message).toBe("the input came from `img` here");
  });
  test("reshape -1 that does not divide", () => {
    expect(errorOf("reshape", { target: [-1, 7] }, input([576])).message).toBe(
      "`reshape` cannot turn shape (576) (576 elements) into (-1, 7): 576 is not a multiple of 7",
    );
  });
  test("reshape target checks", () => {
    expect(errorOf("reshape", { target: [-1, -1] }, input([576])).code).toBe("MFG3102");
    const zero = errorOf("reshape", { target: [0, 576] }, input([576]));
    expect(zero.code).toBe("MFG3103");
    expect(zero.message).toBe("`reshape` target (0, 576) contains 0; entries must be positive sizes or -1");
  });
});

describe("permute, upsampling, padding", () => {
  test("permute is 1-based", () => {
    expect(shapeOf("permute", { dims: [2, 1] }, [10, 3])).toEqual([3, 10]);
    expect(shapeOf("permute", { dims: [3, 1, 2] }, [4, null, 6])).toEqual([6, 4, null]);
  });
  test("permute errors", () => {
    expect(errorOf("permute", { dims: [0, 1] }, input([10, 3])).code).toBe("MFG3104");
    expect(errorOf("permute", { dims: [1, 1] }, input([10, 3])).code).toBe("MFG3104");
    const e = errorOf("permute", { dims: [2, 1] }, input([4, 5, 6]));
    expect(e.code).toBe("MFG3212");
    expect(e.message).toBe("`permute` dims (2, 1) name 2 axes but the input has rank 3, shape (4, 5, 6)");
  });
  test("upsampling2d", () => {
    expect(shapeOf("upsampling2d", {}, [7, 7, 16])).toEqual([14, 14, 16]);
    expect(shapeOf("upsampling2d", { size: [2, 3] }, [7, null, 16])).toEqual([14, null, 16]);
  });
  test("zero_padding2d", () => {
    expect(shapeOf("zero_padding2d", {}, [7, 7, 16])).toEqual([9, 9, 16]);
    expect(shapeOf("zero_padding2d", { padding: [[2, 2], [0, 0]] }, [7, 7, 16])).toEqual([11, 7, 16]);
    // Keras ZeroPadding2D(((top, bottom), (left, right))): 7 + 1 + 2 rows, 7 + 0 + 3 columns.
    expect(shapeOf("zero_padding2d", { padding: [[1, 2], [0, 3]] }, [7, 7, 16])).toEqual([10, 10, 16]);
    expect(shapeOf("zero_padding2d", { padding: [[1, 1], [1, 1]] }, [null, 7, 16])).toEqual([null, 9, 16]);
  });
  test("upsampling2d needs an image", () => {
    const e = errorOf("upsampling2d", {}, input([49]));
    expect(e.code).toBe("MFG3201");
    expect(e.hints).toEqual(["add `reshape` before it"]);
  });
});
