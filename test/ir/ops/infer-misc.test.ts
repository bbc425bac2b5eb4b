/** Shape inference for dense, normalization, embedding, attention, preprocessing and small ops. */
import { describe, expect, test } from "vitest";
import { errorOf, input, run, shapeOf } from "./helpers.js";

describe("dense", () => {
  test("acts on the last axis", () => {
    expect(shapeOf("dense", { units: 8 }, [576])).toEqual([8]);
    expect(shapeOf("dense", { units: 8 }, [null, 16])).toEqual([null, 8]);
  });
  test("scalar input", () => {
    const e = errorOf("dense", { units: 8 }, input([]));
    expect(e.code).toBe("MFG3201");
    expect(e.message).toBe("`dense` expects an input of rank 1 or more (..., features) but gets shape ()");
  });
  test("unknown feature size after flattening an unknown shape", () => {
    const e = errorOf("dense", { units: 8 }, input([null], "f32", "flat"));
    expect(e.code).toBe("MFG3208");
    expect(e.notes[0]!.message).toBe("the input came from `flat` here");
  });
  test("integer input suggests embedding or rescaling", () => {
    const e = errorOf("dense", { units: 8 }, input([4], "i32"));
    expect(e.code).toBe("MFG3203");
    expect(e.hints).toEqual(["cast integer ids with `embedding`, or scale them with `rescaling`"]);
  });
});

describe("normalization layers", () => {
  test("keep the shape", () => {
    expect(shapeOf("batchnorm", {}, [13, 13, 32])).toEqual([13, 13, 32]);
    expect(shapeOf("layernorm", {}, [null, 64])).toEqual([null, 64]);
    // Keras's axis rule: axis 1 is the first dimension of the sample (batch is axis 0).
    expect(shapeOf("batchnorm", { axis: 1 }, [5, null])).toEqual([5, null]);
  });
  test("axis out of range", () => {
    // Rank-3 sample (13, 13, 32): Keras axes 1..3 (or -3..-1) are valid; 4 is not.
    const e = errorOf("batchnorm", { axis: 4 }, input([13, 13, 32]));
    expect(e.code).toBe("MFG3206");
    expect(e.message).toBe("`batchnorm` axis 4 is out of range for shape (13, 13, 32) (valid axes are 1..3 or -3..-1; 0 is the batch)");
    expect(e.span).toEqual({ file: "t.mfgnet", start: 200, end: 204 });
    expect(errorOf("batchnorm", { axis: -4 }, input([13, 13, 32])).code).toBe("MFG3230");
  });
  test("the batch axis is refused", () => {
    const e = errorOf("batchnorm", { axis: 0 }, input([13, 13, 32]));
    expect(e.code).toBe("MFG3230");
    expect(e.message).toBe("`batchnorm` axis 0 is the batch axis; it must be one of the sample's axes (1..3 or -3..-1) for shape (13, 13, 32)");
  });
  test("the known-dim message names the axis as written", () => {
    expect(errorOf("layernorm", { axis: 2 }, input([10, null])).message).toContain("the size of axis 2");
  });
  test("the normalized axis must be known", () => {
    expect(errorOf("layernorm", {}, input([10, null])).code).toBe("MFG3208");
  });
});

