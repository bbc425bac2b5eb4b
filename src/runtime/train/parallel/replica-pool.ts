/**
 * Data-parallel training over worker threads (Keras's MirroredStrategy on one machine's cores). The
 * coordinating thread is replica 0 and keeps the only model that evaluation, checkpoints, early stopping
 * and export see; N−1 workers hold copies. Each step:
 *
 * 1. the coordinator publishes its weights in shared memory and splits the global batch into N
 *    contiguous shards (sizes differ by at most one), writing each worker's shard into its buffers;
 * 2. every replica computes its shard's loss and gradients with the single-thread loss code
 *    (step.ts), dropout seeded from (step seed, replica);
 * 3. the coordinator averages the gradients weighted by shard size — Keras's losses are
 *    `sum_over_batch_size` means, so Σₖ (nₖ/n)·gₖ is the gradient of the full batch's loss, and the
 *    regularization every shard adds averages to itself — clips them and applies one optimizer update.
 *
 * State a forward pass updates (BatchNormalization's moving mean and variance) is averaged the same way.
 * Batch statistics are per shard, as in MirroredStrategy without SyncBatchNormalization, so a model with
 * BatchNormalization trains slightly differently from one thread (smaller batches per statistic).
 *
 * Reads are synchronous (`dataSync`): this path runs only on the wasm and cpu backends (see
 * worker-count.ts), where a read is a copy, not a device stall.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import type { TrainConfig } from "../../config.js";
import type { ModelSignature, TensorBatch } from "../../data/types.js";
import { packageRoot } from "../../../package-root.js";
import { modulePath } from "../../spec-location.js";
import type { TrainOptimizer } from "../optimizers.js";
import { applyGradients, keepTargets, type StepTensors } from "../step.js";
import { flatWeights, shardGradients, type FlatWeights } from "./replica-model.js";
import { CONTROL_SLOTS, createShardArray, sampleSize, shardSizes, shardView, Slot, type ReplicaBuffers, type ReplicaInit, type ReplicaMessage, type ShardArray } from "./protocol.js";

/** A worker that failed: which one, and what it said. */
export class ReplicaFailure extends Error {
  override readonly name = "ReplicaFailure";
  constructor(
    /** 1 … N−1 */
    readonly replica: number,
    readonly replicas: number,
    /** The worker's error message, or how it exited. */
    readonly reason: string,
    /** Whether it failed while starting (importing the model, preparing its backend), before any step. */
    readonly starting: boolean,
  ) {
    super(`worker ${replica} of ${replicas - 1} ${starting ? "could not start" : "failed"}: ${reason}`);
  }
}

declare const __MFGC_REPLICA_WORKER__: string | undefined;

/**
 * What a worker thread runs first (CommonJS, as `eval` workers are): tsx's hooks when TypeScript is to be
 * loaded — Node 20 does not carry a process's module hooks into workers, nor honour `--import` for a
 * worker's entry — then the replica entry itself. Both of tsx's: its import hooks, and its require hooks
 * for a CommonJS project (`"type": "commonjs"`, what `npm init` writes), whose training module the import
 * hands to Node's CommonJS loader; without them the module failed to load ("Cannot require() ES Module
 * … in a cycle"). Fixed text; nothing of the run is pasted into it.
 */
const BOOTSTRAP = `const { workerData } = require("node:worker_threads");
(async () => {
  if (workerData.tsx !== null) {
    (await import(workerData.tsx.esm)).register();
    require(workerData.tsx.cjs).register();
  }
  await import(workerData.entry);
})().catch((e) => setImmediate(() => { throw e; }));`;

/** Where tsx's two APIs are, for the bootstrap. */
export interface TsxApis {
  /** File URL of the ES-module API (`tsx/esm/api`, its `.mjs` build: `register()` needs it). */
  readonly esm: string;
  /** Path of the CommonJS API (`tsx/cjs/api`, resolved for `require`). */
  readonly cjs: string;
}

/** `workerData` of a worker thread: the bootstrap's part, and the replica's. */
export interface ReplicaWorkerData {
  /** File URL of the replica entry (replica-worker.ts or its bundle). */
  readonly entry: string;
  /** tsx's APIs, when TypeScript is loaded; else null. */
  readonly tsx: TsxApis | null;
  readonly init: ReplicaInit;
}

