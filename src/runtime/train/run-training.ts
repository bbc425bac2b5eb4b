/**
 * The training entry point generated `train.ts` files call. A custom loop rather than `model.fit`, so
 * that shuffling, dropout randomness, learning-rate schedules, clipping, AdamW, epoch-level metrics and
 * checkpoints are all under our control — which is what makes a resumed run (even after SIGKILL) end
 * with exactly the metrics of an uninterrupted one on the same backend.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { TrainConfig } from "../config.js";
import { dataError, type DataError } from "../data/data-error.js";
import { loadData } from "../data/load.js";
import type { Dataset, ModelSignature, TensorBatch } from "../data/types.js";
import { writeFileAtomic } from "../io/atomic.js";
import { saveModel } from "../io/fs-handler.js";
import { Prng, withSeededMathRandom } from "../prng.js";
import { adaptPreprocessing } from "./adapt.js";
import { selectBackend, type BackendChoice } from "./backend.js";
import { batchCount, disposeBatch, epochBatches } from "./batches.js";
import { checkpointsDir, listCheckpoints, pruneCheckpoints, readCheckpoint, writeCheckpoint } from "./checkpoint.js";
import { earlyStoppingUpdate, initialEarlyStoppingState } from "./early-stopping.js";
import { EpochAccumulator } from "./epoch-accumulator.js";
import { summarizeData } from "./data-summary.js";
import { describeModel } from "./model-graph.js";
import { ParamGroupOptimizer, paramGroups } from "./param-groups.js";
import { createProgress, formatLogs, type Progress } from "./progress.js";
import { finalLogs, outputReports, type TrainReport } from "./report.js";
import { writeRunInfo } from "./run-info.js";
import { initialScheduleState, learningRateAt, scheduleEpochEnd } from "./schedule.js";
import { checkMemoryBudget } from "./model-budget.js";
import { claimRunFolder, recordRun } from "./run-folder.js";
import { modelSignature } from "./signature.js";
import type { EpochRecord, TrainState } from "./state.js";
import { evalStep, lossWeights, regularizationTotal, trainStep, type StepTensors } from "./step.js";
import { applyTransfer } from "./transfer.js";
import { ReplicaFailure, ReplicaPool, type ReplicaStats } from "./parallel/replica-pool.js";
import { replicaCount } from "./parallel/worker-count.js";
import { checkpointWeights, setCheckpointWeights } from "./weight-order.js";

/** Options of {@link runTraining}; generated code passes the first five, the CLI the overrides. */
export interface RunTrainingOptions {
  /** Builds the model (tf.layers functional API; output layer names = the spec's output names). */
  readonly buildModel: () => tf.LayersModel;
  readonly config: TrainConfig;
  /** Directory of the spec file: relative data paths resolve against it. */
  readonly specDir: string;
  /** Hash of the spec; a checkpoint from another hash is never resumed. */
  readonly specHash: string;
  /** Where metrics.jsonl, report.json, checkpoints/ and model/ go. */
  readonly outDir: string;
  /** Continue from the newest complete checkpoint in `outDir` (starts fresh when there is none). */
  readonly resume?: boolean;
  /** Replace an earlier run in `outDir`; without this or `resume`, a folder holding a run is refused (run-folder.ts). */
  readonly overwrite?: boolean;
  /** The spec's path and the mfgc that generated the code, for `run.json` (generated code passes its `spec`). */
  readonly spec?: { readonly path: string; readonly mfgcVersion?: string };
  readonly epochs?: number;
  readonly batchSize?: number;
  /** Cap every split at this many samples. */
  readonly limit?: number;
  /** tfjs backend name (`cpu`, `wasm`, `tensorflow`, …); default chosen by the backend selector. */
  readonly backend?: string;
  /** Where progress lines go (default: stdout). Giving one turns the progress bar off. */
  readonly log?: (line: string) => void;
  readonly onEpochEnd?: (record: EpochRecord) => void;
  /** IDX/CSV payloads above this many bytes are streamed (default 512 MiB). */
  readonly streamThresholdBytes?: number;
  /** Force the progress display; default: a bar on a TTY without a `log` callback, lines otherwise. */
  readonly progress?: "bar" | "lines";
  /** Estimated training memory above which the run refuses to start, in GiB (default 4; see memory-budget.ts). */
  readonly memoryBudgetGiB?: number;
  /** Folders besides the spec's project that data may be read from (`--data-root`; see data/data-path.ts). */
  readonly dataRoots?: readonly string[];
  /**
   * Threads to train on (`--workers`): the batch of every step is split across this many replicas — this
   * thread plus worker threads — and their gradients averaged (see parallel/replica-pool.ts). Default:
   * the machine's cores on the wasm and cpu backends, else 1. 1 trains on this thread only.
   */
  readonly workers?: number;
  /**
   * URL (`import.meta.url`) or path (`__filename`) of the generated training module, which exports
   * `buildModel`: worker threads import it to build their copies of the model. Generated code passes
   * it; without it a run trains on one thread.
   */
  readonly trainModule?: string;
}

