/**
 * Loads the train / validation / test splits of a {@link DataConfig}. All loading and validation happens
 * here, before training starts, so bad data fails fast with a {@link DataError}. Normalization is fitted
 * on the training split and reused for the others.
 */
import path from "node:path";
import type { DataConfig, DataSource } from "../config.js";
import { loadCsv } from "./csv.js";
import { dataRootsFor } from "./data-path.js";
import { loadIdx } from "./idx.js";
import { loadImageFolder } from "./image-folder.js";
import { DEFAULT_STREAM_THRESHOLD_BYTES, type SourceContext, type SourceResult } from "./source.js";
import { loadSynthetic } from "./synthetic/index.js";
import { checkDatasetIds } from "./ids.js";
import type { Dataset, LoadedData, ModelSignature } from "./types.js";

/** Options for {@link loadData}. */
export interface LoadDataOptions {
  /** Directory the spec's relative data paths are resolved against. */
  readonly specDir: string;
  readonly signature: ModelSignature;
  /** Cap every split at this many samples (quick runs, tests). */
  readonly limit?: number | null;
  /** Payload size above which IDX/CSV files are streamed instead of loaded (default 512 MiB). */
  readonly streamThresholdBytes?: number;
  /**
   * Folders besides the spec's project that data may come from (`--data-root`, relative to the working
   * directory). The spec itself can never widen this: only whoever runs mfgc can.
   */
  readonly dataRoots?: readonly string[];
}

export function loadSource(src: DataSource, ctx: SourceContext): Promise<SourceResult> {
  switch (src.kind) {
    case "idx":
      return loadIdx(src, ctx);
    case "csv":
      return loadCsv(src, ctx);
    case "image_folder":
      return loadImageFolder(src, ctx);
    case "synthetic":
      return loadSynthetic(src, ctx);
  }
}

export async function loadData(config: DataConfig, opts: LoadDataOptions): Promise<LoadedData> {
  const base = {
    specDir: opts.specDir,
    dataRoots: await dataRootsFor(opts.specDir, opts.dataRoots),
    signature: opts.signature,
    limit: opts.limit ?? null,
    streamThresholdBytes: opts.streamThresholdBytes ?? DEFAULT_STREAM_THRESHOLD_BYTES,
  };
  const split = config.validation?.kind === "split" ? config.validation.fraction : null;
  const train = await loadSource(config.train, { ...base, validationSplit: split, normalization: null });
  const others = { ...base, validationSplit: null, normalization: train.normalization, ...(train.classNamesByOutput === undefined ? {} : { classNamesByOutput: train.classNamesByOutput }) };
  const validation = config.validation === null ? null : config.validation.kind === "split" ? train.validation : (await loadSource(config.validation, others)).train;
  const test = config.test === null ? null : (await loadSource(config.test, others)).train;
  // CSV rows were checked cell by cell while reading (with row and column); this covers every source.
  const splits: [string, Dataset | null, DataSource][] = [
    ["training", train.train, config.train],
    ["validation", validation, config.validation?.kind === "split" ? config.train : (config.validation ?? config.train)],
    ["test", test, config.test ?? config.train],
  ];
  for (const [name, ds, src] of splits) {
    if (ds?.kind !== "memory") continue;
    const file = sourceLabel(src, opts.specDir);
    checkDatasetIds(ds, opts.signature, (_input, sample, element) => ({ file, where: `sample ${sample + 1} of the ${name} split, element ${element + 1}`, offset: 0 }));
  }
  return {
    train: train.train,
    validation,
    test,
    normalization: train.normalization,
    classNames: train.classNames,
    ...(train.classNamesByOutput === undefined ? {} : { classNamesByOutput: train.classNamesByOutput }),
  };
}

/** The file (or generator) a source reads, as data errors name it (resolved as data-path.ts resolves it). */
function sourceLabel(src: DataSource, specDir: string): string {
  switch (src.kind) {
    case "idx":
      return path.resolve(specDir, src.images);
    case "csv":
    case "image_folder":
      return path.resolve(specDir, src.path);
    case "synthetic":
      return `synthetic:${src.generator}`;
  }
}
