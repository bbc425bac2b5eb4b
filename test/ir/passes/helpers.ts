/**
 * Numeric proof of graph rewrites: build the model before and after a pass with the same weights (copied
 * by node, through the pass's `renamed` map and weight plan) and compare outputs on the same inputs.
 */
import * as tf from "@tensorflow/tfjs";
import { expect } from "vitest";
import { instantiate } from "../../../src/codegen/lower/instantiate.js";
import { lowerGraph } from "../../../src/codegen/lower/lower-graph.js";
import type { LoweredGraph } from "../../../src/codegen/lower/types.js";
import { applyWeightPlan } from "../../../src/export/apply-plan.js";
import { compareModels, randomInputs } from "../../../src/export/compare.js";
import { readWeightStore, writeWeightStore, type WeightStore } from "../../../src/export/weight-store.js";
import { renameSteps, type WeightPlanStep } from "../../../src/ir/passes/inference/plan.js";
import { verifyGraph } from "../../../src/ir/verify.js";
import type { IRGraph } from "../../../src/ir/types.js";
import { compileText } from "../../../src/pipeline.js";

export async function useCpu(): Promise<void> {
  await tf.setBackend("cpu");
}

/** Compiles a DSL spec; fails the test on any error diagnostic. */
export function graphOf(text: string): IRGraph {
  const compiled = compileText(text, "t.mfgnet", "dsl");
  const errors = compiled.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}: ${d.message}`);
  expect(errors, text).toEqual([]);
  return compiled.graph!;
}

export function expectValid(graph: IRGraph): void {
  expect(verifyGraph(graph)).toEqual([]);
}

export function opsOf(graph: IRGraph): string[] {
  return graph.nodes.map((n) => n.op);
}

export function built(graph: IRGraph, seed = 11): { lowered: LoweredGraph; model: tf.LayersModel } {
  const lowered = lowerGraph(graph, { seed });
  return { lowered, model: instantiate(lowered) };
}

/** A deterministic pseudo-random stream (mulberry32) so weights do not depend on tfjs's RNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Replaces every weight with random values so nothing is trivially zero or one: BatchNorm variances in
 * [0.5, 1.5], means/β in [−0.5, 0.5], γ in [0.5, 1.5]; kernels and biases in [−0.5, 0.5].
 */
export function randomizeWeights(model: tf.LayersModel, seed = 3): void {
  const next = rng(seed);
  for (const layer of model.layers) {
    const weights = layer.weights.map((w) => {
      const n = w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
      const name = w.originalName;
      const positive = /moving_variance|gamma/.test(name);
      const values = Float32Array.from({ length: n }, () => (positive ? 0.5 + next() : next() - 0.5));
      return tf.tensor(values, w.shape as number[]);
    });
    if (weights.length > 0) layer.setWeights(weights);
    tf.dispose(weights);
  }
}

export interface Equivalence {
  readonly before: IRGraph;
  readonly after: IRGraph;
  readonly maxDiff: number;
}

/**
 * Builds both graphs, randomizes the `before` model's weights, carries them to the `after` model by node
 * (renames and weight plan applied) and returns the largest output difference on random inputs.
 */
export async function outputDifference(before: IRGraph, after: IRGraph, steps: { renamed?: Readonly<Record<string, string>>; plan?: readonly WeightPlanStep[] } = {}, inputRange: readonly [number, number] = [-1, 1]): Promise<number> {
  const a = built(before);
  randomizeWeights(a.model);
  const b = built(after, 99);
  const { store, mismatches } = await readWeightStore(a.model, a.lowered);
  expect(mismatches).toEqual([]);
  const plan = steps.plan ?? renameSteps(steps.renamed);
  const moved: WeightStore = applyWeightPlan(store, plan);
  writeWeightStore(b.model, b.lowered, moved);
  const xs = randomInputs(a.model, { batch: 3, seed: 5, range: inputRange });
  const diff = await compareModels(a.model, b.model, xs);
  tf.dispose(xs);
  a.model.dispose();
  b.model.dispose();
  return diff;
}
