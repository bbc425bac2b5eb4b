/** Shape inference for convolutions: valid/same padding, strides, dilation, unknown dims, errors. */
import { describe, expect, test } from "vitest";
import { errorOf, input, run, shapeOf } from "./helpers.js";

describe("conv2d shapes", () => {
  test("tutorial CNN chain", () => {
    const shapes = [];
    let s = shapeOf("conv2d", { filters: 32, kernel: 3 }, [28, 28, 1]);
    shapes.push(s);
    s = shapeOf("maxpool2d", { pool: 2 }, s);
    shapes.push(s);
    s = shapeOf("conv2d", { filters: 64, kernel: 3 }, s);
    shapes.push(s);
    s = shapeOf("maxpool2d", { pool: 2 }, s);
    shapes.push(s);
    s = shapeOf("conv2d", { filters: 64, kernel: 3 }, s);
    shapes.push(s);
    s = shapeOf("flatten", {}, s);
    shapes.push(s);
    s = shapeOf("dense", { units: 64 }, s);
    shapes.push(s);
    shapes.push(shapeOf("dense", { units: 10 }, s));
    expect(shapes).toEqual([[26, 26, 32], [13, 13, 32], [11, 11, 64], [5, 5, 64], [3, 3, 64], [576], [64], [10]]);
  });

  test("same padding keeps the size, strides divide it rounding up", () => {
    expect(shapeOf("conv2d", { filters: 8, kernel: 3, padding: "same" }, [28, 28, 1])).toEqual([28, 28, 8]);
    expect(shapeOf("conv2d", { filters: 8, kernel: 3, padding: "same", strides: 2 }, [27, 28, 1])).toEqual([14, 14, 8]);
  });

  test("valid padding with strides: ceil((in - k + 1) / s)", () => {
    expect(shapeOf("conv2d", { filters: 8, kernel: 3, strides: 2 }, [28, 28, 1])).toEqual([13, 13, 8]); // 26 / 2
    expect(shapeOf("conv2d", { filters: 8, kernel: [3, 5], strides: [1, 2] }, [10, 10, 1])).toEqual([8, 3, 8]); // 8, ceil(6/2)
  });

  test("dilation widens the kernel to (k - 1)·d + 1", () => {
    expect(shapeOf("conv2d", { filters: 8, kernel: 3, dilation: 2 }, [28, 28, 1])).toEqual([24, 24, 8]); // 28 - 5 + 1
  });

  test("unknown spatial dims stay unknown", () => {
    expect(shapeOf("conv2d", { filters: 8, kernel: 3 }, [null, 28, 3])).toEqual([null, 26, 8]);
  });
});

describe("other convolutions", () => {
  test("conv1d over unknown steps", () => {
    expect(shapeOf("conv1d", { filters: 16, kernel: 5 }, [null, 8])).toEqual([null, 16]);
    expect(shapeOf("conv1d", { filters: 16, kernel: 5, strides: 2, padding: "same" }, [101, 8])).toEqual([51, 16]);
  });
  test("depthwise multiplies channels", () => {
    expect(shapeOf("depthwise_conv2d", { kernel: 3, depth_multiplier: 2 }, [16, 16, 32])).toEqual([14, 14, 64]);
  });
  test("separable gives filters channels", () => {
    expect(shapeOf("separable_conv2d", { filters: 64, kernel: 3, padding: "same" }, [16, 16, 32])).toEqual([16, 16, 64]);
  });
  test("conv2d_transpose: valid in·s + max(k − s, 0), same in·s", () => {
    expect(shapeOf("conv2d_transpose", { filters: 16, kernel: 3, strides: 2 }, [7, 7, 32])).toEqual([15, 15, 16]);
    expect(shapeOf("conv2d_transpose", { filters: 16, kernel: 3, strides: 2, padding: "same" }, [7, null, 32])).toEqual([14, null, 16]);
    expect(shapeOf("conv2d_transpose", { filters: 4, kernel: 2, strides: 3 }, [5, 5, 1])).toEqual([15, 15, 4]);
  });
  test("conv2d_transpose with output_padding: (in − 1)·s + k − 2·pad + op (Keras deconv_output_length)", () => {
    // same, k 3 (pad 1), s 2, op 1: 6·2 + 3 − 2 + 1 = 14; valid, k 3, s 2, op 1: 6·2 + 3 + 1 = 16.
    expect(shapeOf("conv2d_transpose", { filters: 2, kernel: 3, strides: 2, padding: "same", output_padding: [1, 0] }, [7, 7, 4])).toEqual([14, 13, 2]);
    expect(shapeOf("conv2d_transpose", { filters: 2, kernel: 3, strides: 2, output_padding: [1, 1] }, [7, null, 4])).toEqual([16, null, 2]);
    expect(errorOf("conv2d_transpose", { filters: 2, kernel: 3, strides: [2, 1], output_padding: [1, 1] }, input([7, 7, 4])).code).toBe("MFG3233");
  });
  test("conv1d causal keeps the length like same (ceil(in / strides)), dilation included", () => {
    expect(shapeOf("conv1d", { filters: 8, kernel: 3, padding: "causal", dilation: 4 }, [20, 2])).toEqual([20, 8]);
    expect(shapeOf("conv1d", { filters: 8, kernel: 3, padding: "causal", strides: 2 }, [21, 2])).toEqual([11, 8]);
    expect(shapeOf("conv1d", { filters: 8, kernel: 3, padding: "causal" }, [null, 2])).toEqual([null, 8]);
  });
  test("depthwise with dilation: valid shrinks by the dilated kernel, same keeps the size", () => {
    // Dilated 3-tap kernel with rate 2 spans 5: 16 − 5 + 1 = 12.
    expect(shapeOf("depthwise_conv2d", { kernel: 3, dilation: 2 }, [16, 16, 3])).toEqual([12, 12, 3]);
    expect(shapeOf("depthwise_conv2d", { kernel: 3, dilation: [2, 3], padding: "same", depth_multiplier: 2 }, [16, 15, 3])).toEqual([16, 15, 6]);
    expect(errorOf("depthwise_conv2d", { kernel: 3, dilation: 2, strides: 2 }, input([16, 16, 3])).code).toBe("MFG3101");
  });
});