describe("embedding and positional encoding", () => {
  test("embedding takes i32 ids and appends output_dim", () => {
    expect(run("embedding", { input_dim: 1000, output_dim: 64 }, [input([null], "i32")]).result).toEqual({ shape: [null, 64], dtype: "f32" });
  });
  test("embedding rejects f32", () => {
    const e = errorOf("embedding", { input_dim: 1000, output_dim: 64 }, input([20], "f32", "tokens"));
    expect(e.code).toBe("MFG3203");
    expect(e.message).toBe("`embedding` expects `i32` input but gets `f32`");
    expect(e.hints).toEqual(["declare the input as `i32` (token or category ids)"]);
  });
  test("positional encoding keeps the shape", () => {
    expect(shapeOf("positional_encoding", {}, [null, 64])).toEqual([null, 64]);
    expect(shapeOf("positional_encoding", { mode: "learned", max_length: 100 }, [100, 64])).toEqual([100, 64]);
  });
  test("learned encoding needs max_length", () => {
    const e = errorOf("positional_encoding", { mode: "learned" }, input([10, 64]));
    expect(e.code).toBe("MFG3105");
  });
  test("sequence longer than max_length", () => {
    const e = errorOf("positional_encoding", { mode: "learned", max_length: 50 }, input([100, 64]));
    expect(e.code).toBe("MFG3211");
    expect(e.message).toBe("`positional_encoding` has `max_length` 50 but the sequence has 100 steps");
    expect(e.hints).toEqual(["raise `max_length` to at least 100"]);
  });
});

describe("multi_head_attention", () => {
  test("self-attention keeps the query shape", () => {
    expect(shapeOf("multi_head_attention", { heads: 4, key_dim: 16 }, [null, 64])).toEqual([null, 64]);
  });
  test("cross-attention follows the query and output_dim", () => {
    expect(shapeOf("multi_head_attention", { heads: 4, key_dim: 16, output_dim: 32 }, [10, 64], [20, 48])).toEqual([10, 32]);
    expect(shapeOf("multi_head_attention", { heads: 2, key_dim: 8 }, [10, 16], [20, 48], [null, 48])).toEqual([10, 16]);
  });
  test("key and value lengths must agree", () => {
    const e = errorOf("multi_head_attention", { heads: 2, key_dim: 8 }, input([10, 16], "f32", "q"), input([20, 16], "f32", "v"), input([30, 16], "f32", "k"));
    expect(e.code).toBe("MFG3210");
    expect(e.message).toBe("`multi_head_attention` needs key and value with the same number of steps but gets key (30, 16) from `k` and value (20, 16) from `v`");
  });
  test("at most three inputs, rank 2 each", () => {
    expect(errorOf("multi_head_attention", { heads: 2, key_dim: 8 }, input([1, 2]), input([1, 2]), input([1, 2]), input([1, 2])).code).toBe("MFG3209");
    expect(errorOf("multi_head_attention", { heads: 2, key_dim: 8 }, input([64])).code).toBe("MFG3201");
  });
});

describe("preprocessing and small ops", () => {
  test("rescaling casts integers to f32", () => {
    expect(run("rescaling", { scale: 1 / 255 }, [input([28, 28, 1], "i32")]).result).toEqual({ shape: [28, 28, 1], dtype: "f32" });
    expect(errorOf("rescaling", { scale: 2 }, input([3], "bool")).code).toBe("MFG3203");
  });
  test("normalization keeps the shape, checks the axis", () => {
    expect(shapeOf("normalization", {}, [null, 14])).toEqual([null, 14]);
    // A rank-2 sample with its batch has 3 axes: -3 is the batch, -4 is beyond it.
    expect(errorOf("normalization", { axis: -4 }, input([10, 14])).code).toBe("MFG3206");
    expect(errorOf("normalization", { axis: -3 }, input([10, 14])).code).toBe("MFG3230");
  });
  test("masking needs a sequence", () => {
    expect(shapeOf("masking", {}, [null, 14])).toEqual([null, 14]);
    expect(errorOf("masking", {}, input([14])).code).toBe("MFG3201");
  });
  test("dropout and activation keep the shape", () => {
    expect(shapeOf("dropout", { rate: 0.5 }, [null, 64])).toEqual([null, 64]);
    expect(shapeOf("activation", { fn: "softmax" }, [10])).toEqual([10]);
  });
  test("single-input ops reject extra inputs", () => {
    expect(errorOf("dropout", { rate: 0.5 }, input([4]), input([4])).message).toBe("`dropout` takes 1 input but gets 2 here");
  });
});
