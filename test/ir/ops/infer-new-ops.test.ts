/**
 * Shapes, checks and Keras parameter counts of the activation layers, padding/cropping and the
 * augmentation ops. Parameter counts are Keras's: PReLU has one α per element of the input shape, with
 * shared axes counted once; the rest have no weights.
 */
import { describe, expect, test } from "vitest";
import { errorOf, input, op, resolveAttrs, shapeOf } from "./helpers.js";

describe("activation layers", () => {
  test("keep the shape and have no weights, except prelu", () => {
    for (const name of ["leaky_relu", "elu", "relu", "softmax"]) {
      expect(shapeOf(name, {}, [5, 7])).toEqual([5, 7]);
      expect(op(name).paramCount(resolveAttrs(name), [[5, 7]])).toEqual({ trainable: 0, nonTrainable: 0 });
    }
  });
  test("prelu: one α per element, shared axes once (Keras PReLU param_shape)", () => {
    expect(op("prelu").paramCount(resolveAttrs("prelu"), [[8, 8, 3]])).toEqual({ trainable: 192, nonTrainable: 0 });
    expect(op("prelu").paramCount(resolveAttrs("prelu", { shared_axes: [1, 2] }), [[8, 8, 3]])).toEqual({ trainable: 3, nonTrainable: 0 });
    expect(op("prelu").paramCount(resolveAttrs("prelu", { shared_axes: [-1] }), [[8, 8, 3]])).toEqual({ trainable: 64, nonTrainable: 0 });
  });
  test("prelu needs the non-shared dimensions, and axes in range", () => {
    expect(errorOf("prelu", {}, input([null, 4])).code).toBe("MFG3208");
    expect(shapeOf("prelu", { shared_axes: [1] }, [null, 4])).toEqual([null, 4]);
    expect(errorOf("prelu", { shared_axes: [0] }, input([3, 4])).code).toBe("MFG3230");
    expect(errorOf("prelu", { shared_axes: [3] }, input([3, 4])).code).toBe("MFG3206");
  });
  test("softmax axis follows Keras's rule", () => {
    expect(shapeOf("softmax", { axis: 1 }, [3, 4])).toEqual([3, 4]);
    expect(errorOf("softmax", { axis: 0 }, input([3, 4])).code).toBe("MFG3230");
  });
});

describe("padding and cropping", () => {
  test("1-D: start and end may differ", () => {
    expect(shapeOf("zero_padding1d", { padding: [[2, 0]] }, [10, 4])).toEqual([12, 4]);
    expect(shapeOf("cropping1d", { cropping: [[1, 2]] }, [10, 4])).toEqual([7, 4]);
    expect(shapeOf("cropping1d", {}, [null, 4])).toEqual([null, 4]);
  });
  test("2-D: ((top, bottom), (left, right))", () => {
    expect(shapeOf("cropping2d", { cropping: [[1, 2], [0, 3]] }, [10, 10, 3])).toEqual([7, 7, 3]);
    expect(shapeOf("zero_padding2d", { padding: [[1, 2], [0, 3]] }, [10, 10, 3])).toEqual([13, 13, 3]);
  });
  test("cropping everything away is MFG3234, the wrong rank suggests the other op", () => {
    const e = errorOf("cropping2d", { cropping: [[5, 5], [0, 0]] }, input([10, 10, 3]));
    expect(e.code).toBe("MFG3234");
    expect(e.message).toBe("`cropping2d` removes 10 of 10 along axis 1 of shape (10, 10, 3), leaving nothing");
    expect(errorOf("cropping1d", {}, input([10, 10, 3])).hints).toEqual(["add `reshape` or use `cropping2d`"]);
  });
});

describe("augmentation", () => {
  test.each(["random_flip", "random_translation", "random_rotation", "random_zoom", "random_contrast"])("%s keeps the image shape and has no weights", (name) => {
    const given: Record<string, Record<string, number>> = {
      random_translation: { height_factor: 0.1, width_factor: 0.1 },
      random_rotation: { factor: 0.1 },
      random_zoom: { height_factor: 0.1 },
      random_contrast: { factor: 0.1 },
    };
    expect(shapeOf(name, given[name] ?? {}, [28, 28, 1])).toEqual([28, 28, 1]);
    expect(op(name).paramCount(resolveAttrs(name, given[name] ?? {}), [[28, 28, 1]])).toEqual({ trainable: 0, nonTrainable: 0 });
    expect(errorOf(name, given[name] ?? {}, input([28, 28])).code).toBe("MFG3201");
  });
  test("random_contrast's value_range must be [low, high] with low < high (MFG3235)", () => {
    expect(errorOf("random_contrast", { factor: 0.1, value_range: [1, 0] }, input([8, 8, 1])).code).toBe("MFG3235");
    expect(errorOf("random_contrast", { factor: 0.1, value_range: 3 }, input([8, 8, 1])).code).toBe("MFG3235");
  });
});
