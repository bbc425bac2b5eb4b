import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { MfgSubtract } from "../../../src/runtime/layers/index.js";
import { maxAbsDiff, roundTrip } from "./helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("MfgSubtract", () => {
  it("computes a − b, has no weights, and round-trips through save/load", async () => {
    const a = tf.input({ shape: [3] });
    const b = tf.input({ shape: [3] });
    const out = new MfgSubtract({ name: "diff" }).apply([a, b]) as tf.SymbolicTensor;
    const model = tf.model({ inputs: [a, b], outputs: out });
    expect(model.countParams()).toBe(0);
    const xa = tf.tensor2d([[1, 2, 3]]);
    const xb = tf.tensor2d([[0.5, 5, -1]]);
    expect(Array.from((model.predict([xa, xb]) as tf.Tensor).dataSync())).toEqual([0.5, -3, 4]);
    const loaded = await roundTrip(model);
    expect(maxAbsDiff(loaded.predict([xa, xb]) as tf.Tensor, model.predict([xa, xb]) as tf.Tensor)).toBe(0);
  });

  it("passes gradients +1 to a and −1 to b", () => {
    const layer = new MfgSubtract();
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(layer.apply([x, y]) as tf.Tensor))([tf.ones([2]), tf.ones([2])]);
    expect([Array.from(ga!.dataSync()), Array.from(gb!.dataSync())]).toEqual([[1, 1], [-1, -1]]);
  });

  it("rejects anything but two inputs", () => {
    expect(() => new MfgSubtract().apply([tf.input({ shape: [2] }), tf.input({ shape: [2] }), tf.input({ shape: [2] })])).toThrow(/exactly two/);
  });

  it("combines masks as Keras 3's merge layers: or of the masks, none unless every input has one", () => {
    // keras/src/layers/merging/base_merge.py compute_mask: None if any mask is None, else logical_or.
    const masks = [tf.tensor2d([[1, 1, 0]], [1, 3], "bool"), tf.tensor2d([[1, 0, 0]], [1, 3], "bool")];
    const mask = new MfgSubtract().computeMask([tf.zeros([1, 3]), tf.zeros([1, 3])], masks);
    expect(Array.from(mask.dataSync())).toEqual([1, 1, 0]);
    expect(new MfgSubtract().computeMask([tf.zeros([1, 3]), tf.zeros([1, 3])], [masks[0]!, null as unknown as tf.Tensor])).toBeNull();
  });
});
