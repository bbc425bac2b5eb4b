/**
 * Sizes a spec cannot mean or a machine cannot train, found before any code is generated:
 *
 * - a dimension that is not an exact integer (shape inference multiplied its way past 2^53);
 * - a tensor — a layer's output for one sample, or one layer's parameters — with more elements than
 *   tfjs can hold ({@link MAX_TENSOR_ELEMENTS});
 * - a model whose estimated training memory exceeds the budget: a warning here, an error when a run
 *   starts without a raised budget (see runtime/train/memory-budget.ts).
 */
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../diagnostics/span.js";
import { DEFAULT_MEMORY_BUDGET_BYTES, estimateTrainingBytes, formatGiB, MAX_TENSOR_ELEMENTS, type ModelSizes } from "../../runtime/train/memory-budget.js";
import type { IRNode, Shape } from "../types.js";
import type { OpLookup } from "./op-lookup.js";

/** Batch size assumed for the memory estimate of a spec without a train section. */
const DEFAULT_ESTIMATE_BATCH = 32;

/** Elements of one sample of a shape (unknown dims count as 1, as in the summary). */
function sampleElements(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d ?? 1;
  return n;
}

function nodeParams(node: IRNode, byId: ReadonlyMap<string, IRNode>, ops: OpLookup): number {
  const def = node.op === "input" ? undefined : ops.get(node.op);
  if (def === undefined) return 0;
  const count = def.paramCount(node.attrs, node.inputs.map((id) => byId.get(id)?.shape ?? []));
  return count.trainable + count.nonTrainable;
}

/** Parameters and per-sample activation elements of a checked graph's nodes. */
export function modelSizesOf(nodes: readonly IRNode[], ops: OpLookup): ModelSizes {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  let params = 0;
  let activationElementsPerSample = 0;
  for (const node of nodes) {
    params += nodeParams(node, byId, ops);
    activationElementsPerSample += sampleElements(node.shape);
  }
  return { params, activationElementsPerSample };
}

/** {@link estimateTrainingBytes} for a checked graph at a batch size (what `mfgc train` checks first). */
export function estimatedTrainingBytes(nodes: readonly IRNode[], ops: OpLookup, batchSize: number): number {
  return estimateTrainingBytes(modelSizesOf(nodes, ops), batchSize);
}

/**
 * Reports nodes with inexact or oversized shapes or parameters (errors) and a model over the memory
 * budget (a warning). `batchSize` is the train section's, when there is one.
 */
export function checkSizes(nodes: readonly IRNode[], ops: OpLookup, batchSize: number | undefined, modelSpan: Span, bag: DiagnosticBag): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  // Nodes already reported, and everything downstream of them (one mistake, one diagnostic).
  const poisoned = new Set<string>();
  const report = (node: IRNode, message: string, hint: string) => {
    bag.report("MFG3602", message, node.span, { hints: [hint] });
    poisoned.add(node.id);
  };
  for (const node of nodes) {
    if (node.inputs.some((i) => poisoned.has(i))) {
      poisoned.add(node.id);
      continue;
    }
    const what = node.op === "input" ? `input \`${node.id}\`` : "this layer's output";
    const bad = node.shape.find((d) => d !== null && !Number.isSafeInteger(d));
    if (bad !== undefined) {
      report(node, `${what} has a dimension of ${bad}, beyond the largest exact integer (2^53 − 1)`, "the dimensions that lead here multiply to an impossible size; check the input shape");
      continue;
    }
    const elements = sampleElements(node.shape);
    if (elements > MAX_TENSOR_ELEMENTS) {
      report(
        node,
        `${what} holds ${elements.toLocaleString("en-US")} elements per sample; TensorFlow.js holds at most ${MAX_TENSOR_ELEMENTS.toLocaleString("en-US")} (2^31 − 1) in one tensor`,
        node.op === "input" ? "declare a smaller input, or split it into several inputs" : "reduce the input size, or downsample (pooling, strides) before this layer",
      );
      continue;
    }
    const own = nodeParams(node, byId, ops);
    if (!(own <= MAX_TENSOR_ELEMENTS)) {
      report(
        node,
        `this layer has ${own.toLocaleString("en-US")} parameters; TensorFlow.js holds at most ${MAX_TENSOR_ELEMENTS.toLocaleString("en-US")} (2^31 − 1) in one tensor`,
        "use fewer units or filters, or reduce the input size before this layer",
      );
      continue;
    }
  }
  if (poisoned.size > 0) return;
  const batch = batchSize ?? DEFAULT_ESTIMATE_BATCH;
  const sizes = modelSizesOf(nodes, ops);
  const bytes = estimateTrainingBytes(sizes, batch);
  if (bytes > DEFAULT_MEMORY_BUDGET_BYTES) {
    bag.report(
      "MFG3603",
      `training this model needs about ${formatGiB(bytes)} (${sizes.params.toLocaleString("en-US")} parameters, batch ${batch}), more than the ${formatGiB(DEFAULT_MEMORY_BUDGET_BYTES)} budget`,
      modelSpan,
      { hints: ["`mfgc train` refuses to start unless you raise the budget with `--memory-budget <GiB>`; or make the model smaller"] },
    );
  }
}