/** What a finished run returns. The model stays alive (the caller disposes it). */
export interface TrainResult {
  readonly model: tf.LayersModel;
  readonly history: readonly EpochRecord[];
  /** Metrics of the epoch whose weights the model ends with: the best when early stopping restored it, else the last. */
  readonly final: Readonly<Record<string, number>>;
  /** Test-set metrics (`test_loss`, `test_accuracy`, …) or null without a test set. */
  readonly test: Readonly<Record<string, number>> | null;
  readonly epochsRun: number;
  readonly stoppedEarly: boolean;
  readonly resumedFromEpoch: number | null;
  readonly backend: BackendChoice;
  /** What each data-parallel replica computed, or null when the run trained on one thread. */
  readonly replicas: ReplicaStats | null;
  readonly modelDir: string;
  readonly reportPath: string;
}

/**
 * Trains in `opts.outDir`, which this run claims first: a lock against concurrent runs, and a refusal
 * to replace an earlier run unless asked (see run-folder.ts).
 */
export async function runTraining(opts: RunTrainingOptions): Promise<TrainResult> {
  const claim = await claimRunFolder(opts.outDir, { resume: opts.resume === true, overwrite: opts.overwrite === true });
  try {
    return await trainInRunFolder(opts);
  } finally {
    await claim.release();
  }
}

