import { beforeAll, describe, expect, it } from "vitest";
import { host, tf, useWasmWithKernels } from "./harness.js";

beforeAll(useWasmWithKernels);

interface WasmBackend {
  refCount(dataId: object): number;
  numDataIds(): number;
}

describe("Identity on wasm", () => {
  it("shares the data under a reference count: a clone outlives its source and frees it last", () => {
    const backend = tf.backend() as unknown as WasmBackend;
    const before = backend.numDataIds();
    const x = tf.tensor(host([4, 5], 51).values, [4, 5]);
    const y = tf.clone(x);
    expect(y.dataId).toBe(x.dataId);
    expect(backend.refCount(x.dataId)).toBe(2);
    const values = Array.from(x.dataSync());
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual(values);
    expect(backend.numDataIds()).toBe(before + 1);
    y.dispose();
    expect(backend.numDataIds()).toBe(before);
  });

  it("a variable assigned a clone keeps its value when the clone's source is disposed", () => {
    const v = tf.variable(tf.zeros([3]));
    const x = tf.tensor1d([1, 2, 3]);
    const c = tf.clone(x);
    v.assign(c);
    tf.dispose([x, c]);
    expect(Array.from(v.dataSync())).toEqual([1, 2, 3]);
    v.dispose();
  });

  it("clones int32 and bool tensors, and string tensors through the backend's own kernel", () => {
    expect(Array.from(tf.clone(tf.tensor1d([7, -2], "int32")).dataSync())).toEqual([7, -2]);
    expect(Array.from(tf.clone(tf.tensor1d([1, 0], "bool")).dataSync())).toEqual([1, 0]);
    expect(tf.clone(tf.tensor1d(["a", "bc"])).arraySync()).toEqual(["a", "bc"]);
  });

  it("gradients through saved tensors are unchanged (the backward pass reads the shared data)", () => {
    const x = tf.tensor(host([2, 6, 6, 4], 52).values, [2, 6, 6, 4]) as tf.Tensor4D;
    const w = tf.tensor(host([3, 3, 4, 4], 53).values, [3, 3, 4, 4]) as tf.Tensor4D;
    // d/dw Σ relu(conv(x, w))² through tfjs's tape (which saves relu's output by cloning it) …
    const gw = tf.grad((b: tf.Tensor) => tf.sum(tf.square(tf.relu(tf.conv2d(x, b as tf.Tensor4D, 1, "same")))))(w);
    // … and by hand from freshly computed tensors: dy = 2·relu(conv(x, w)), dW = Conv2DBackpropFilter(x, dy).
    const dy = tf.mul(2, tf.relu(tf.conv2d(x, w, 1, "same")));
    const byHand = tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, { strides: 1, pad: "same", dataFormat: "NHWC", filterShape: [3, 3, 4, 4] }) as tf.Tensor;
    expect(Array.from(gw.dataSync())).toEqual(Array.from(byHand.dataSync()));
    tf.dispose([x, w, gw, dy, byHand]);
  });
});
