/**
 * One spec → the files of its generated folder. All decisions (passes, lowering, names) are made here
 * or before; the emitters only print. Same compiled spec + same mfgc version ⇒ same bytes.
 */
import { posix } from "node:path";
import { Project } from "ts-morph";
import type { SourceFile } from "../diagnostics/span.js";
import { optimize, type PipelineResult } from "../ir/passes/pipeline.js";
import { summarizeGraph } from "../ir/summary.js";
import type { IRGraph } from "../ir/types.js";
import type { TrainConfig } from "../runtime/config.js";
import { layerSourcesFor } from "./custom-layer-sources.js";
import { emitModel, customClassesOf } from "./emit/emit-model.js";
import { emitIndex, emitTrain, type ModuleFormat } from "./emit/emit-train.js";
import { banner, type Provenance } from "./emit/header.js";
import { lowerGraph } from "./lower/lower-graph.js";
import { formatGeneratedFile } from "./format-code.js";

/** Initializer seed when a spec has no train section (so `buildModel()` is still deterministic). */
export const DEFAULT_MODEL_SEED = 1337;

export interface GeneratedFile {
  /** Path relative to the output root, with `/` separators. */
  readonly path: string;
  readonly content: string;
}

export interface GenerateInput {
  readonly graph: IRGraph;
  readonly train: TrainConfig | undefined;
  readonly source: SourceFile;
  /** Spec path relative to the working directory, `/`-separated (goes into headers and comments). */
  readonly specPath: string;
  readonly specHash: string;
  readonly mfgcVersion: string;
  /** Folder for this spec, relative to the output root (e.g. `fashion_cnn`). */
  readonly folder: string;
  /** The output root relative to the working directory (to compute the spec dir from generated code). */
  readonly outRoot: string;
  readonly optimizeLevel: 0 | 1;
  readonly runtimeModule?: string;
  /** The module system of the output folder's package (see `detectModuleFormat`); ES modules by default. */
  readonly moduleFormat?: ModuleFormat;
}

export interface GenerateResult {
  readonly files: readonly GeneratedFile[];
  readonly passes: PipelineResult;
}

/**
 * The config with `transfer`'s layer names mapped through the passes' renames: the spec names layers as
 * written, the trained model carries the names the optimized graph gave them (a conv that absorbed the
 * activation after it takes that activation's name).
 */
export function withFinalLayerNames(config: TrainConfig, renamed: Readonly<Record<string, string>>): TrainConfig {
  const t = config.transfer;
  if (t === undefined) return config;
  const map = (names: readonly string[]) => names.map((n) => renamed[n] ?? n);
  return { ...config, transfer: { ...t, layers: t.layers === null ? null : map(t.layers), freeze: t.freeze === "transferred" ? t.freeze : map(t.freeze) } };
}

/** `specs/fashion_cnn.mfgnet` → `fashion_cnn`. */
export function folderNameFor(specPath: string): string {
  const base = posix.basename(specPath.replace(/\\/g, "/")).replace(/\.mfgnet(\.ya?ml)?$/i, "");
  return base.replace(/[^A-Za-z0-9_-]/g, "_") || "spec";
}

export function generateSpec(input: GenerateInput): GenerateResult {
  const passes = optimize(input.graph, input.optimizeLevel);
  const graph = passes.graph;
  const seed = input.train?.seed ?? DEFAULT_MODEL_SEED;
  const lowered = lowerGraph(graph, { seed });
  const summary = summarizeGraph(graph);
  const provenance: Provenance = { specPath: input.specPath, specHash: input.specHash, mfgcVersion: input.mfgcVersion };
  const { files: layerFiles, moduleOf } = layerSourcesFor(customClassesOf(lowered));
  const project = new Project({ useInMemoryFileSystem: true });

  const out: GeneratedFile[] = [];
  const at = (name: string) => posix.join(input.folder, name);
  out.push({ path: at("model.ts"), content: emitModel({ graph, lowered, summary, source: input.source, provenance, customModules: moduleOf }, project) });
  for (const f of layerFiles) {
    out.push({ path: at(`layers/${f.name}`), content: banner(provenance, `mfgc runtime layer \`${f.name}\`, copied so the model needs only @tensorflow/tfjs.`) + f.text });
  }
  if (input.train) {
    const genDir = posix.join(input.outRoot, input.folder);
    const specDir = posix.dirname(input.specPath);
    out.push({
      path: at("train.ts"),
      content: emitTrain(
        { modelName: graph.name, config: withFinalLayerNames(input.train, passes.renamed), provenance, specDirFromOutput: posix.relative(genDir, specDir) || ".", runtimeModule: input.runtimeModule ?? "mfgc/runtime", moduleFormat: input.moduleFormat ?? "esm" },
        project,
      ),
    });
  }
  out.push({ path: at("index.ts"), content: emitIndex(provenance, graph.name, input.train !== undefined) });
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: out.map((f) => ({ path: f.path, content: formatGeneratedFile(f.path, f.content) })), passes };
}
