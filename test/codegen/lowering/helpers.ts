/** Shared helpers for the codegen tests: compile spec text, build the in-process model, random inputs. */
import * as tf from "@tensorflow/tfjs";
import { expect } from "vitest";
import { lowerGraph } from "../../../src/codegen/lower/lower-graph.js";
import { instantiate } from "../../../src/codegen/lower/instantiate.js";
import type { LoweredGraph } from "../../../src/codegen/lower/types.js";
import { compileText, type CompiledSpec, type SpecFormat } from "../../../src/pipeline.js";
import type { IRGraph } from "../../../src/ir/types.js";

/** Compiles spec text and fails the test (listing the diagnostics) unless it has a graph. */
export function compileOk(text: string, format: SpecFormat = "dsl", path = format === "dsl" ? "t.mfgnet" : "t.mfgnet.yaml"): CompiledSpec & { graph: IRGraph } {
  const compiled = compileText(text, path, format);
  const errors = compiled.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}: ${d.message}`);
  expect(errors, `diagnostics of\n${text}`).toEqual([]);
  expect(compiled.graph).toBeDefined();
  return compiled as CompiledSpec & { graph: IRGraph };
}

/** Lowers and instantiates an IR graph with a fixed seed. */
export function build(graph: IRGraph, seed = 7): { lowered: LoweredGraph; model: tf.LayersModel } {
  const lowered = lowerGraph(graph, { seed });
  return { lowered, model: instantiate(lowered) };
}

/** Size used for a `?` dimension in test inputs. */
export const DYNAMIC_DIM = 5;

/**
 * A deterministic random batch for each model input: floats in [-1, 1) for f32 inputs, ints in
 * [0, intMax) for i32 inputs (token ids; `intMax` must not exceed the smallest embedding's input_dim).
 */
export function randomInputs(model: tf.LayersModel, batch = 3, seed = 1, intMax = 8): tf.Tensor[] {
  return model.inputs.map((input, k) => {
    const shape = [batch, ...input.shape.slice(1).map((d) => d ?? DYNAMIC_DIM)];
    if (input.dtype === "int32") return tf.randomUniform(shape, 0, intMax, "int32", seed + k);
    return tf.randomUniform(shape, -1, 1, "float32", seed + k);
  });
}

/** Predictions as a list (one per output), whatever `predict` returned. */
export function predictAll(model: tf.LayersModel, xs: tf.Tensor[]): tf.Tensor[] {
  const y = model.predict(xs.length === 1 ? xs[0]! : xs);
  return Array.isArray(y) ? y : [y as tf.Tensor];
}

/** Number of scalars in a list of weights. */
export function weightCount(weights: readonly tf.LayerVariable[]): number {
  return weights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b ?? 0), 1), 0);
}
