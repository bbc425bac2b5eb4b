/**
 * Whether weights trained with one spec load into the model of another: the tfjs weights of both
 * models (built exactly as generated code builds them: optimization passes, lowering, tfjs layers),
 * compared the way tfjs loads them — a saved model (`runs/<name>/model`) by weight name and shape, a
 * training checkpoint by position and shape. Like `buf breaking`, each incompatibility is listed.
 */
import { lowerGraph } from "../../../codegen/lower/lower-graph.js";
import { instantiate } from "../../../codegen/lower/instantiate.js";
import { DEFAULT_MODEL_SEED } from "../../../codegen/generate.js";
import type { ConfigValue, LayerSpec, LoweredGraph } from "../../../codegen/lower/types.js";
import { optimize } from "../../../ir/passes/pipeline.js";
import type { IRGraph } from "../../../ir/types.js";

export interface Weight {
  readonly name: string;
  readonly shape: readonly number[];
}

export type Breaking =
  | { readonly kind: "removed"; readonly weight: Weight }
  | { readonly kind: "added"; readonly weight: Weight }
  | { readonly kind: "reshaped"; readonly name: string; readonly old: readonly number[]; readonly new: readonly number[] };

export interface WeightCompatibility {
  /** By name and shape: what loading a saved model needs. Empty: loadable. */
  readonly breaking: readonly Breaking[];
  /** Whether a checkpoint's weights (by position and shape) fit the new model. */
  readonly sameLayout: boolean;
  readonly counts: readonly [number, number];
}

/**
 * The weights of the model a graph trains as (optimization level 1, what `mfgc train` uses), in
 * `model.weights` order. Loads TensorFlow.js (cpu backend, no output).
 */
export async function weightsOf(graph: IRGraph, seed = DEFAULT_MODEL_SEED): Promise<Weight[]> {
  const { prepareBackend } = await import("../../../runtime/backend/prepare.js");
  await prepareBackend({ backend: "cpu", log: () => {} });
  const lowered = withCheapInitializers(lowerGraph(optimize(graph, 1).graph, { seed }));
  // tfjs warns on the console about slow initializers; the diff's output is the report alone.
  const warn = console.warn;
  console.warn = () => {};
  let model;
  try {
    model = instantiate(lowered);
  } finally {
    console.warn = warn;
  }
  // `originalName`: tfjs adds a counter to `name` when several models exist in one process; saved
  // models and the layers that load them use the original.
  const out = model.weights.map((w) => ({ name: w.originalName, shape: w.shape.map((d) => d ?? -1) }));
  model.dispose();
  return out;
}

/**
 * Only the weights' names and shapes are read, so their initial values do not matter: orthogonal
 * initializers (tfjs's default for recurrent kernels, a QR decomposition in JavaScript that takes
 * minutes for an LSTM(128) on a loaded CPU) are replaced by zeros of the same shape.
 */
function withCheapInitializers(g: LoweredGraph): LoweredGraph {
  const layer = (spec: LayerSpec): LayerSpec => {
    const config: Record<string, ConfigValue> = {};
    for (const [k, v] of Object.entries(spec.config)) config[k] = value(k, v);
    if (RECURRENT_FACTORIES.has(spec.factory)) config["recurrentInitializer"] ??= "zeros";
    return { ...spec, config };
  };
  const value = (key: string, v: ConfigValue): ConfigValue => {
    if (key.endsWith("Initializer") && (v === "orthogonal" || (typeof v === "object" && v !== null && "kind" in v && v.kind === "initializer" && v.name === "orthogonal"))) return "zeros";
    if (typeof v === "object" && v !== null && "kind" in v && v.kind === "layer") return { ...v, layer: layer(v.layer) };
    return v;
  };
  return { ...g, nodes: g.nodes.map((n) => ({ ...n, layers: n.layers.map(layer) })) };
}

/** tfjs's recurrent layers, whose recurrent kernel is orthogonal unless told otherwise. */
const RECURRENT_FACTORIES: ReadonlySet<string> = new Set(["lstm", "gru", "simpleRNN"]);

export function compareWeights(a: readonly Weight[], b: readonly Weight[]): WeightCompatibility {
  const inB = new Map(b.map((w) => [w.name, w]));
  const inA = new Map(a.map((w) => [w.name, w]));
  const breaking: Breaking[] = [];
  for (const w of a) {
    const other = inB.get(w.name);
    if (other === undefined) breaking.push({ kind: "removed", weight: w });
    else if (other.shape.join(",") !== w.shape.join(",")) breaking.push({ kind: "reshaped", name: w.name, old: w.shape, new: other.shape });
  }
  for (const w of b) if (!inA.has(w.name)) breaking.push({ kind: "added", weight: w });
  const sameLayout = a.length === b.length && a.every((w, i) => w.shape.join(",") === b[i]!.shape.join(","));
  return { breaking, sameLayout, counts: [a.length, b.length] };
}