describe("convolution errors", () => {
  test("input smaller than the kernel names both sizes and the producer", () => {
    const e = errorOf("conv2d", { filters: 64, kernel: 3 }, input([2, 2, 32], "f32", "pool2"));
    expect(e.code).toBe("MFG3202");
    expect(e.message).toBe("`conv2d` needs an input at least 3×3 but gets 2×2 here");
    expect(e.notes.map((n) => n.message)).toEqual(["the input came from `pool2` here"]);
    expect(e.notes[0]!.span).toEqual(input([1]).span);
  });
  test("dilated kernel size is what must fit", () => {
    expect(errorOf("conv1d", { filters: 4, kernel: 3, dilation: 4 }, input([8, 1])).message).toBe("`conv1d` needs an input at least 9 but gets 8 here");
  });
  test("same padding never reports a too-small input", () => {
    expect(shapeOf("conv2d", { filters: 4, kernel: 5, padding: "same" }, [2, 2, 1])).toEqual([2, 2, 4]);
  });
  test("rank mismatch suggests reshape or conv1d", () => {
    const e = errorOf("conv2d", { filters: 32, kernel: 3 }, input([576], "f32", "flat"));
    expect(e.code).toBe("MFG3201");
    expect(e.message).toBe("`conv2d` expects a rank-3 input (height, width, channels) but gets shape (576)");
    expect(e.hints).toEqual(["add `reshape` or use `conv1d`"]);
    expect(e.notes[0]!.message).toBe("the input came from `flat` here");
  });
  test("conv1d on an image suggests conv2d", () => {
    const e = errorOf("conv1d", { filters: 4, kernel: 3 }, input([28, 28, 1]));
    expect(e.message).toBe("`conv1d` expects a rank-2 input (steps, channels) but gets shape (28, 28, 1)");
    expect(e.hints).toEqual(["add `reshape` or use `conv2d`"]);
  });
  test("strides and dilation together are rejected by check", () => {
    const { errors } = run("conv2d", { filters: 4, kernel: 3, strides: 2, dilation: 2 }, [input([28, 28, 1])]);
    expect(errors.map((e) => e.code)).toEqual(["MFG3101"]);
    expect(errors[0]!.message).toContain("strides 2×2, dilation 2×2");
    expect(errors[0]!.span).toEqual({ file: "t.mfgnet", start: 200, end: 208 }); // the `dilation` value
  });
  test("unknown channels", () => {
    const e = errorOf("conv2d", { filters: 4, kernel: 3 }, input([28, 28, null]));
    expect(e.code).toBe("MFG3208");
    expect(e.message).toBe("`conv2d` needs the channel count (last dimension) to be known, but it is `?` in shape (28, 28, ?)");
  });
  test("integer input", () => {
    const e = errorOf("conv2d", { filters: 4, kernel: 3 }, input([28, 28, 1], "i32"));
    expect(e.code).toBe("MFG3203");
    expect(e.message).toBe("`conv2d` expects `f32` input but gets `i32`");
  });
});
