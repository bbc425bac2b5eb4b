/** How a layer's weights are named inside it, so weights can be matched between two models by name. */
import type * as tf from "@tensorflow/tfjs";

/**
 * Short weight names of a layer: the variable's scoped name without the `<layer>/` prefix
 * (`conv1/kernel` → `kernel`). Falls back to positions (`#0`, `#1`) if the names are not unique.
 */
export function weightKeys(layer: tf.layers.Layer): string[] {
  return shortWeightNames(layer.name, layer.weights.map((w) => w.originalName));
}

/** {@link weightKeys} for saved weight names (`<layer>/<weight>`, as a model.json manifest lists them). */
export function shortWeightNames(layerName: string, fullNames: readonly string[]): string[] {
  const prefix = `${layerName}/`;
  const keys = fullNames.map((n) => (n.startsWith(prefix) ? n.slice(prefix.length) : n));
  return new Set(keys).size === keys.length ? keys : keys.map((_, i) => `#${i}`);
}
