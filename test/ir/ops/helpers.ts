/**
 * Test helpers for ops: attrs resolved the way the IR builder does (defaults filled, ints broadcast,
 * nested layers resolved), and a fake InferContext that records errors instead of printing them.
 */
import type { DiagnosticCode } from "../../../src/diagnostics/catalogue.js";
import type { Span } from "../../../src/diagnostics/span.js";
import type { Attrs, AttrValue, DType, Shape } from "../../../src/ir/types.js";
import type { InferContext, InferInput, InferResult, OpDef } from "../../../src/ir/ops/types.js";
import { getOp } from "../../../src/ir/ops/registry.js";

export interface RecordedError {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly span: Span | undefined;
  readonly hints: readonly string[];
  readonly notes: readonly { message: string; span: Span }[];
}

export const OP_SPAN: Span = { file: "t.mfgnet", start: 100, end: 120 };

export function op(name: string): OpDef {
  const def = getOp(name);
  if (def === undefined) throw new Error(`no op ${name}`);
  return def;
}

/** A nested layer argument, e.g. `layer("lstm", { units: 64 })`. */
export function layer(name: string, given: Record<string, AttrValue> = {}): AttrValue {
  return { op: name, attrs: resolveAttrs(name, given) };
}

/** Fills defaults (null for optional params without one) and broadcasts `ints` like the builder. */
export function resolveAttrs(name: string, given: Record<string, AttrValue> = {}): Attrs {
  const def = op(name);
  const attrs: Record<string, AttrValue> = {};
  for (const p of def.params) {
    const value = given[p.name] ?? p.default ?? null;
    if (p.required && value === null) throw new Error(`test forgot required ${name}.${p.name}`);
    attrs[p.name] =
      p.type.kind === "ints" && typeof value === "number"
        ? Array.from({ length: p.type.length }, () => value)
        : p.type.kind === "pairs" && typeof value === "number"
          ? Array.from({ length: p.type.length }, () => [value, value])
          : value;
  }
  for (const key of Object.keys(given)) if (!(key in attrs)) throw new Error(`unknown param ${name}.${key}`);
  return attrs;
}

/** An input tensor produced by node `from` (default `x`). */
export function input(shape: Shape, dtype: DType = "f32", from = "x"): InferInput {
  return { shape, dtype, from, span: { file: "t.mfgnet", start: 10, end: 12 } };
}

export interface InferOutcome {
  readonly result: InferResult | undefined;
  readonly errors: RecordedError[];
}

export function fakeContext(name: string, attrs: Attrs, inputs: readonly InferInput[], errors: RecordedError[]): InferContext {
  return {
    op: name,
    attrs,
    inputs,
    span: OP_SPAN,
    paramSpan: (param) => ({ file: "t.mfgnet", start: 200, end: 200 + param.length }),
    error(code, message, opts) {
      errors.push({ code, message, span: opts?.span, hints: opts?.hints ?? [], notes: opts?.notes ?? [] });
    },
  };
}

/** Runs `check` then (if it reported nothing) `infer`, as the builder does. */
export function run(name: string, given: Record<string, AttrValue>, inputs: readonly InferInput[]): InferOutcome {
  const def = op(name);
  const errors: RecordedError[] = [];
  const ctx = fakeContext(name, resolveAttrs(name, given), inputs, errors);
  def.check?.(ctx);
  if (errors.length > 0) return { result: undefined, errors };
  const result = def.infer(ctx);
  if (result === undefined && errors.length === 0) throw new Error(`${name}.infer returned undefined without an error`);
  return { result, errors };
}

/** Output shape of a successful inference (fails the test on any error). */
export function shapeOf(name: string, given: Record<string, AttrValue>, ...shapes: Shape[]): Shape {
  const { result, errors } = run(name, given, shapes.map((s) => input(s)));
  if (errors.length > 0 || result === undefined) throw new Error(`unexpected errors: ${errors.map((e) => `${e.code} ${e.message}`).join("; ")}`);
  return result.shape;
}

/** The single error an inference reports. */
export function errorOf(name: string, given: Record<string, AttrValue>, ...inputs: InferInput[]): RecordedError {
  const { errors } = run(name, given, inputs);
  if (errors.length !== 1) throw new Error(`expected one error, got ${errors.length}: ${errors.map((e) => e.message).join("; ")}`);
  return errors[0]!;
}

/** Total Keras parameter count (trainable + non-trainable) for an op on input shapes. */
export function params(name: string, given: Record<string, AttrValue>, ...shapes: Shape[]): { trainable: number; nonTrainable: number; total: number } {
  const c = op(name).paramCount(resolveAttrs(name, given), shapes);
  return { ...c, total: c.trainable + c.nonTrainable };
}
