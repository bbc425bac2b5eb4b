/**
 * Entry point of a replica worker thread (data-parallel training, see replica-pool.ts). It imports the
 * generated training module for its `buildModel`, prepares its own tfjs backend (wasm with mfgc's
 * kernels, or cpu), builds the model, says it is ready, then serves steps through shared memory until
 * the coordinator terminates it: copy the coordinator's weights in, compute loss and gradients of its
 * shard exactly as a single-thread step does, write them back, signal.
 *
 * Any error escapes and ends the thread; the coordinator sees the `error`/`exit` event and ends the run
 * (MFG4920). No top-level await: the runtime is also compiled to CommonJS.
 */
import { pathToFileURL } from "node:url";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import { prepareBackend } from "../../backend/prepare.js";
import type { TensorBatch } from "../../data/types.js";
import { flatWeights, shardGradients } from "./replica-model.js";
import { Slot, shardView, sampleSize, type ReplicaInit, type ReplicaMessage, type ShardArray } from "./protocol.js";
import type { ReplicaWorkerData } from "./replica-pool.js";
import { replicaFault } from "./test-fault.js";

interface TrainModule {
  readonly buildModel?: () => tf.LayersModel;
  readonly default?: { readonly buildModel?: () => tf.LayersModel };
}

async function main(init: ReplicaInit): Promise<void> {
  const url = init.trainModule.startsWith("file:") ? init.trainModule : pathToFileURL(init.trainModule).href;
  const mod = (await import(url)) as TrainModule;
  // A CommonJS module's exports arrive as named exports when Node's lexer finds them, else on `default`.
  const buildModel = mod.buildModel ?? mod.default?.buildModel;
  if (buildModel === undefined) throw new Error(`the training module ${init.trainModule} exports no \`buildModel\` (regenerate it with \`mfgc build\`)`);
  await prepareBackend({ backend: init.backend, log: () => {} });
  const model = quietly(buildModel);
  const sig = init.sig;
  const weights = flatWeights(model);
  const b = init.buffers;
  const control = new Int32Array(b.control);
  const shared = new Float32Array(b.weights);
  const mask = new Int32Array(b.mask);
  const result = new Float32Array(b.result);
  const losses = new Float64Array(b.losses);
  const fault = replicaFault(init.replica);
  parentPort!.postMessage({ kind: "ready" } satisfies ReplicaMessage);

  for (let request = 0, steps = 0; ; ) {
    Atomics.wait(control, Slot.Request, request);
    request = Atomics.load(control, Slot.Request);
    steps++;
    fault?.(steps);
    const n = Atomics.load(control, Slot.ShardSize);
    if (n > 0) {
      tf.tidy(() => {
        weights.variables.forEach((v, i) => v.assign(tf.tensor(shared.subarray(weights.offsets[i]!, weights.offsets[i]! + v.size), v.shape, "float32")));
      });
      const shard = shardBatch(b.inputs, b.targets, b.sampleWeights, n);
      const differentiated = weights.variables.flatMap((v, i) => (mask[i] === 1 ? [i] : []));
      const g = shardGradients(model, differentiated.map((i) => weights.variables[i]!), sig, init.config, shard, Atomics.load(control, Slot.Seed), init.replica);
      differentiated.forEach((i, j) => result.set(g.grads[j]!.dataSync(), weights.offsets[i]!));
      for (const i of weights.state) result.set(weights.variables[i]!.dataSync(), weights.offsets[i]!);
      losses[0] = g.total.dataSync()[0]!;
      g.perOutput.forEach((l, k) => (losses[k + 1] = l.dataSync()[0]!));
      g.predictions.forEach((p, k) => new Float32Array(b.predictions[k]!.buffer).set(p.dataSync()));
      tf.dispose([g.total, ...g.perOutput, ...g.predictions, ...g.grads]);
      tf.dispose([...Object.values(shard.xs), ...Object.values(shard.ys), ...(shard.weights === undefined ? [] : [shard.weights])]);
    }
    Atomics.store(control, Slot.Done, request);
    Atomics.notify(control, Slot.Done);
  }
}

/**
 * Runs `f` with `console.warn` silenced: tfjs's warnings while building the model (e.g. about large
 * orthogonal initializers) were already printed once by the coordinator, which builds the same model.
 */
function quietly<T>(f: () => T): T {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return f();
  } finally {
    console.warn = warn;
  }
}

/** The shard's tensors, read from the coordinator's shared buffers (`n` samples each). */
function shardBatch(inputs: readonly ShardArray[], targets: readonly ShardArray[], sampleWeights: ShardArray | null, n: number): TensorBatch {
  const tensor = (a: ShardArray) => tf.tensor(shardView(a).slice(0, n * sampleSize(a.sampleShape)), [n, ...a.sampleShape], a.dtype);
  const xs = Object.fromEntries(inputs.map((a) => [a.name, tensor(a)]));
  const ys = Object.fromEntries(targets.map((a) => [a.name, tensor(a)]));
  return { size: n, xs, ys, ...(sampleWeights === null ? {} : { weights: tensor(sampleWeights) as tf.Tensor1D }) };
}

if (!isMainThread && parentPort !== null) {
  void main((workerData as ReplicaWorkerData).init).catch((e: unknown) => {
    // Rethrown outside the promise chain so the coordinator's `error` event carries the message.
    setImmediate(() => {
      throw e;
    });
  });
}
