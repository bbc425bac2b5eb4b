/** Reading the loosely typed attributes of tfjs convolution and pooling kernels. */
import type { ExplicitPadding } from "./wasm-scope.js";

/** `2` and `[2, 2]` both mean "2 along height and width". */
export function pair(value: unknown, fallback = 1): [number, number] {
  if (value === undefined || value === null) return [fallback, fallback];
  if (typeof value === "number") return [value, value];
  if (Array.isArray(value) && typeof value[0] === "number" && typeof value[1] === "number") return [value[0], value[1]];
  throw new Error(`mfgc wasm kernels: expected a number or a pair of numbers, got ${JSON.stringify(value)}`);
}

/** The padding attribute as tfjs's shape helpers accept it. */
export type PadAttr = "valid" | "same" | number | ExplicitPadding;

export function padAttr(value: unknown): PadAttr {
  if (value === "valid" || value === "same" || typeof value === "number" || Array.isArray(value)) return value as PadAttr;
  throw new Error(`mfgc wasm kernels: unsupported padding ${JSON.stringify(value)}`);
}

export type RoundingMode = "floor" | "round" | "ceil" | undefined;

export function roundingMode(value: unknown): RoundingMode {
  return value === "floor" || value === "round" || value === "ceil" ? value : undefined;
}

/** Explicit NHWC padding from the resolved top/bottom/left/right amounts. */
export function explicitPadding(top: number, bottom: number, left: number, right: number): ExplicitPadding {
  return [[0, 0], [top, bottom], [left, right], [0, 0]];
}

export function shape4(shape: readonly number[]): [number, number, number, number] {
  if (shape.length !== 4) throw new Error(`mfgc wasm kernels: expected a rank-4 shape, got [${shape.join(", ")}]`);
  return [shape[0] ?? 0, shape[1] ?? 0, shape[2] ?? 0, shape[3] ?? 0];
}

/** The four padding amounts of a resolved convolution/pooling geometry. */
export interface Padding4 {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

export function pad4Info(p: { top: number; bottom: number; left: number; right: number }): Padding4 {
  return { top: p.top, bottom: p.bottom, left: p.left, right: p.right };
}
