/**
 * The shapes a train value may take, normalized. A call `adam(lr: 1e-3)`, a bare name `adam`, and the
 * YAML one-entry mapping `{ adam: { lr: 0.001 } }` (or `{ split: 0.1 }`) all become one {@link CallForm};
 * an option group `{ monitor: val_loss }` (or `early_stopping(monitor: val_loss)`) becomes named args.
 */
import type { Span } from "../../diagnostics/span.js";
import type { Value, ValueArg } from "../build/values.js";
import { pushAll } from "../../util/arrays.js";

export interface CallForm {
  readonly name: string;
  readonly nameSpan: Span;
  readonly args: readonly ValueArg[];
  readonly span: Span;
}

export function toCallForm(v: Value): CallForm | undefined {
  if (v.kind === "string") return { name: v.value, nameSpan: v.span, args: [], span: v.span };
  if (v.kind === "call") return { name: v.callee, nameSpan: v.calleeSpan, args: v.args, span: v.span };
  if (v.kind === "object" && v.entries.length === 1) {
    const e = v.entries[0]!;
    const inner = e.value;
    const args: ValueArg[] = inner.kind === "object" ? entriesToArgs(inner) : [{ value: inner, span: inner.span }];
    return { name: e.key, nameSpan: e.keySpan, args, span: v.span };
  }
  return undefined;
}

/** Named arguments of an option group, or undefined when `v` is not one. */
export function toNamedArgs(v: Value): ValueArg[] | undefined {
  if (v.kind === "object") return entriesToArgs(v);
  if (v.kind === "call") return [...v.args];
  return undefined;
}

/**
 * The entries of an option mapping as arguments. An `args` list holds positional arguments (the YAML
 * form of `exponential_decay(1000, 0.9)` is `{ exponential_decay: { args: [1000, 0.9] } }`, as for layers).
 */
function entriesToArgs(v: Extract<Value, { kind: "object" }>): ValueArg[] {
  const positional: ValueArg[] = [];
  const named: ValueArg[] = [];
  for (const e of v.entries) {
    if (e.key === "args" && e.value.kind === "list") pushAll(positional, e.value.items.map((item) => ({ value: item, span: item.span })));
    else named.push({ name: e.key, nameSpan: e.keySpan, value: e.value, span: e.value.span });
  }
  return [...positional, ...named];
}
