/**
 * mfgc's own tfjs layers: what tfjs-layers 4.22 lacks or computes differently from Keras. See
 * README.md in this folder for which spec op uses which tfjs construct and config.
 *
 * Each class registers itself with tfjs's serialization registry when its module is imported;
 * `registerCustomLayers()` does it again explicitly (idempotent), for code that wants to say so
 * before `tf.loadLayersModel`.
 */
import * as tf from "@tensorflow/tfjs";
import { MfgActivation } from "./activation.js";
import { MfgRandomContrast, MfgRandomFlip, MfgRandomRotation, MfgRandomTranslation, MfgRandomZoom } from "./augmentation.js";
import { MfgConv2DTranspose } from "./conv2d-transpose.js";
import { MfgDepthwiseConv2D } from "./depthwise-conv2d.js";
import { MfgCropping1D, MfgZeroPadding1D } from "./padding1d.js";
import { MfgBidirectional } from "./bidirectional.js";
import { MfgGlobalAveragePooling1D } from "./global-average-pooling.js";
import { MfgMerge } from "./merge.js";
import { MfgGRU } from "./gru.js";
import { MfgMultiHeadAttention } from "./multi-head-attention.js";
import { MfgNormalization } from "./normalization.js";
import { MfgPositionalEncoding } from "./positional-encoding.js";
import { MfgSubtract } from "./subtract.js";
import { MfgUpSampling2D } from "./upsampling.js";

export { MfgActivation } from "./activation.js";
export type { MfgActivationArgs } from "./activation.js";
export { activationFunction, type ActivationParams } from "./activation-functions.js";
export { MfgRandomContrast, MfgRandomFlip, MfgRandomRotation, MfgRandomTranslation, MfgRandomZoom, adjustContrast, factorRange, rotationTransforms, zoomTransforms } from "./augmentation.js";
export type { Factor, FillMode, FlipMode, Interpolation, MfgRandomContrastArgs, MfgRandomFlipArgs, MfgRandomRotationArgs, MfgRandomTranslationArgs, MfgRandomZoomArgs } from "./augmentation.js";
export { MfgBidirectional } from "./bidirectional.js";
export { MfgConv2DTranspose, transposedLength } from "./conv2d-transpose.js";
export type { MfgConv2DTransposeArgs } from "./conv2d-transpose.js";
export { MfgDepthwiseConv2D, atrousPadding } from "./depthwise-conv2d.js";
export type { MfgDepthwiseConv2DArgs } from "./depthwise-conv2d.js";
export { MfgCropping1D, MfgZeroPadding1D } from "./padding1d.js";
export type { MfgCropping1DArgs, MfgZeroPadding1DArgs } from "./padding1d.js";
export type { BidirectionalMergeMode, MfgBidirectionalArgs } from "./bidirectional.js";
export { MfgGlobalAveragePooling1D } from "./global-average-pooling.js";
export type { MfgGlobalAveragePooling1DArgs } from "./global-average-pooling.js";
export { MfgGRU } from "./gru.js";
export type { MfgGRUArgs } from "./gru.js";
export { MfgMerge, elementwiseMergeMask, type MergeMode } from "./merge.js";
export type { MfgMergeArgs } from "./merge.js";
export { MfgMultiHeadAttention } from "./multi-head-attention.js";
export type { MfgMultiHeadAttentionArgs } from "./multi-head-attention.js";
export { MfgNormalization } from "./normalization.js";
export type { MfgNormalizationArgs } from "./normalization.js";
export { MfgPositionalEncoding, sinusoidValues } from "./positional-encoding.js";
export type { MfgPositionalEncodingArgs, PositionalEncodingMode } from "./positional-encoding.js";
export { MfgSubtract } from "./subtract.js";
export type { MfgSubtractArgs } from "./subtract.js";
export { MfgUpSampling2D } from "./upsampling.js";
export type { MfgUpSampling2DArgs } from "./upsampling.js";

type Registrable = tf.serialization.SerializableConstructor<tf.serialization.Serializable>;

/** Every custom layer class, for registration and for code that maps class names to classes. */
export const CUSTOM_LAYER_CLASSES = [
  MfgActivation,
  MfgBidirectional,
  MfgConv2DTranspose,
  MfgCropping1D,
  MfgDepthwiseConv2D,
  MfgGlobalAveragePooling1D,
  MfgGRU,
  MfgMerge,
  MfgMultiHeadAttention,
  MfgNormalization,
  MfgPositionalEncoding,
  MfgRandomContrast,
  MfgRandomFlip,
  MfgRandomRotation,
  MfgRandomTranslation,
  MfgRandomZoom,
  MfgSubtract,
  MfgUpSampling2D,
  MfgZeroPadding1D,
] as const;

/** Registers every custom layer with tfjs's serialization registry (safe to call repeatedly). */
export function registerCustomLayers(): void {
  for (const cls of CUSTOM_LAYER_CLASSES) {
    tf.serialization.registerClass(cls as unknown as Registrable);
  }
}
