/** Small readers shared by the train checkers: typed parameter tables over {@link ValueArg}s. */
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../diagnostics/span.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import { KERAS_NAMES, kerasSpellingHint } from "../keras-names.js";
import type { OpLookup } from "../build/op-lookup.js";
import { convertValue, resolveParams } from "../build/op-params.js";
import type { Value } from "../build/values.js";
import type { RawParamDef, ResolvedParams } from "../build/op-params.js";
import type { ParamDef } from "../ops/types.js";
import type { AttrValue } from "../types.js";
import type { CallForm } from "./call-form.js";

/** Train values never contain layers, so the checker needs no op table. */
const NO_OPS: OpLookup = { get: () => undefined, names: () => [] };

export type OptionDef = ParamDef | RawParamDef;

export function readOptions(what: string, defs: readonly OptionDef[], args: CallForm["args"], at: Span, bag: DiagnosticBag): ResolvedParams {
  return resolveParams(what, defs, args, at, NO_OPS, bag);
}

/** Shorthands for option tables. */
export const opt = {
  int(name: string, doc: string, min: number, dflt?: number, extra: Partial<ParamDef> = {}): ParamDef {
    return { name, doc, type: { kind: "int", min }, ...(dflt === undefined ? {} : { default: dflt }), ...extra };
  },
  float(name: string, doc: string, range: Omit<Extract<ParamDef["type"], { kind: "float" }>, "kind">, dflt?: number, extra: Partial<ParamDef> = {}): ParamDef {
    return { name, doc, type: { kind: "float", ...range }, ...(dflt === undefined ? {} : { default: dflt }), ...extra };
  },
  bool(name: string, doc: string, dflt: boolean): ParamDef {
    return { name, doc, type: { kind: "bool" }, default: dflt };
  },
  string(name: string, doc: string, extra: Partial<ParamDef> = {}): ParamDef {
    return { name, doc, type: { kind: "string" }, ...extra };
  },
  enumOf(name: string, doc: string, values: readonly string[], dflt?: string): ParamDef {
    return { name, doc, type: { kind: "enum", values }, ...(dflt === undefined ? {} : { default: dflt }) };
  },
};

/** Reports a name that is not among `known` (optimizers, losses, …) with "did you mean". */
export function reportUnknownName(kind: string, name: string, at: Span, known: readonly string[], bag: DiagnosticBag): void {
  const keras = kerasSpellingHint(name, KERAS_NAMES, known);
  const hints = keras.length > 0 ? keras : didYouMean(name, known);
  if (hints.length === 0) hints.push(`known ${kind}s: ${known.map((k) => `\`${k}\``).join(", ")}`);
  bag.report("MFG3305", `unknown ${kind} \`${name}\``, at, { hints });
}

export function num(attrs: Readonly<Record<string, AttrValue>>, name: string): number {
  return attrs[name] as number;
}

export function numOrNull(attrs: Readonly<Record<string, AttrValue>>, name: string): number | null {
  const v = attrs[name];
  return typeof v === "number" ? v : null;
}

/** Converts a scalar setting (`epochs 10`) with the same messages as op parameters. */
export function readScalar(label: string, type: ParamDef["type"], v: Value, bag: DiagnosticBag): AttrValue | undefined {
  return convertValue(label, type, v, NO_OPS, bag);
}
