/**
 * The three example model families the training benchmarks measure (issue 12): the generated model,
 * training config and spec of each, and the config narrowed to a throughput run.
 */
import type * as tf from "@tensorflow/tfjs";
import type { TrainConfig } from "../../src/runtime/index.js";
import { buildModel as buildCnn } from "../../generated/fashion_cnn/model.js";
import { config as cnnConfig, spec as cnnSpec } from "../../generated/fashion_cnn/train.js";
import { buildModel as buildRnn } from "../../generated/turbofan_rul/model.js";
import { config as rnnConfig, spec as rnnSpec } from "../../generated/turbofan_rul/train.js";
import { buildModel as buildTransformer } from "../../generated/process_events_transformer/model.js";
import { config as transformerConfig, spec as transformerSpec } from "../../generated/process_events_transformer/train.js";

export type FamilyName = "cnn" | "rnn" | "transformer";

/** One model family: the generated code (its PyTorch twin is torch_train.py --model name). */
export interface Family {
  readonly name: FamilyName;
  readonly title: string;
  readonly buildModel: () => tf.LayersModel;
  /** File URL of the generated train module: worker threads import it for `buildModel` (runTraining's `trainModule`). */
  readonly trainModule: string;
  readonly config: TrainConfig;
  readonly spec: { readonly path: string; readonly sha256: string; readonly dir: string; readonly mfgcVersion?: string };
  /** Samples per throughput measurement at --scale 1 (a multiple of the spec's batch size). */
  readonly samples: number;
}

/** The generated `train.ts` of an example, as a file URL (tsx imports it in the workers too). */
function generatedTrainModule(dir: string): string {
  return new URL(`../../generated/${dir}/train.ts`, import.meta.url).href;
}

export const FAMILIES: readonly Family[] = [
  { name: "cnn", title: "tutorial CNN (specs/fashion_cnn.mfgnet)", buildModel: buildCnn, trainModule: generatedTrainModule("fashion_cnn"), config: cnnConfig, spec: cnnSpec, samples: 3200 },
  { name: "rnn", title: "LSTM/GRU sensor model (specs/turbofan_rul.mfgnet)", buildModel: buildRnn, trainModule: generatedTrainModule("turbofan_rul"), config: rnnConfig, spec: rnnSpec, samples: 1280 },
  { name: "transformer", title: "Transformer encoder (specs/process_events_transformer.mfgnet)", buildModel: buildTransformer, trainModule: generatedTrainModule("process_events_transformer"), config: transformerConfig, spec: transformerSpec, samples: 960 },
];

export function family(name: string): Family {
  const f = FAMILIES.find((x) => x.name === name);
  if (f === undefined) throw new Error(`unknown family ${name}; expected ${FAMILIES.map((x) => x.name).join(", ")}`);
  return f;
}

/**
 * The family's config for a throughput run of `epochs` epochs over `samples` training samples: no
 * validation or test split (an epoch's time is training alone), no early stopping. A synthetic source
 * makes `samples` samples; a file source (the CNN's Fashion-MNIST) needs `limit: samples` in the run
 * options, which {@link sampleLimit} gives.
 */
export function throughputConfig(f: Family, samples: number, epochs: number): TrainConfig {
  const train = f.config.data.train;
  return {
    ...f.config,
    data: { train: train.kind === "synthetic" ? { ...train, samples } : train, validation: null, test: null },
    epochs,
    earlyStopping: null,
  };
}

/** `{ limit: samples }` for a file source, `{}` for a synthetic one (see {@link throughputConfig}). */
export function sampleLimit(f: Family, samples: number): { limit?: number } {
  return f.config.data.train.kind === "synthetic" ? {} : { limit: samples };
}
