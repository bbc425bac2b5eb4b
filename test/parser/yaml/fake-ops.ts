/** A tiny op table for schema-generator tests, independent of the real registry. */
import type { OpDef, ParamDef } from "../../../src/ir/ops/types.js";

function op(name: string, params: ParamDef[]): OpDef {
  return {
    name,
    category: "core",
    doc: `The ${name} op.`,
    inputs: { min: 1, max: 1 },
    params,
    keras: `keras.layers.${name}`,
    infer: () => undefined,
    paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
    flops: () => 0,
  };
}

export const FAKE_OPS: readonly OpDef[] = [
  op("widen", [
    { name: "units", type: { kind: "int", min: 1 }, required: true, positional: true, doc: "How many." },
    { name: "mode", type: { kind: "enum", values: ["fast", "slow"] }, default: "fast", doc: "Speed." },
    { name: "rate", type: { kind: "float", min: 0, max: 1, exclusiveMax: true }, default: 0.5, doc: "A rate." },
    { name: "flag", type: { kind: "bool" }, default: true, doc: "A flag." },
    { name: "window", type: { kind: "ints", length: 2, min: 1 }, default: 2, doc: "Window." },
    { name: "dims", type: { kind: "intList", min: 1 }, doc: "Dims." },
    { name: "label", type: { kind: "string" }, doc: "A label." },
  ]),
  op("squash", []),
  op("wrap", [{ name: "layer", type: { kind: "layer", allowed: ["widen"] }, required: true, positional: true, doc: "The wrapped layer." }]),
];
