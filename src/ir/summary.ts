/**
 * The numbers behind `mfgc summary`: per-node output shape, parameters (trainable / non-trainable),
 * FLOPs and activation memory per sample, all from the op registry so they agree with Keras.
 */
import { getOp } from "./ops/registry.js";
import type { IRGraph, IRNode, ParamCount, Shape } from "./types.js";

export interface SummaryRow {
  readonly id: string;
  readonly op: string;
  /** `[null, 26, 26, 32]`: batch first, as Keras prints it. */
  readonly outputShape: readonly (number | null)[];
  readonly params: number;
  readonly trainable: number;
  readonly nonTrainable: number;
  readonly flops: number;
  /** Bytes of this node's output for one sample (f32/i32 = 4 bytes; unknown dims count as 1). */
  readonly activationBytes: number;
  readonly inputs: readonly string[];
  readonly line?: number;
  /** Frozen by the train section's `transfer` (its parameters count as non-trainable). */
  readonly frozen?: boolean;
}

export interface GraphSummary {
  readonly name: string;
  readonly rows: readonly SummaryRow[];
  readonly totalParams: number;
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  /** Forward-pass FLOPs per sample (a multiply-add counts 2). */
  readonly flopsPerSample: number;
  /** Sum of all node outputs for one sample, in bytes (what a forward pass keeps alive for backprop). */
  readonly activationBytesPerSample: number;
  /** Parameter bytes (f32). */
  readonly paramBytes: number;
}

const BYTES_PER_ELEMENT = 4;

export function elementCount(shape: Shape): number {
  return shape.reduce<number>((n, d) => n * (d ?? 1), 1);
}

export function nodeParamCount(node: IRNode, graph: ReadonlyMap<string, IRNode>): ParamCount {
  if (node.op === "input") return { trainable: 0, nonTrainable: 0 };
  const def = getOp(node.op);
  if (!def) throw new Error(`internal: node \`${node.id}\` has unknown op \`${node.op}\``);
  return def.paramCount(node.attrs, inputShapes(node, graph));
}

function inputShapes(node: IRNode, graph: ReadonlyMap<string, IRNode>): Shape[] {
  return node.inputs.map((id) => {
    const producer = graph.get(id);
    if (!producer) throw new Error(`internal: node \`${node.id}\` reads missing node \`${id}\``);
    return producer.shape;
  });
}

/**
 * @param frozen node ids whose parameters do not train (`transfer { freeze: … }`): Keras counts every
 *   weight of a non-trainable layer as non-trainable.
 */
export function summarizeGraph(graph: IRGraph, lineOf?: (offset: number) => number, frozen: ReadonlySet<string> = new Set()): GraphSummary {
  const byId = new Map(graph.nodes.map((n) => [n.id, n] as const));
  const rows: SummaryRow[] = graph.nodes.map((node) => {
    const own = nodeParamCount(node, byId);
    const isFrozen = frozen.has(node.id) && own.trainable + own.nonTrainable > 0;
    const counts = isFrozen ? { trainable: 0, nonTrainable: own.trainable + own.nonTrainable } : own;
    const def = node.op === "input" ? undefined : getOp(node.op);
    const flops = def ? def.flops(node.attrs, inputShapes(node, byId), node.shape) : 0;
    return {
      id: node.id,
      op: node.op,
      outputShape: [null, ...node.shape],
      params: counts.trainable + counts.nonTrainable,
      trainable: counts.trainable,
      nonTrainable: counts.nonTrainable,
      flops,
      activationBytes: elementCount(node.shape) * BYTES_PER_ELEMENT,
      inputs: node.inputs,
      ...(lineOf && node.span.file !== "<none>" ? { line: lineOf(node.span.start) } : {}),
      ...(isFrozen ? { frozen: true } : {}),
    };
  });
  const sum = (f: (r: SummaryRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  const trainable = sum((r) => r.trainable);
  const nonTrainable = sum((r) => r.nonTrainable);
  return {
    name: graph.name,
    rows,
    totalParams: trainable + nonTrainable,
    trainableParams: trainable,
    nonTrainableParams: nonTrainable,
    flopsPerSample: sum((r) => r.flops),
    activationBytesPerSample: sum((r) => r.activationBytes),
    paramBytes: (trainable + nonTrainable) * BYTES_PER_ELEMENT,
  };
}