async function trainInRunFolder(opts: RunTrainingOptions): Promise<TrainResult> {
  const started = Date.now();
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const config: TrainConfig = { ...opts.config, epochs: opts.epochs ?? opts.config.epochs, batchSize: opts.batchSize ?? opts.config.batchSize };
  const backend = await selectBackend(opts.backend, log);

  // Unseeded tfjs randomness (initializers without a seed, dropout masks) draws from this generator.
  const opRng = new Prng(`ops:${config.seed}`);
  const model = await withSeededMathRandom(opRng, () => opts.buildModel());
  // Transfer before anything reads the weights: a source that does not fit fails before data loads.
  const transfer = config.transfer === undefined ? null : await applyTransfer(model, config.transfer, opts.specDir, opts.dataRoots);
  if (transfer !== null) log(`transfer: ${transfer.plan.loaded.length} layers from ${transfer.summary.source}${transfer.plan.frozen.length > 0 ? `, frozen: ${transfer.plan.frozen.join(", ")}` : ""}`);
  const sig = modelSignature(model, config);
  const { workers, line: workersLine } = replicaCount(opts.workers, backend.tfjsBackend, opts.trainModule, sig, model.layers.map((l) => l.getClassName()), transfer !== null);
  log(workersLine);
  try {
    checkMemoryBudget(model, config.batchSize, opts.memoryBudgetGiB === undefined ? undefined : opts.memoryBudgetGiB * 2 ** 30);
  } catch (e) {
    model.dispose();
    throw e;
  }
  const dataStarted = Date.now();
  const data = await loadData(config.data, {
    specDir: opts.specDir,
    signature: sig,
    limit: opts.limit ?? null,
    ...(opts.dataRoots === undefined ? {} : { dataRoots: opts.dataRoots }),
    ...(opts.streamThresholdBytes === undefined ? {} : { streamThresholdBytes: opts.streamThresholdBytes }),
  });
  const dataSeconds = (Date.now() - dataStarted) / 1000;
  log(`data: ${data.train.size} training, ${data.validation?.size ?? 0} validation, ${data.test?.size ?? 0} test samples`);
  // Keras's `adapt`: normalization statistics from the training split (a resumed run restores them from
  // the checkpoint's weights below).
  const adapted = await adaptPreprocessing(model, sig, data.train);
  if (adapted.length > 0) log(`adapt: ${adapted.map((n) => `\`${n}\``).join(", ")} from ${data.train.size} training samples`);

  const optimizer = new ParamGroupOptimizer(config.optimizer, paramGroups(model, transfer === null ? null : { config: config.transfer!, ...transfer.plan }));
  const shuffleRng = new Prng(`shuffle:${config.seed}`);
  const state: TrainState = {
    epoch: 0,
    step: 0,
    shuffleRng: shuffleRng.state(),
    opRng: opRng.state(),
    schedule: initialScheduleState(config.optimizer.learningRate),
    earlyStopping: initialEarlyStoppingState(),
    history: [],
    stopped: false,
  };
  let best: tf.Tensor[] | null = null;
  let resumedFromEpoch: number | null = null;

  if (opts.resume === true) {
    const latest = (await listCheckpoints(opts.outDir))[0];
    if (latest === undefined) log("resume: no complete checkpoint found; starting from epoch 1");
    else {
      if (latest.specHash !== opts.specHash) {
        throw dataError("MFG4902", latest.dir, `checkpoint was written for spec hash ${latest.specHash.slice(0, 12)}, but this spec's hash is ${opts.specHash.slice(0, 12)}; the spec changed since, so resuming would mix two different runs`, 0, [
          "start a fresh run without `--resume`, or use another output directory",
        ]);
      }
      const ckpt = await readCheckpoint(latest.dir);
      setCheckpointWeights(model, ckpt.tensors.weights);
      await optimizer.setSlots(ckpt.tensors.optimizerSlots, ckpt.tensors.optimizerStep);
      tf.dispose([...ckpt.tensors.weights, ...ckpt.tensors.optimizerSlots]);
      best = ckpt.tensors.best === null ? null : [...ckpt.tensors.best];
      Object.assign(state, ckpt.state);
      resumedFromEpoch = state.epoch;
      log(`resume: continuing after epoch ${state.epoch} from ${path.relative(opts.outDir, latest.dir)}`);
    }
  } else {
    await rm(checkpointsDir(opts.outDir), { recursive: true, force: true });
  }
  await recordRun(opts, config, started, { train: data.train.size, validation: data.validation?.size ?? 0, test: data.test?.size ?? 0 }, resumedFromEpoch, workers);
  const dataSummary = summarizeData(data, sig, config);
  await writeRunInfo(opts.outDir, {
    startedAt: new Date(started).toISOString(),
    resumedFromEpoch,
    specHash: opts.specHash,
    backend,
    workers,
    config,
    limit: opts.limit ?? null,
    data: dataSummary,
    graph: describeModel(model),
    transfer: transfer?.summary ?? null,
  });
  const shuffle = new Prng(`shuffle:${config.seed}`, state.shuffleRng);
  const ops = new Prng(`ops:${config.seed}`, state.opRng);
  await writeMetrics(opts.outDir, state.history);

  const tty = opts.progress === "bar" || (opts.progress === undefined && opts.log === undefined && process.stdout.isTTY === true);
  const progress = createProgress(log, tty);
  const epochSeconds: number[] = state.history.map((h) => h.seconds);
  const parallel: Parallel | null = workers === 1 ? null : { replicas: workers, trainModule: opts.trainModule!, backend: backend.tfjsBackend, pool: null, ops };
  let replicaStats: ReplicaStats | null = null;
  try {
    await withSeededMathRandom(ops, async () => {
      for (let epoch = state.epoch + 1; epoch <= config.epochs && !state.stopped; epoch++) {
        const t0 = Date.now();
        const lr = await trainEpoch(model, optimizer.beginEpoch(epoch), sig, config, data.train, optimizer, state, shuffle, epoch, progress, opts.outDir, parallel);
        const val = data.validation === null ? null : await evaluate(model, sig, config, data.validation, config.batchSize);
        const logs = { ...lr.logs, ...(val === null ? {} : val.logs(config, "val_", await regularizationTotal(model))) };
        const record: EpochRecord = { epoch, logs, lr: lr.lastLr, seconds: (Date.now() - t0) / 1000 };
        state.history.push(record);
        state.epoch = epoch;
        epochSeconds.push(record.seconds);
        const scheduleLine = scheduleEpochEnd(config.schedule, state.schedule, logs);
        if (config.earlyStopping !== null) {
          const es = earlyStoppingUpdate(config.earlyStopping, state.earlyStopping, epoch, logs);
          if (es.improved && config.earlyStopping.restoreBest) {
            tf.dispose(best ?? []);
            best = checkpointWeights(model).map((w) => tf.clone(w));
          }
          if (es.stop) state.stopped = true;
        }
        progress.endEpoch(`epoch ${epoch}/${config.epochs} · ${formatLogs(logs)} · lr ${lr.lastLr.toPrecision(3)} · ${record.seconds.toFixed(1)}s`);
        if (scheduleLine !== null) progress.line(scheduleLine);
        if (state.stopped) progress.line(`early stopping: \`${config.earlyStopping?.monitor}\` did not improve for ${config.earlyStopping?.patience} epochs (best: epoch ${state.earlyStopping.bestEpoch})`);
        await writeMetrics(opts.outDir, state.history);
        if (epoch % config.checkpoint.every === 0 || epoch === config.epochs || state.stopped) {
          state.shuffleRng = shuffle.state();
          state.opRng = ops.state();
          const weights = checkpointWeights(model);
          await writeCheckpoint(opts.outDir, opts.specHash, state, { weights, optimizerSlots: optimizer.getSlots(), optimizerStep: optimizer.step, best });
          await pruneCheckpoints(opts.outDir, config.checkpoint.keep);
        }
        opts.onEpochEnd?.(record);
      }
    });
  } finally {
    progress.stop();
    optimizer.dispose();
    replicaStats = parallel?.pool?.stats() ?? null;
    await parallel?.pool?.close();
  }

  let restoredEpoch: number | null = null;
  if (best !== null) {
    if (config.earlyStopping?.restoreBest === true) {
      setCheckpointWeights(model, best);
      restoredEpoch = state.earlyStopping.bestEpoch;
      log(`restored the weights of epoch ${state.earlyStopping.bestEpoch} (best \`${config.earlyStopping.monitor}\`)`);
    }
    tf.dispose(best);
  }

  const testAcc = data.test === null ? null : await evaluate(model, sig, config, data.test, config.batchSize);
  const test = testAcc === null ? null : testAcc.logs(config, "test_", await regularizationTotal(model));
  if (test !== null) log(`test · ${formatLogs(test)}`);
  const modelDir = path.join(opts.outDir, "model");
  await saveModel(model, modelDir);
  await writeFileAtomic(path.join(modelDir, "preprocessing.json"), JSON.stringify({ normalization: data.normalization, classNames: data.classNames, classNamesByOutput: dataSummary.classNames }, null, 2));
  const reportAcc = testAcc ?? (data.validation === null ? null : await evaluate(model, sig, config, data.validation, config.batchSize));
  // With the best epoch's weights restored, the model is that epoch's: report its metrics, not the last's.
  const final = finalLogs(state.history, restoredEpoch);
  const report: TrainReport = {
    specHash: opts.specHash,
    backend,
    epochsRun: state.epoch,
    stoppedEarly: state.stopped,
    bestEpoch: config.earlyStopping === null ? null : state.earlyStopping.bestEpoch,
    final,
    test,
    outputs: outputReports(sig, reportAcc, dataSummary.classNames),
    evaluatedOn: testAcc !== null ? "test" : reportAcc !== null ? "validation" : null,
    normalization: data.normalization,
    timings: { totalSeconds: (Date.now() - started) / 1000, dataSeconds, epochSeconds },
  };
  const reportPath = path.join(opts.outDir, "report.json");
  await writeFileAtomic(reportPath, JSON.stringify(report, null, 2));
  return { model, history: state.history, final, test, epochsRun: state.epoch, stoppedEarly: state.stopped, resumedFromEpoch, backend, replicas: replicaStats, modelDir, reportPath };
}

