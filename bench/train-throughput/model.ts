/**
 * The tutorial CNN of the throughput benchmark, built with tf.layers the way mfgc's code generator
 * emits it: a sequential chain with every initializer spelled out (glorotUniform kernels with a
 * per-layer seed, zero biases). 93,322 parameters.
 */
import type * as tfjs from "@tensorflow/tfjs";

export function buildTutorialCnn(tf: typeof tfjs, seed = 42): tfjs.Sequential {
  const kernel = (i: number): ReturnType<typeof tfjs.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: seed + i });
  const bias = (): ReturnType<typeof tfjs.initializers.zeros> => tf.initializers.zeros();
  const model = tf.sequential({ name: "FashionCnn" });
  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: "relu", kernelInitializer: kernel(1), biasInitializer: bias() }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: "relu", kernelInitializer: kernel(2), biasInitializer: bias() }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: "relu", kernelInitializer: kernel(3), biasInitializer: bias() }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 64, activation: "relu", kernelInitializer: kernel(4), biasInitializer: bias() }));
  model.add(tf.layers.dense({ units: 10, activation: "softmax", kernelInitializer: kernel(5), biasInitializer: bias() }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });
  return model;
}
