/**
 * Initializers of mfgc's own layers, named by string in their configs (so a saved model reloads without
 * serialized initializer objects) and seeded per weight. Shared by every layer in this folder.
 *
 * Imports only `@tensorflow/tfjs`, so generated code may copy it beside the layers that use it.
 */
import * as tf from "@tensorflow/tfjs";

export type Initializer = ReturnType<typeof tf.initializers.zeros>;

/** A distinct, non-zero seed per weight of a layer (tfjs treats seed 0 as unseeded for normal draws). */
export function deriveSeed(seed: number | null, index: number): number | undefined {
  if (seed === null) return undefined;
  return Math.abs((seed * 1000003 + (index + 1) * 7919) % 2147483647) || 1;
}

/**
 * The tfjs initializer for a camelCase (or Keras snake_case — tfjs writes config strings in snake_case on
 * save) name, with Keras's defaults, seeded where it draws numbers. `owner` names the layer in errors.
 */
export function createInitializer(name: string, seed: number | undefined, owner = "mfgc layer"): Initializer {
  switch (name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())) {
    case "glorotUniform": return tf.initializers.glorotUniform({ seed });
    case "glorotNormal": return tf.initializers.glorotNormal({ seed });
    case "heUniform": return tf.initializers.heUniform({ seed });
    case "heNormal": return tf.initializers.heNormal({ seed });
    case "lecunUniform": return tf.initializers.leCunUniform({ seed });
    case "lecunNormal": return tf.initializers.leCunNormal({ seed });
    case "orthogonal": return tf.initializers.orthogonal({ gain: 1, seed });
    // Keras's RandomUniform / RandomNormal defaults.
    case "randomUniform": return tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed });
    case "randomNormal": return tf.initializers.randomNormal({ mean: 0, stddev: 0.05, seed });
    case "zeros": return tf.initializers.zeros();
    case "ones": return tf.initializers.ones();
    default: throw new Error(`${owner}: unknown initializer '${name}'`);
  }
}