/** One pass over the training data; returns the epoch's training logs and the last learning rate used. */
async function trainEpoch(
  model: tf.LayersModel,
  variables: readonly tf.Variable[],
  sig: ModelSignature,
  config: TrainConfig,
  train: Dataset,
  optimizer: ParamGroupOptimizer,
  state: TrainState,
  shuffle: Prng,
  epoch: number,
  progress: Progress,
  outDir: string,
  parallel: Parallel | null,
): Promise<{ logs: Record<string, number>; lastLr: number }> {
  const order = train.kind === "memory" ? (config.shuffle ? shuffle.permutation(train.size) : null) : null;
  const streamSeed = shuffle.int(2 ** 31);
  const batches = batchCount(train, config.batchSize);
  const acc = new EpochAccumulator(sig, lossWeights(sig, config.losses));
  progress.startEpoch(epoch, config.epochs, batches);
  let lastLr = config.optimizer.learningRate;
  let index = 0;
  // Where each step not yet read back came from, for the divergence message.
  let unread: { batch: number; step: number; lr: number }[] = [];
  const readBack = async (): Promise<void> => {
    const totals = await acc.flush();
    const at = totals.findIndex((t) => !Number.isFinite(t));
    if (at >= 0) throw await diverged(outDir, totals[at]!, epoch, batches, unread[at]!);
    unread = [];
  };
  try {
    for await (const batch of epochBatches(train, config.batchSize, order, streamSeed, config.shuffle)) {
      index++;
      try {
        lastLr = learningRateAt(config.schedule, config.optimizer.learningRate, state.schedule, state.step, epoch);
        if (parallel === null) acc.add(trainStep(model, variables, sig, config, batch, optimizer, lastLr), batch.size);
        else acc.add(await parallelStep(parallel, model, variables, sig, config, batch, optimizer, lastLr, { outDir, epoch, batch: index, batches, step: state.step + 1 }), batch.size);
        state.step++;
        unread.push({ batch: index, step: state.step, lr: lastLr });
      } finally {
        disposeBatch(batch);
      }
      if (acc.flushDue) await readBack();
      progress.batch(index, { loss: acc.meanLoss });
    }
    await readBack();
  } finally {
    acc.dispose();
  }
  return { logs: acc.logs(config, ""), lastLr };
}