/**
 * The worker entry. The published bundles (scripts/build.mjs defines `__MFGC_REPLICA_WORKER__`) run
 * `dist/runtime/replica-worker.js`; from source (tests, `npm run mfgc`) the TypeScript entry.
 */
function workerEntry(): string {
  const file = typeof __MFGC_REPLICA_WORKER__ === "string" ? path.join(packageRoot(), __MFGC_REPLICA_WORKER__) : path.join(packageRoot(), "src", "runtime", "train", "parallel", "replica-worker.ts");
  return pathToFileURL(file).href;
}

/**
 * tsx's APIs for the worker, when the entry or the training module is TypeScript or this process runs
 * under tsx (whose modules may import `.ts` files): resolved from the training module's folder first (the
 * user's project), then from mfgc's. `tsx/esm/api` resolves for `require` to its CommonJS build; the
 * ES-module build (which `register()` needs) sits beside it.
 * @throws Error when TypeScript is involved and tsx cannot be found
 */
function tsxApi(entry: string, trainModule: string): TsxApis | null {
  const ts = /\.[cm]?ts$/;
  if (!ts.test(entry) && !ts.test(trainModule) && !process.execArgv.some((a) => a.includes("tsx"))) return null;
  const from = [modulePath(trainModule), path.join(packageRoot(), "package.json")];
  for (const f of from) {
    try {
      const require = createRequire(f);
      return { esm: pathToFileURL(require.resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href, cjs: require.resolve("tsx/cjs/api") };
    } catch {
      // try the next place
    }
  }
  throw new Error(`the training module ${trainModule} is TypeScript, and worker threads need \`tsx\` to import it, which is not installed`);
}

interface Replica {
  readonly worker: Worker;
  readonly buffers: ReplicaBuffers;
  readonly control: Int32Array;
  readonly inputs: (Float32Array | Int32Array)[];
  readonly targets: (Float32Array | Int32Array)[];
  readonly sampleWeights: Float32Array | null;
  readonly result: Float32Array;
  readonly losses: Float64Array;
  readonly predictions: Float32Array[];
}

/** Options of {@link ReplicaPool.start}. */
export interface ReplicaPoolOptions {
  /** N ≥ 2: the coordinating thread plus N−1 workers. */
  readonly replicas: number;
  /** URL or path of the generated training module (exports `buildModel`). */
  readonly trainModule: string;
  /** The tfjs backend the coordinator uses (`wasm` or `cpu`). */
  readonly backend: string;
  readonly config: TrainConfig;
  readonly sig: ModelSignature;
  /** The first batch: its tensors' shapes and dtypes size the shared buffers. */
  readonly sample: TensorBatch;
}

/** Per-replica counts for a run, so callers (and tests) can see that every replica worked. */
export interface ReplicaStats {
  readonly replicas: number;
  /** Steps each replica computed a non-empty shard for. */
  readonly steps: readonly number[];
  /** Samples each replica computed gradients of. */
  readonly samples: readonly number[];
}

export class ReplicaPool {
  private request = 0;
  private failure: ReplicaFailure | null = null;
  private readonly failed: Promise<never>;
  private readonly steps: number[];
  private readonly samples: number[];
  private readonly sharedWeights: Float32Array;
  private readonly mask: Int32Array;
  private readonly index = new Map<tf.Variable, number>();

  private constructor(
    private readonly replicas: Replica[],
    private readonly weights: FlatWeights,
    buffers: { readonly weights: SharedArrayBuffer; readonly mask: SharedArrayBuffer },
    private readonly model: tf.LayersModel,
  ) {
    this.sharedWeights = new Float32Array(buffers.weights);
    this.mask = new Int32Array(buffers.mask);
    weights.variables.forEach((v, i) => this.index.set(v, i));
    this.steps = new Array<number>(replicas.length + 1).fill(0);
    this.samples = new Array<number>(replicas.length + 1).fill(0);
    let fail: (e: ReplicaFailure) => void = () => {};
    this.failed = new Promise<never>((_, reject) => (fail = reject));
    this.failed.catch(() => {});
    replicas.forEach((r, k) => {
      const stop = (reason: string) => {
        if (this.failure !== null) return;
        this.failure = new ReplicaFailure(k + 1, replicas.length + 1, reason, false);
        fail(this.failure);
        // Wake the coordinator if it waits on this worker.
        Atomics.store(r.control, Slot.Done, -1);
        Atomics.notify(r.control, Slot.Done);
      };
      r.worker.on("error", (e: Error) => stop(e.message));
      r.worker.on("exit", (code) => stop(`its thread exited with code ${code}`));
    });
  }

  /**
   * Starts N−1 workers and waits until each has built its model.
   * @throws ReplicaFailure (`starting`) when a worker cannot import the module, prepare its backend or build the model
   */
  static async start(model: tf.LayersModel, opts: ReplicaPoolOptions): Promise<ReplicaPool> {
    const weights = flatWeights(model);
    const shared = { weights: new SharedArrayBuffer(4 * Math.max(1, weights.size)), mask: new SharedArrayBuffer(4 * Math.max(1, weights.variables.length)) };
    const maxShard = Math.ceil(opts.config.batchSize / opts.replicas);
    const shardArrays = (tensors: Readonly<Record<string, tf.Tensor>>) =>
      Object.entries(tensors).map(([name, t]) => createShardArray(name, t.dtype === "int32" ? "int32" : "float32", t.shape.slice(1), maxShard));
    const entry = workerEntry();
    let tsx: TsxApis | null;
    try {
      tsx = tsxApi(entry, opts.trainModule);
    } catch (e) {
      throw new ReplicaFailure(1, opts.replicas, (e as Error).message, true);
    }
    const replicas: Replica[] = [];
    const ready: Promise<void>[] = [];
    for (let k = 1; k < opts.replicas; k++) {
      const buffers: ReplicaBuffers = {
        control: new SharedArrayBuffer(4 * CONTROL_SLOTS),
        ...shared,
        inputs: shardArrays(opts.sample.xs),
        targets: shardArrays(opts.sample.ys),
        sampleWeights: opts.sample.weights === undefined ? null : createShardArray("", "float32", [], maxShard),
        result: new SharedArrayBuffer(4 * Math.max(1, weights.size)),
        losses: new SharedArrayBuffer(8 * (1 + opts.sig.outputs.length)),
        predictions: opts.sig.outputs.map((o) => createShardArray(o.name, "float32", predictionShape(o.shape, o.name), maxShard)),
      };
      const init: ReplicaInit = { replica: k, replicas: opts.replicas, trainModule: opts.trainModule, backend: opts.backend, config: opts.config, sig: opts.sig, buffers };
      const workerData: ReplicaWorkerData = { entry, tsx, init };
      const worker = new Worker(BOOTSTRAP, { eval: true, workerData });
      ready.push(
        new Promise<void>((resolve, reject) => {
          const failed = (reason: string) => reject(new ReplicaFailure(k, opts.replicas, reason, true));
          worker.once("message", (m: ReplicaMessage) => (m.kind === "ready" ? resolve() : failed("it sent an unexpected message")));
          worker.once("error", (e: Error) => failed(e.message));
          worker.once("exit", (code) => failed(`its thread exited with code ${code}`));
        }),
      );
      replicas.push({
        worker,
        buffers,
        control: new Int32Array(buffers.control),
        inputs: buffers.inputs.map(shardView),
        targets: buffers.targets.map(shardView),
        sampleWeights: buffers.sampleWeights === null ? null : new Float32Array(buffers.sampleWeights.buffer),
        result: new Float32Array(buffers.result),
        losses: new Float64Array(buffers.losses),
        predictions: buffers.predictions.map((p) => new Float32Array(p.buffer)),
      });
    }
    try {
      await Promise.all(ready);
    } catch (e) {
      await Promise.all(replicas.map((r) => r.worker.terminate()));
      throw e;
    }
    for (const r of replicas) r.worker.removeAllListeners();
    return new ReplicaPool(replicas, weights, shared, model);
  }

  /**
   * One data-parallel step over `batch`: gradients of `variables` (the optimizer's for this epoch, in
   * its order) averaged over the replicas, clipped, applied once at learning rate `lr`. Returns the
   * step's tensors as a single-thread step would (losses as shard-size-weighted means, predictions
   * concatenated in shard order, so in batch order).
   * @throws ReplicaFailure when a worker fails or exits during the step
   */
  async step(variables: readonly tf.Variable[], sig: ModelSignature, config: TrainConfig, batch: TensorBatch, optimizer: Pick<TrainOptimizer, "apply">, lr: number, seed: number): Promise<StepTensors> {
    if (this.failure !== null) throw this.failure;
    const n = batch.size;
    const sizes = shardSizes(n, this.replicas.length + 1);
    const starts = sizes.map((_, k) => sizes.slice(0, k).reduce((a, b) => a + b, 0));
    this.publish(variables);
    const request = ++this.request;
    const xs = readAll(batch.xs);
    const ys = readAll(batch.ys);
    const sampleWeights = batch.weights?.dataSync() as Float32Array | undefined;
    this.replicas.forEach((r, j) => {
      const k = j + 1;
      writeShard(xs, r.buffers.inputs, r.inputs, starts[k]!, sizes[k]!);
      writeShard(ys, r.buffers.targets, r.targets, starts[k]!, sizes[k]!);
      if (r.sampleWeights !== null && sampleWeights !== undefined) r.sampleWeights.set(sampleWeights.subarray(starts[k]!, starts[k]! + sizes[k]!));
      Atomics.store(r.control, Slot.ShardSize, sizes[k]!);
      Atomics.store(r.control, Slot.Seed, seed);
      Atomics.store(r.control, Slot.Request, request);
      Atomics.notify(r.control, Slot.Request);
    });

    // Replica 0: the first shard, on this thread, while the workers compute theirs.
    const own = sliceBatch(batch, sizes[0]!);
    const g = shardGradients(this.model, variables, sig, config, own, seed, 0);
    tf.dispose([...Object.values(own.xs), ...Object.values(own.ys), ...(own.weights === undefined ? [] : [own.weights])]);
    const ownGrads = g.grads.map((t) => t.dataSync() as Float32Array);
    const ownLosses = [g.total.dataSync()[0]!, ...g.perOutput.map((l) => l.dataSync()[0]!)];
    const ownState = this.weights.state.map((i) => this.weights.variables[i]!.dataSync() as Float32Array);
    const ownPredictions = g.predictions;
    tf.dispose([g.total, ...g.perOutput, ...g.grads]);

    try {
      await Promise.race([Promise.all(this.replicas.map((r) => waitDone(r.control, request))), this.failed]);
    } catch (e) {
      tf.dispose([...ownPredictions]);
      throw e;
    }
    if (this.failure !== null) {
      tf.dispose([...ownPredictions]);
      throw this.failure;
    }
    sizes.forEach((s, k) => {
      if (s > 0) {
        this.steps[k]!++;
        this.samples[k]! += s;
      }
    });

    // Σₖ nₖ·xₖ / n in float64, replica by replica in a fixed order (exact products, one rounding to
    // float32 at the end): the full batch's mean, the same bits whenever the step is repeated. One
    // pass per element with the sum in a register (this runs while every worker waits for the update).
    const others = this.replicas.flatMap((r, j) => (sizes[j + 1]! > 0 ? [{ result: r.result, nk: sizes[j + 1]! }] : []));
    const n0 = sizes[0]!;
    const average = (own: Float32Array, offset: number): Float32Array => {
      const out = new Float32Array(own.length);
      const only = others.length === 1 ? others[0]! : null;
      if (only !== null) {
        // Two replicas (the common case): the same arithmetic without the generic loop's per-element
        // property loads (this step's averaging of the tutorial CNN's 93k weights: 1.04 → 0.82 ms, serial
        // while the worker waits).
        const { result, nk } = only;
        for (let e = 0; e < own.length; e++) out[e] = (n0 * own[e]! + nk * result[offset + e]!) / n;
        return out;
      }
      for (let e = 0; e < own.length; e++) {
        let sum = n0 * own[e]!;
        for (let k = 0; k < others.length; k++) sum += others[k]!.nk * others[k]!.result[offset + e]!;
        out[e] = sum / n;
      }
      return out;
    };
    const grads = variables.map((v, i) => tf.tensor(average(ownGrads[i]!, this.weights.offsets[this.index.get(v)!]!), v.shape, "float32"));
    this.weights.state.forEach((i, j) => {
      const v = this.weights.variables[i]!;
      tf.tidy(() => v.assign(tf.tensor(average(ownState[j]!, this.weights.offsets[i]!), v.shape, "float32")));
    });
    applyGradients(grads, config, optimizer, lr);

    const meanLoss = (k: number) => {
      let sum = sizes[0]! * ownLosses[k]!;
      this.replicas.forEach((r, j) => (sum += sizes[j + 1]! > 0 ? sizes[j + 1]! * r.losses[k]! : 0));
      return sum / n;
    };
    const predictions = sig.outputs.map((o, k) =>
      tf.tidy(() =>
        tf.concat([
          ownPredictions[k]!,
          ...this.replicas.flatMap((r, j) => {
            const s = sizes[j + 1]!;
            const shape = ownPredictions[k]!.shape.slice(1);
            return s === 0 ? [] : [tf.tensor(r.predictions[k]!.slice(0, s * sampleSize(shape)), [s, ...shape], "float32")];
          }),
        ]),
      ),
    );
    tf.dispose([...ownPredictions]);
    return { total: tf.scalar(meanLoss(0)), perOutput: sig.outputs.map((_, k) => tf.scalar(meanLoss(k + 1))), predictions, targets: keepTargets(sig, batch) };
  }

  /** How much each replica did so far. */
  stats(): ReplicaStats {
    return { replicas: this.replicas.length + 1, steps: [...this.steps], samples: [...this.samples] };
  }

  /** Ends every worker (also after a failure); idempotent. */
  async close(): Promise<void> {
    await Promise.all(
      this.replicas.map((r) => {
        r.worker.removeAllListeners();
        return r.worker.terminate();
      }),
    );
  }

  /** The coordinator's weights and this step's differentiated variables, for the workers to copy. */
  private publish(variables: readonly tf.Variable[]): void {
    this.weights.variables.forEach((v, i) => this.sharedWeights.set(v.dataSync() as Float32Array, this.weights.offsets[i]!));
    this.mask.fill(0);
    for (const v of variables) {
      const i = this.index.get(v);
      if (i === undefined) throw new Error(`internal: variable \`${v.name}\` is not one of the model's weights`);
      this.mask[i] = 1;
    }
  }
}

/** An output's per-sample shape; data-parallel training needs it static (the shared buffers are sized once). */
function predictionShape(shape: readonly (number | null)[], name: string): number[] {
  const rest = shape.slice(1);
  if (rest.some((d) => d === null)) throw new Error(`internal: output \`${name}\` has a dynamic shape; data-parallel training needs static output shapes`);
  return rest as number[];
}

/** Each tensor's values, read once per step (wasm copies on every read). */
function readAll(tensors: Readonly<Record<string, tf.Tensor>>): Map<string, Float32Array | Int32Array> {
  return new Map(Object.entries(tensors).map(([name, t]) => [name, t.dataSync() as Float32Array | Int32Array]));
}

/** Copies samples [start, start + size) of each array into a worker's shard buffers. */
function writeShard(data: ReadonlyMap<string, Float32Array | Int32Array>, arrays: readonly ShardArray[], views: readonly (Float32Array | Int32Array)[], start: number, size: number): void {
  arrays.forEach((a, i) => {
    const per = sampleSize(a.sampleShape);
    views[i]!.set(data.get(a.name)!.subarray(start * per, (start + size) * per));
  });
}

/** The first `size` samples of `batch` as new tensors (the caller disposes them). */
function sliceBatch(batch: TensorBatch, size: number): TensorBatch {
  const take = (t: tf.Tensor) => tf.slice(t, 0, size);
  const map = (r: Readonly<Record<string, tf.Tensor>>) => Object.fromEntries(Object.entries(r).map(([k, t]) => [k, take(t)]));
  return { size, xs: map(batch.xs), ys: map(batch.ys), ...(batch.weights === undefined ? {} : { weights: take(batch.weights) as tf.Tensor1D }) };
}

/** `Atomics.waitAsync` (Node ≥ 16; in TypeScript's lib only from ES2024). */
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> } }).waitAsync;

/** Resolves when the worker has finished request `request` (or was marked failed: −1). */
async function waitDone(control: Int32Array, request: number): Promise<void> {
  for (;;) {
    const done = Atomics.load(control, Slot.Done);
    if (done === request || done === -1) return;
    const w = waitAsync(control, Slot.Done, done);
    if (w.async) await w.value;
  }
}
