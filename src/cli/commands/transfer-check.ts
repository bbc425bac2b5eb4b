/**
 * Before `mfgc train` runs a spec with `transfer`, it reads the source's weights and matches them to the
 * model the spec builds, so every missing layer and every mismatched shape is reported at once, with
 * the spec position of the layer (where `transfer` names it, else where the model defines it) — before
 * any data is loaded or any step runs. The runtime repeats the match and refuses to train on a problem
 * (for generated code run on its own), but without positions.
 */
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { createDiagnostic, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { withFinalLayerNames } from "../../codegen/generate.js";
import { instantiate } from "../../codegen/lower/instantiate.js";
import { lowerGraph } from "../../codegen/lower/lower-graph.js";
import type { PipelineResult } from "../../ir/passes/pipeline.js";
import { locateTransfer } from "../../ir/train/transfer.js";
import type { IRGraph } from "../../ir/types.js";
import type { Spec } from "../../parser/ast.js";
import type { TrainConfig } from "../../runtime/config.js";
import { DataError } from "../../runtime/data/data-error.js";
import { dataRootsFor } from "../../runtime/data/data-path.js";
import { disposeSource, planTransfer, readSourceWeights, transferProblemHint } from "../../runtime/train/transfer.js";

export interface TransferCheckInput {
  readonly spec: Spec;
  readonly graph: IRGraph;
  readonly train: TrainConfig;
  readonly passes: PipelineResult;
  /** Directory the spec's relative paths resolve against. */
  readonly specDir: string;
  /** Folders besides the spec's project the source may lie in (`--data-root`). */
  readonly dataRoots?: readonly string[];
}

/** Diagnostics for a transfer source that cannot be read or does not fit; [] when it fits (or there is none). */
export async function checkTransferSource(input: TransferCheckInput): Promise<Diagnostic[]> {
  const located = locateTransfer(input.spec);
  const config = withFinalLayerNames(input.train, input.passes.renamed).transfer;
  if (config === undefined || located === null) return [];
  let source;
  try {
    source = await readSourceWeights(config.source, input.specDir, await dataRootsFor(input.specDir, input.dataRoots));
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    return [{ ...e.diagnostic, span: located.fromSpan }];
  }
  // The model the spec builds, for its layers' weight shapes (what generated `buildModel()` makes), on
  // the cpu backend (the run picks its own later). Quietly: tfjs's "install tfjs-node" banner on cpu
  // would interrupt the output; the run says which backend it trains on.
  const prod = tf.env().getBool("PROD");
  tf.env().set("PROD", true);
  await tf.setBackend("cpu");
  const model = instantiate(lowerGraph(input.passes.graph, { seed: input.train.seed }));
  try {
    const plan = planTransfer(model, source, config);
    const specName = new Map(Object.entries(input.passes.renamed).map(([from, to]) => [to, from] as const));
    const shown = path.relative(process.cwd(), source.dir) || source.dir;
    return plan.problems.map((p) => {
      const name = specName.get(p.layer) ?? p.layer;
      const span = located.nameSpans.get(name) ?? input.graph.nodes.find((n) => n.id === name)?.span ?? located.span;
      return createDiagnostic(p.code, p.message, span, {
        related: [{ message: `the transfer source \`${shown}\` is named here`, span: located.fromSpan }],
        hints: [transferProblemHint(p.code)],
      });
    });
  } finally {
    model.dispose();
    disposeSource(source);
    tf.env().set("PROD", prod);
  }
}