/** A data-parallel run's replicas; the pool starts with the first batch (its shapes size the shared buffers). */
interface Parallel {
  readonly replicas: number;
  readonly trainModule: string;
  readonly backend: string;
  pool: ReplicaPool | null;
  /** The run's checkpointed generator for unseeded randomness: each step's replica seeds are drawn from it. */
  readonly ops: Prng;
}

/** One step over the replicas; a worker that fails ends the run with MFG4920/MFG4921. */
async function parallelStep(
  parallel: Parallel,
  model: tf.LayersModel,
  variables: readonly tf.Variable[],
  sig: ModelSignature,
  config: TrainConfig,
  batch: TensorBatch,
  optimizer: ParamGroupOptimizer,
  lr: number,
  at: { outDir: string; epoch: number; batch: number; batches: number; step: number },
): Promise<StepTensors> {
  const seed = parallel.ops.int(2 ** 31);
  try {
    parallel.pool ??= await ReplicaPool.start(model, { replicas: parallel.replicas, trainModule: parallel.trainModule, backend: parallel.backend, config, sig, sample: batch });
    return await parallel.pool.step(variables, sig, config, batch, optimizer, lr, seed);
  } catch (e) {
    if (e instanceof ReplicaFailure) throw await replicaFailed(e, at);
    throw e;
  }
}

