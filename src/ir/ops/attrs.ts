/**
 * Typed readers for resolved attrs. The IR builder validates every parameter against the op's
 * `ParamDef`s before calling the op, so a wrong type here is a bug in mfgc (hence `throw`), never a user
 * mistake.
 */
import type { Attrs, AttrValue, LayerAttr } from "../types.js";

function bug(name: string, expected: string, value: AttrValue | undefined): never {
  throw new Error(`internal: attr \`${name}\` should be ${expected} but is ${JSON.stringify(value)}`);
}

export function intAttr(attrs: Attrs, name: string): number {
  const v = attrs[name];
  return typeof v === "number" ? v : bug(name, "a number", v);
}

export function optionalIntAttr(attrs: Attrs, name: string): number | null {
  const v = attrs[name];
  if (v === null || v === undefined) return null;
  return typeof v === "number" ? v : bug(name, "a number or null", v);
}

export const floatAttr = intAttr;

export function boolAttr(attrs: Attrs, name: string): boolean {
  const v = attrs[name];
  return typeof v === "boolean" ? v : bug(name, "a boolean", v);
}

export function stringAttr(attrs: Attrs, name: string): string {
  const v = attrs[name];
  return typeof v === "string" ? v : bug(name, "a string", v);
}

/** An `ints` param: the builder broadcasts ints to lists, but a bare int is accepted too. */
export function intsAttr(attrs: Attrs, name: string, length: number): number[] {
  const v = attrs[name];
  if (typeof v === "number") return Array.from({ length }, () => v);
  if (Array.isArray(v) && v.length === length && v.every((x) => typeof x === "number")) return v as number[];
  return bug(name, `${length} ints`, v);
}

/** An optional `ints` param (null when absent), e.g. pooling `strides` that default to the pool size. */
export function optionalIntsAttr(attrs: Attrs, name: string, length: number): number[] | null {
  const v = attrs[name];
  return v === null || v === undefined ? null : intsAttr(attrs, name, length);
}

export function intListAttr(attrs: Attrs, name: string): number[] {
  const v = attrs[name];
  if (Array.isArray(v) && v.every((x) => typeof x === "number")) return v as number[];
  return bug(name, "a list of ints", v);
}

export function isLayerAttr(v: AttrValue | undefined): v is LayerAttr {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as LayerAttr).op === "string";
}

export function layerAttr(attrs: Attrs, name: string): LayerAttr {
  const v = attrs[name];
  return isLayerAttr(v) ? v : bug(name, "a layer", v);
}
