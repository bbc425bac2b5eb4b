/**
 * Parameter counts must equal Keras's. Each expected number is worked out by hand from Keras's weight
 * shapes (arithmetic in the comments), never copied from our own output.
 */
import { describe, expect, test } from "vitest";
import { layer, params } from "./helpers.js";

describe("tutorial CNN (Keras tutorial: 93,322 parameters)", () => {
  test("each layer and the total", () => {
    const counts = [
      params("conv2d", { filters: 32, kernel: 3 }, [28, 28, 1]).total, // 3·3·1·32 + 32 = 320
      params("maxpool2d", {}, [26, 26, 32]).total, // 0
      params("conv2d", { filters: 64, kernel: 3 }, [13, 13, 32]).total, // 3·3·32·64 + 64 = 18,496
      params("maxpool2d", {}, [11, 11, 64]).total, // 0
      params("conv2d", { filters: 64, kernel: 3 }, [5, 5, 64]).total, // 3·3·64·64 + 64 = 36,928
      params("flatten", {}, [3, 3, 64]).total, // 0
      params("dense", { units: 64 }, [576]).total, // 576·64 + 64 = 36,928
      params("dense", { units: 10 }, [64]).total, // 64·10 + 10 = 650
    ];
    expect(counts).toEqual([320, 0, 18_496, 0, 36_928, 0, 36_928, 650]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(93_322);
  });
});

describe("core and convolution", () => {
  test("dense without bias", () => {
    expect(params("dense", { units: 10, use_bias: false }, [64]).total).toBe(640); // 64·10
  });
  test("dense on a sequence counts weights once", () => {
    expect(params("dense", { units: 8 }, [null, 16]).total).toBe(136); // 16·8 + 8
  });
  test("conv1d", () => {
    expect(params("conv1d", { filters: 16, kernel: 5 }, [100, 8]).total).toBe(656); // 5·8·16 + 16
  });
  test("conv2d with a rectangular kernel", () => {
    expect(params("conv2d", { filters: 4, kernel: [1, 3] }, [10, 10, 2]).total).toBe(28); // 1·3·2·4 + 4
  });
  test("depthwise_conv2d", () => {
    expect(params("depthwise_conv2d", { kernel: 3 }, [16, 16, 32]).total).toBe(320); // 3·3·32·1 + 32
    expect(params("depthwise_conv2d", { kernel: 3, depth_multiplier: 2 }, [16, 16, 32]).total).toBe(640); // 3·3·32·2 + 64
  });
  test("separable_conv2d", () => {
    // depthwise 3·3·32 = 288, pointwise 32·64 = 2,048, bias 64 → 2,400
    expect(params("separable_conv2d", { filters: 64, kernel: 3 }, [16, 16, 32]).total).toBe(2_400);
    // depth_multiplier 2: 3·3·32·2 = 576, pointwise 64·64 = 4,096, bias 64 → 4,736
    expect(params("separable_conv2d", { filters: 64, kernel: 3, depth_multiplier: 2 }, [16, 16, 32]).total).toBe(4_736);
  });
  test("conv2d_transpose", () => {
    expect(params("conv2d_transpose", { filters: 16, kernel: 3, strides: 2 }, [7, 7, 32]).total).toBe(4_624); // 3·3·16·32 + 16
  });
});

describe("normalization and preprocessing", () => {
  test("batchnorm on 32 channels: 128 total, 64 non-trainable", () => {
    // gamma 32 + beta 32 trainable; moving mean 32 + moving variance 32 non-trainable
    expect(params("batchnorm", {}, [13, 13, 32])).toEqual({ trainable: 64, nonTrainable: 64, total: 128 });
  });
  test("batchnorm without scale", () => {
    expect(params("batchnorm", { scale: false }, [32])).toEqual({ trainable: 32, nonTrainable: 64, total: 96 });
  });
  test("layernorm on 64 features", () => {
    expect(params("layernorm", {}, [10, 64]).total).toBe(128); // gamma 64 + beta 64
  });
  test("normalization keeps mean, variance and count", () => {
    expect(params("normalization", {}, [50, 14])).toEqual({ trainable: 0, nonTrainable: 29, total: 29 }); // 2·14 + 1
  });
  test("rescaling, dropout and reshaping ops have no weights", () => {
    expect(params("rescaling", { scale: 1 / 255 }, [28, 28, 1]).total).toBe(0);
    expect(params("dropout", { rate: 0.5 }, [64]).total).toBe(0);
    expect(params("reshape", { target: [8, 8] }, [64]).total).toBe(0);
    expect(params("global_avgpool2d", {}, [7, 7, 64]).total).toBe(0);
    expect(params("concat", {}, [4], [6]).total).toBe(0);
  });
});

describe("recurrent", () => {
  test("lstm(64) on 14 features = 20,224", () => {
    expect(params("lstm", { units: 64 }, [null, 14]).total).toBe(20_224); // 4·(64·(14+64) + 64) = 4·5,056
  });
  test("gru(32) on 14 features: 4,608 with reset_after, 4,512 without", () => {
    expect(params("gru", { units: 32 }, [50, 14]).total).toBe(4_608); // 3·32·(14+32) = 4,416 + 2·3·32 = 192
    expect(params("gru", { units: 32, reset_after: false }, [50, 14]).total).toBe(4_512); // 4,416 + 3·32 = 96
  });
  test("simple_rnn(32) on 14 features", () => {
    expect(params("simple_rnn", { units: 32 }, [50, 14]).total).toBe(1_504); // 32·(14+32) + 32
  });
  test("lstm without bias", () => {
    expect(params("lstm", { units: 8, use_bias: false }, [5, 4]).total).toBe(384); // 4·8·(4+8)
  });
  test("bidirectional doubles the wrapped layer", () => {
    expect(params("bidirectional", { layer: layer("lstm", { units: 64 }) }, [null, 14]).total).toBe(40_448); // 2·20,224
    expect(params("bidirectional", { layer: layer("gru", { units: 32 }), merge_mode: "sum" }, [50, 14]).total).toBe(9_216); // 2·4,608
  });
});

describe("embedding and attention", () => {
  test("embedding", () => {
    expect(params("embedding", { input_dim: 1000, output_dim: 64 }, [20]).total).toBe(64_000); // 1000·64
  });
  test("positional_encoding: learned = max_length × d, sinusoidal = 0", () => {
    expect(params("positional_encoding", { mode: "learned", max_length: 128 }, [100, 64]).total).toBe(8_192); // 128·64
    expect(params("positional_encoding", { mode: "sinusoidal", max_length: 128 }, [100, 64]).total).toBe(0);
  });
  test("multi_head_attention 4 heads, key_dim 16, width 64 = 16,640", () => {
    // q, k, v: 64·(4·16) + 4·16 = 4,160 each; output: (4·16)·64 + 64 = 4,160 → 4·4,160
    expect(params("multi_head_attention", { heads: 4, key_dim: 16 }, [10, 64]).total).toBe(16_640);
  });
  test("multi_head_attention cross-attention with value_dim and output_dim", () => {
    // query 64 wide, value/key 48 wide, 4 heads, key_dim 16, value_dim 32, output_dim 32:
    // q 64·64 + 64 = 4,160; k 48·64 + 64 = 3,136; v 48·128 + 128 = 6,272; out 128·32 + 32 = 4,128 → 17,696
    const given = { heads: 4, key_dim: 16, value_dim: 32, output_dim: 32 };
    expect(params("multi_head_attention", given, [10, 64], [20, 48]).total).toBe(17_696);
  });
  test("multi_head_attention without bias", () => {
    expect(params("multi_head_attention", { heads: 2, key_dim: 8, use_bias: false }, [10, 16]).total).toBe(1_024); // 4·(16·16)
  });
});

describe("time_distributed", () => {
  test("dense at every step", () => {
    expect(params("time_distributed", { layer: layer("dense", { units: 8 }) }, [10, 16]).total).toBe(136); // 16·8 + 8
  });
  test("conv2d at every frame", () => {
    expect(params("time_distributed", { layer: layer("conv2d", { filters: 8, kernel: 3 }) }, [5, 32, 32, 3]).total).toBe(224); // 3·3·3·8 + 8
  });
});