/** The last complete checkpoint, as the failure messages name it. */
async function lastCheckpointNote(outDir: string): Promise<string> {
  const last = (await listCheckpoints(outDir))[0];
  return last === undefined ? "No checkpoint was written yet." : `The last good checkpoint is epoch ${last.epoch} (${path.relative(outDir, last.dir)}).`;
}

/** `text` ending in exactly one full stop (a worker's error message may bring its own). */
function sentence(text: string): string {
  return `${text.trimEnd().replace(/[.\s]+$/, "")}.`;
}

/** MFG4921 (a worker could not start) or MFG4920 (a worker failed during a step); nothing of the failed step is saved. */
async function replicaFailed(e: ReplicaFailure, at: { outDir: string; epoch: number; batch: number; batches: number; step: number }): Promise<DataError> {
  const note = await lastCheckpointNote(at.outDir);
  if (e.starting) {
    return dataError("MFG4921", at.outDir, `worker thread ${e.replica} of ${e.replicas - 1} (besides the main thread) could not start: ${sentence(e.reason)} Training stopped. ${note}`, 0, [
      "train on one thread with `--workers 1`",
    ]);
  }
  return dataError(
    "MFG4920",
    at.outDir,
    `worker thread ${e.replica} of ${e.replicas - 1} (besides the main thread) failed at epoch ${at.epoch}, batch ${at.batch} of ${at.batches} (step ${at.step}): ${sentence(e.reason)} Training stopped; all workers were ended. ${note}`,
    0,
    ["continue from the last checkpoint with `--resume`; if the worker fails again, train on one thread with `--workers 1`"],
  );
}

/**
 * MFG4901 for the first step whose loss was not finite. Its update was applied before the loss was read
 * (reading every step would stall GPU backends), but the run ends here and nothing after the last
 * checkpoint is saved, so no diverged weights reach the disk.
 */
async function diverged(outDir: string, loss: number, epoch: number, batches: number, at: { batch: number; step: number; lr: number }): Promise<DataError> {
  return dataError(
    "MFG4901",
    outDir,
    `loss became ${loss} at epoch ${epoch}, batch ${at.batch} of ${batches} (step ${at.step}, learning rate ${at.lr.toPrecision(3)}); training stopped. ` + (await lastCheckpointNote(outDir)),
    0,
    ["lower the learning rate, add gradient clipping (`clip { global_norm: 1.0 }`), or check the data for extreme values"],
  );
}

/** An inference-mode pass over a split, for validation and test metrics. */
async function evaluate(model: tf.LayersModel, sig: ModelSignature, config: TrainConfig, ds: Dataset, batchSize: number): Promise<EpochAccumulator> {
  const acc = new EpochAccumulator(sig, lossWeights(sig, config.losses));
  try {
    for await (const batch of epochBatches(ds, batchSize, null, 0, false)) {
      try {
        acc.add(evalStep(model, sig, batch), batch.size);
      } finally {
        disposeBatch(batch);
      }
      if (acc.flushDue) await acc.flush();
    }
    await acc.flush();
  } finally {
    acc.dispose();
  }
  return acc;
}

/** Rewrites `metrics.jsonl` from the history (on resume this drops epochs after the checkpoint). */
async function writeMetrics(outDir: string, history: readonly EpochRecord[]): Promise<void> {
  await writeFileAtomic(path.join(outDir, "metrics.jsonl"), history.map((h) => JSON.stringify(h)).join("\n") + (history.length > 0 ? "\n" : ""));
}

