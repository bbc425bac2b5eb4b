import * as tf from "@tensorflow/tfjs";
import { prepareBackend } from "/work/main/src/runtime/backend/prepare.js";
await prepareBackend({ backend: "wasm", log: () => {} });
const B = 32;
for (const l of [{ name: "conv2", x: [B, 13, 13, 32], f: [3, 3, 32, 64] }, { name: "conv3", x: [B, 5, 5, 64], f: [3, 3, 64, 64] }]) {
  const x = tf.randomNormal(l.x) as tf.Tensor4D;
  const w0 = tf.randomNormal(l.f) as tf.Tensor4D;
  const dy0 = tf.randomNormal(tf.conv2d(x, w0, 1, "valid").shape);
  const run = () => { const dy = tf.add(dy0, 0); const w = tf.add(w0, 0); const r = tf.engine().runKernel("Conv2DBackpropInput", { dy, filter: w }, { strides: 1, pad: "valid", dataFormat: "NHWC", inputShape: l.x }) as tf.Tensor; r.dataSync(); r.dispose(); dy.dispose(); w.dispose(); };
  for (let i = 0; i < 5; i++) run();
  const t0 = performance.now();
  for (let i = 0; i < 40; i++) run();
  console.log(l.name, "dX (fresh dy, w)", ((performance.now() - t0) / 40).toFixed(2), "ms");
}
