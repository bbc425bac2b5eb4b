/**
 * `MfgBidirectional`: Keras `Bidirectional` around any recurrent layer, including `MfgGRU`.
 *
 * tfjs's own Bidirectional works with `MfgGRU` at run time: it only clones the wrapped layer through
 * its registered class and config, flips `goBackwards`, reads `returnSequences`/`returnState`, and
 * reverses the backward sequence before merging (Keras's convention, which `MfgGRU` follows). Only its
 * TypeScript type insists on a tfjs `RNN`. This class is that same tfjs wrapper under an mfgc name and
 * a type that accepts any layer, so generated code needs no cast. It owns nothing itself: the forward
 * and backward copies own their weights, which `fit` trains and `save` stores as
 * forward kernel, recurrent_kernel, bias, then backward — Keras's order.
 *
 * The tfjs class is not exported by name, so it is taken from the serialization registry, where
 * tfjs-layers registers it on import.
 *
 * Self-contained on purpose: it imports only `@tensorflow/tfjs`, so generated code may copy it.
 */
import * as tf from "@tensorflow/tfjs";

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** How the two directions combine (Keras `merge_mode`). */
export type BidirectionalMergeMode = "concat" | "sum" | "mul" | "ave";

/** Configuration (tfjs camelCase keys). */
export interface MfgBidirectionalArgs extends LayerArgs {
  /** The recurrent layer to run in both directions (a tfjs RNN or `MfgGRU`); it is cloned twice. */
  layer: tf.layers.Layer;
  /** Default `concat`, as Keras. */
  mergeMode?: BidirectionalMergeMode;
}

type BidirectionalConstructor = new (args: MfgBidirectionalArgs) => tf.layers.Layer;

function tfjsBidirectional(): BidirectionalConstructor {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap["Bidirectional"];
  if (entry === undefined) throw new Error("MfgBidirectional: tfjs-layers did not register Bidirectional");
  return entry[0] as unknown as BidirectionalConstructor;
}

/** tfjs's Bidirectional wrapper, typed to accept `MfgGRU`; see the file comment. */
export class MfgBidirectional extends tfjsBidirectional() {
  static className = "MfgBidirectional";
}

tf.serialization.registerClass(MfgBidirectional as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
