/**
 * Which schema errors the YAML front-end leaves to the checker. The published schema types the whole
 * language (so editors flag everything as you type), but a mistake that can also be made in the DSL —
 * an op parameter, an unknown op, a model input's dtype or dimensions, anything under `train:` — must
 * get the DSL's code and words. The IR builder and the train checker produce those for both forms, so
 * the front-end reports only what is YAML's own: the document's structure, names, layer-item shape.
 */
import type { ErrorObject } from "ajv";
import { pointerSegments } from "./path-index.js";
import { RESERVED_LAYER_KEYS } from "./schema.js";

const isIndex = (s: string | undefined): boolean => s !== undefined && /^\d+$/.test(s);

/** Keys of a layer item's mapping whose values the front-end itself reads (`repeat` is the checker's). */
const STRUCTURAL_LAYER_KEYS: readonly string[] = RESERVED_LAYER_KEYS.filter((k) => k !== "repeat");

/** True when the checker reports this schema error (with the DSL's code) on the converted spec. */
export function isCheckerCovered(e: ErrorObject): boolean {
  const segs = pointerSegments(e.instancePath);
  const keyError = e.keyword === "additionalProperties" || e.propertyName !== undefined;
  // A name that is a reserved word: the front-end's name check reports it (MFG1012/MFG1018), as the DSL's.
  if (e.keyword === "not") return true;
  if (segs[0] === "train") return segs.length >= 2 || keyError || e.keyword === "required";
  const layers = segs.findIndex((s, i) => s === "layers" && isIndex(segs[i + 1]));
  if (layers >= 0) {
    const depth = segs.length - layers;
    // At the item itself: an unknown op (a key, or a plain name) is the builder's MFG3008; the item's
    // shape (one key, a mapping or a name) is the front-end's.
    if (depth === 2) return e.keyword === "additionalProperties" || e.keyword === "enum";
    if (depth === 3) {
      const key = e.keyword === "additionalProperties" ? String(e.params.additionalProperty) : undefined;
      return key === undefined || !STRUCTURAL_LAYER_KEYS.includes(key);
    }
    // Inside `args` (not `args` itself): positional parameters, typed in order.
    if (segs[layers + 3] === "args") return depth >= 5;
    return !STRUCTURAL_LAYER_KEYS.includes(segs[layers + 3]!);
  }
  if (segs[0] === "model" && segs[1] === "inputs" && segs.length >= 3) {
    if (segs.length === 3) return e.keyword === "required";
    if (segs[3] === "dtype") return true;
    return segs[3] === "shape" && segs.length >= 5;
  }
  return false;
}
