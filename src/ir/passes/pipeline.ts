/**
 * The optimization pipeline for training graphs, in order. Each pass is pure; the whole list runs to a
 * fixed point (a later pass can expose work for an earlier one: removing a `dropout(0)` can put an
 * activation right after a conv).
 *
 * Inference-only rewrites that need trained weights (BatchNorm folding, dropout removal, folding
 * rescaling into the first layer) live in src/ir/passes/inference/ and run in `mfgc export`.
 */
import type { IRGraph } from "../types.js";
import { collapseReshapes } from "./collapse-reshapes.js";
import { removeDeadCode } from "./dead-code.js";
import { flattenMerges } from "./flatten-merges.js";
import { foldActivation } from "./fold-activation.js";
import { foldActivationChain } from "./fold-activation-chain.js";
import { mergeScalings } from "./merge-scalings.js";
import type { Pass, PassChange } from "./pass.js";
import { removeIdentities } from "./remove-identities.js";

export const TRAINING_PASSES: readonly Pass[] = [
  // Unreachable branches first: nothing after should spend effort on them.
  removeDeadCode,
  // Identities next, so the folds below see producer → consumer adjacency.
  removeIdentities,
  mergeScalings,
  collapseReshapes,
  foldActivationChain,
  // Last of the local rewrites: a conv's `activation` must be final before it absorbs a separate one.
  foldActivation,
  flattenMerges,
];

export interface PassReportEntry {
  readonly pass: string;
  readonly changes: readonly PassChange[];
}

export interface PipelineResult {
  readonly graph: IRGraph;
  /** Per pass in the order run (only passes that changed something), over all rounds. */
  readonly report: readonly PassReportEntry[];
  /** Old id → final id for nodes that survived under a new name. */
  readonly renamed: Readonly<Record<string, string>>;
}

export interface PipelineOptions {
  /** Called after every pass that changed the graph (tests run the IR verifier here). */
  readonly afterPass?: (pass: Pass, graph: IRGraph) => void;
  /** Pass names to skip. */
  readonly disabled?: readonly string[];
}

/** Rounds are bounded: every pass removes nodes or simplifies attrs, so a few rounds always suffice. */
const MAX_ROUNDS = 16;

export function runPasses(graph: IRGraph, passes: readonly Pass[] = TRAINING_PASSES, opts: PipelineOptions = {}): PipelineResult {
  const report: PassReportEntry[] = [];
  const renamed: Record<string, string> = {};
  let current = graph;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changedThisRound = false;
    for (const pass of passes) {
      if (opts.disabled?.includes(pass.name)) continue;
      const result = pass.run(current);
      if (result.graph === current) continue;
      changedThisRound = true;
      current = result.graph;
      report.push({ pass: pass.name, changes: result.changes });
      for (const [from, to] of Object.entries(result.renamed ?? {})) {
        // Chase earlier renames so the map goes from original ids to final ids.
        const original = Object.keys(renamed).find((k) => renamed[k] === from) ?? from;
        renamed[original] = to;
      }
      opts.afterPass?.(pass, current);
    }
    if (!changedThisRound) return { graph: current, report, renamed };
  }
  throw new Error(`internal: optimization pipeline did not reach a fixed point in ${MAX_ROUNDS} rounds`);
}

/** `-O0`: no passes. */
export function optimize(graph: IRGraph, level: 0 | 1, opts: PipelineOptions = {}): PipelineResult {
  return level === 0 ? { graph, report: [], renamed: {} } : runPasses(graph, TRAINING_PASSES, opts);
}
