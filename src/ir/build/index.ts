/**
 * AST → IR: the one entry point other phases call. Checks the file's structure (one model, at most one
 * train section naming it), expands the model into nodes (names, blocks, parameters), infers shapes,
 * warns about unused parts, and checks the training configuration against the built graph.
 */
import { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import type { ModelDecl, Spec, TrainDecl } from "../../parser/ast.js";
import type { TrainConfig } from "../../runtime/config.js";
import { checkTrain } from "../train/index.js";
import type { ModelLayers, ModelOutputInfo } from "../train/index.js";
import type { DataContext } from "../train/data.js";
import { nodeParamCount } from "../summary.js";
import type { IRGraph, IRNode } from "../types.js";
import { checkBlocks } from "./blocks.js";
import { Expander } from "./expand.js";
import { inferShapes } from "./infer.js";
import { checkMasks } from "./masks.js";
import { REGISTRY_LOOKUP } from "./op-lookup.js";
import type { OpLookup } from "./op-lookup.js";
import { checkSizes } from "./sizes.js";
import { reportUnused } from "./usage.js";

export { MAX_EXPANDED_NODES } from "./expand.js";
export type { OpLookup } from "./op-lookup.js";

export interface BuildOptions {
  /** The op table; the registry unless a test supplies its own. */
  readonly ops?: OpLookup;
}

export interface BuildResult {
  /** Undefined when the model section had errors. */
  readonly graph: IRGraph | undefined;
  /** Undefined when there is no train section or it (or the model) had errors. */
  readonly train: TrainConfig | undefined;
  /** Sorted and de-duplicated. */
  readonly diagnostics: Diagnostic[];
}

export function buildIR(spec: Spec, options: BuildOptions = {}): BuildResult {
  const ops = options.ops ?? REGISTRY_LOOKUP;
  const bag = new DiagnosticBag();
  const model = pickModel(spec, bag);
  const trainDecl = pickTrain(spec, model, bag);

  let graph: IRGraph | undefined;
  let outputs: ModelOutputInfo[] | undefined;
  if (model !== undefined) {
    const modelBag = new DiagnosticBag();
    const built = buildGraph(spec, model, ops, modelBag);
    // Masks are followed on a complete graph only: a broken one would report refusals it does not have.
    if (!modelBag.hasErrors && built.graph !== undefined) checkMasks(built.graph, trainDecl !== undefined, modelBag, ops);
    bag.addAll(modelBag.toArray());
    if (!modelBag.hasErrors) {
      graph = built.graph;
      outputs = built.outputs;
    }
  }

  let train: TrainConfig | undefined;
  if (trainDecl !== undefined) {
    const trainBag = new DiagnosticBag();
    // A train section naming another model is still checked, but not against this model's outputs.
    const sameModel = trainDecl.model.name === model?.name.name;
    const facts = sameModel && graph !== undefined ? modelFacts(graph) : undefined;
    const config = checkTrain(trainDecl, sameModel ? outputs : undefined, trainBag, facts?.layers, facts?.inputs);
    bag.addAll(trainBag.toArray());
    if (!trainBag.hasErrors) train = config;
  }
  // Sizes last: they need the shapes, and the train section's batch size for the memory estimate.
  if (graph !== undefined && model !== undefined && !bag.hasErrors) checkSizes(graph.nodes, ops, train?.batchSize, model.name.span, bag);
  const ok = !bag.hasErrors;
  return { graph: ok ? graph : undefined, train: ok ? train : undefined, diagnostics: bag.toArray() };
}

/**
 * What the train section is checked against: every node id and the nodes that hold weights (what
 * `transfer` may name), and the inputs with their per-sample shapes in declaration order (what the
 * data must feed).
 */
function modelFacts(graph: IRGraph): { layers: ModelLayers; inputs: NonNullable<DataContext["inputs"]> } {
  const byId = new Map(graph.nodes.map((n) => [n.id, n] as const));
  const withWeights = new Set<string>();
  for (const n of graph.nodes) {
    const c = nodeParamCount(n, byId);
    if (c.trainable + c.nonTrainable > 0) withWeights.add(n.id);
  }
  const inputs = graph.inputs.flatMap((id) => {
    const n = byId.get(id);
    return n === undefined ? [] : [{ name: n.userName ?? n.id, shape: n.shape }];
  });
  return { layers: { ids: graph.nodes.map((n) => n.id), withWeights }, inputs };
}

function pickModel(spec: Spec, bag: DiagnosticBag): ModelDecl | undefined {
  const [first, ...rest] = spec.models;
  if (first === undefined) {
    bag.report("MFG3001", "the spec has no model", { file: spec.file, start: spec.span.start, end: spec.span.start }, {
      hints: ["add `model Name { input …; … ; output … }`"],
    });
    return undefined;
  }
  for (const m of rest) {
    bag.report("MFG3002", `a spec describes one model; \`${m.name.name}\` is a second one`, m.name.span, {
      related: [{ message: `\`${first.name.name}\` is defined here`, span: first.name.span }],
      hints: ["put each model in its own file"],
    });
  }
  return first;
}

function pickTrain(spec: Spec, model: ModelDecl | undefined, bag: DiagnosticBag): TrainDecl | undefined {
  const [first, ...rest] = spec.trains;
  for (const t of rest) {
    bag.report("MFG3003", "a spec has at most one train section", t.model.span, {
      related: [{ message: "the first train section is here", span: first!.span }],
      hints: ["move its settings into the first train section and delete this one"],
    });
  }
  if (first !== undefined && model !== undefined && first.model.name !== model.name.name) {
    const hints = didYouMean(first.model.name, [model.name.name]);
    if (hints.length === 0) hints.push(`the model in this file is \`${model.name.name}\``);
    bag.report("MFG3004", `train section names unknown model \`${first.model.name}\``, first.model.span, { hints });
  }
  return first;
}

function buildGraph(
  spec: Spec,
  model: ModelDecl,
  ops: OpLookup,
  bag: DiagnosticBag,
): { graph: IRGraph | undefined; outputs: ModelOutputInfo[] } {
  const blocks = checkBlocks(spec.blocks, ops, bag);
  const brokenBlocks = new Set([...blocks.known].filter((b) => !blocks.usable.has(b)));
  const expanded = new Expander(ops, blocks.usable, brokenBlocks, bag).expandModel(model);
  if (expanded.outputs.length === 0) {
    bag.report("MFG3021", `model \`${model.name.name}\` has no outputs`, model.name.span, { hints: ["add `output <name>`"] });
  }
  const types = inferShapes(expanded.nodes, ops, bag);
  const outputIds = expanded.outputs.flatMap((o) => (o.ref === null ? [] : [o.ref]));
  if (!bag.hasErrors) reportUnused(expanded.nodes, outputIds, expanded.inputDecls, bag);

  const nodes: IRNode[] = [];
  for (const raw of expanded.nodes) {
    const t = types.get(raw.id);
    if (t === undefined || raw.attrs === undefined || raw.inputs.some((i) => i === null)) continue;
    const node: IRNode = {
      id: raw.id,
      op: raw.op,
      attrs: raw.attrs,
      inputs: raw.inputs as string[],
      shape: t.shape,
      dtype: t.dtype,
      span: raw.span,
      scope: raw.scope,
      ...(raw.userName !== undefined ? { userName: raw.userName } : {}),
    };
    nodes.push(node);
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const outputs: ModelOutputInfo[] = expanded.outputs.map((o) => ({
    name: o.name,
    span: o.span,
    node: o.ref === null ? undefined : byId.get(o.ref),
  }));
  const graph: IRGraph = { name: model.name.name, nodes, inputs: expanded.inputs, outputs: outputIds, span: model.span };
  return { graph, outputs };
}
