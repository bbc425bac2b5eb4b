/**
 * The op registry: every op mfgc knows, sorted by name. The IR builder, shape inference, summaries,
 * the YAML JSON Schema, `docs/ops.md` and codegen all read this table.
 */
import type { OpDef } from "./types.js";
import { ACTIVATION } from "./activation.js";
import { ELU, LEAKY_RELU, PRELU, RELU, SOFTMAX } from "./activation-layers.js";
import { RANDOM_CONTRAST, RANDOM_FLIP, RANDOM_ROTATION, RANDOM_TRANSLATION, RANDOM_ZOOM } from "./augmentation.js";
import { MULTI_HEAD_ATTENTION } from "./attention.js";
import { CONV1D, CONV2D, CONV2D_TRANSPOSE, DEPTHWISE_CONV2D, SEPARABLE_CONV2D } from "./convolution.js";
import { DENSE } from "./dense.js";
import { EMBEDDING, POSITIONAL_ENCODING } from "./embedding.js";
import { MASKING } from "./masking.js";
import { ADD, AVERAGE, CONCAT, MULTIPLY, SUBTRACT } from "./merge.js";
import { BATCHNORM, LAYERNORM } from "./normalization.js";
import { AVGPOOL1D, AVGPOOL2D, GLOBAL_AVGPOOL1D, GLOBAL_AVGPOOL2D, GLOBAL_MAXPOOL1D, GLOBAL_MAXPOOL2D, MAXPOOL1D, MAXPOOL2D } from "./pooling.js";
import { NORMALIZATION, RESCALING } from "./preprocessing.js";
import { GRU, LSTM, SIMPLE_RNN } from "./recurrent.js";
import { DROPOUT } from "./regularization.js";
import { CROPPING1D, CROPPING2D, ZERO_PADDING1D, ZERO_PADDING2D } from "./padding.js";
import { FLATTEN, PERMUTE, RESHAPE, UPSAMPLING2D } from "./reshaping.js";
import { BIDIRECTIONAL, TIME_DISTRIBUTED } from "./wrappers.js";

export { ACTIVATIONS, type ActivationName } from "./activations.js";

const ALL: readonly OpDef[] = [
  ACTIVATION, ADD, AVERAGE, AVGPOOL1D, AVGPOOL2D, BATCHNORM, BIDIRECTIONAL, CONCAT, CONV1D, CONV2D, CONV2D_TRANSPOSE, CROPPING1D,
  CROPPING2D, DENSE, DEPTHWISE_CONV2D, DROPOUT, ELU, EMBEDDING, FLATTEN, GLOBAL_AVGPOOL1D, GLOBAL_AVGPOOL2D, GLOBAL_MAXPOOL1D,
  GLOBAL_MAXPOOL2D, GRU, LAYERNORM, LEAKY_RELU, LSTM, MASKING, MAXPOOL1D, MAXPOOL2D, MULTI_HEAD_ATTENTION, MULTIPLY,
  NORMALIZATION, PERMUTE, POSITIONAL_ENCODING, PRELU, RANDOM_CONTRAST, RANDOM_FLIP, RANDOM_ROTATION, RANDOM_TRANSLATION,
  RANDOM_ZOOM, RELU, RESCALING, RESHAPE, SEPARABLE_CONV2D, SIMPLE_RNN, SOFTMAX, SUBTRACT, TIME_DISTRIBUTED, UPSAMPLING2D,
  ZERO_PADDING1D, ZERO_PADDING2D,
];

/** Every op, sorted by name (for determinism of docs, schema and suggestions). */
export const OPS: readonly OpDef[] = [...ALL].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** Op names in the same order as {@link OPS} (for "did you mean …?" suggestions). */
export const OP_NAMES: readonly string[] = OPS.map((op) => op.name);

const BY_NAME: ReadonlyMap<string, OpDef> = new Map(OPS.map((op) => [op.name, op]));

/** The op called `name`, or undefined for an unknown name. */
export function getOp(name: string): OpDef | undefined {
  return BY_NAME.get(name);
}
