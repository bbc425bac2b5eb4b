/**
 * The tfjs 4.22 behaviours that src/runtime/layers/README.md tells the generator about: if tfjs
 * changes one of them, this fails and the README (and codegen) must be revisited.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { CUSTOM_LAYER_CLASSES, registerCustomLayers } from "../../../src/runtime/layers/index.js";
import { maxAbsDiff } from "./helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function config(layer: tf.layers.Layer, input: number[]): tf.serialization.ConfigDict {
  layer.apply(tf.input({ shape: input }));
  return layer.getConfig();
}

describe("tfjs defaults the generator must override or may rely on", () => {
  it("LayerNormalization: epsilon 1e-3 like Keras", () => {
    expect(config(tf.layers.layerNormalization(), [4])["epsilon"]).toBe(1e-3);
  });

  it("BatchNormalization: momentum 0.99, epsilon 1e-3 like Keras", () => {
    const c = config(tf.layers.batchNormalization(), [4]);
    expect([c["momentum"], c["epsilon"]]).toEqual([0.99, 1e-3]);
  });

  it("Dense/Conv/RNN kernels default to glorotNormal (Keras: glorot_uniform) — pass it explicitly", () => {
    // Serialized as VarianceScaling(fanAvg, normal) = glorot normal; Keras's glorot_uniform is uniform.
    const distribution = (c: tf.serialization.ConfigDict) => (c["kernelInitializer"] as { config: { distribution: string; mode: string } }).config;
    expect(distribution(config(tf.layers.dense({ units: 2 }), [3]))).toMatchObject({ mode: "fanAvg", distribution: "normal" });
    expect(distribution(config(tf.layers.conv2d({ filters: 2, kernelSize: 3 }), [5, 5, 1]))).toMatchObject({ mode: "fanAvg", distribution: "normal" });
  });

  it("LSTM gates default to hardSigmoid and no unit forget bias (Keras: sigmoid, true)", () => {
    const c = config(tf.layers.lstm({ units: 2 }), [3, 2]);
    expect(c["recurrentActivation"]).toBe("hardSigmoid");
    expect(c["unitForgetBias"]).toBeFalsy();
  });

  it("tfjs's GRU cannot do Keras's reset_after", () => {
    expect(() => tf.layers.gru({ units: 2, resetAfter: true } as Parameters<typeof tf.layers.gru>[0]).apply(tf.input({ shape: [3, 2] }))).toThrow();
  });

  it("LeakyReLU layer defaults to alpha 0.3 (Keras's leaky_relu activation uses 0.2)", () => {
    expect(config(tf.layers.leakyReLU(), [2])["alpha"]).toBe(0.3);
  });

  it("activation strings relu6, swish, gelu (exact erf form) work in layer configs", () => {
    const x = tf.tensor2d([[-2, -0.5, 0.5, 7]]);
    const apply = (activation: string) => tf.layers.activation({ activation: activation as "relu" }).apply(x) as tf.Tensor;
    expect(Array.from(apply("relu6").dataSync())).toEqual([0, 0, 0.5, 6]);
    const v = [-2, -0.5, 0.5, 7];
    expect(maxAbsDiff(apply("swish"), tf.tensor2d([v.map((a) => a / (1 + Math.exp(-a)))]))).toBeLessThan(1e-6);
    // Keras gelu(approximate=False): x·Φ(x); Φ(-2) = 0.0227501, Φ(-0.5) = 0.3085375, Φ(0.5) = 0.6914625, Φ(7) ≈ 1.
    const phi = [0.0227501, 0.3085375, 0.6914625, 1];
    expect(maxAbsDiff(apply("gelu"), tf.tensor2d([v.map((a, i) => a * phi[i]!)]))).toBeLessThan(1e-5);
    const dense = tf.layers.dense({ units: 1, activation: "relu6", inputShape: [1] });
    expect(dense.getConfig()["activation"]).toBe("relu6");
  });

  it("Rescaling exists and computes x · scale + offset, casting integers", () => {
    const y = tf.layers.rescaling({ scale: 1 / 255, offset: -1 }).apply(tf.tensor1d([0, 255, 51], "int32")) as tf.Tensor;
    expect(y.dtype).toBe("float32");
    expect(maxAbsDiff(y, tf.tensor1d([-1, 0, -0.8]))).toBeLessThan(1e-6);
  });
});

describe("registerCustomLayers", () => {
  it("registers every class under its Mfg name and is idempotent", () => {
    registerCustomLayers();
    registerCustomLayers();
    const map = tf.serialization.SerializationMap.getMap().classNameMap;
    for (const cls of CUSTOM_LAYER_CLASSES) {
      expect(cls.className.startsWith("Mfg")).toBe(true);
      expect(map[cls.className]?.[0]).toBe(cls);
    }
  });
});
