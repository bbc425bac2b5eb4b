/**
 * Compile-time values: what an argument expression means once block parameters are substituted and
 * arithmetic is done. Each value keeps the span of the text that produced it, so a later check (a range,
 * an enum) points at the smallest piece of the spec that shows the mistake.
 */
import type { Span } from "../../diagnostics/span.js";

/** A name written without quotes keeps `fromIdent` so checks can tell `relu` from `"relu"` if they care. */
export interface StringValue {
  readonly kind: "string";
  readonly value: string;
  readonly fromIdent: boolean;
  readonly span: Span;
}

export interface NumberValue {
  readonly kind: "number";
  readonly value: number;
  readonly span: Span;
}

export interface BoolValue {
  readonly kind: "bool";
  readonly value: boolean;
  readonly span: Span;
}

export interface ListValue {
  readonly kind: "list";
  readonly items: readonly Value[];
  readonly span: Span;
}

export interface ObjectValue {
  readonly kind: "object";
  readonly entries: readonly { readonly key: string; readonly keySpan: Span; readonly value: Value }[];
  readonly span: Span;
}

/** A call written as a value: a nested layer (`lstm(64)`) or a train value (`adam(lr: 1e-3)`). */
export interface CallValue {
  readonly kind: "call";
  readonly callee: string;
  readonly calleeSpan: Span;
  readonly args: readonly ValueArg[];
  readonly span: Span;
}

export type Value = StringValue | NumberValue | BoolValue | ListValue | ObjectValue | CallValue;

/** An evaluated argument; `value` is undefined when evaluating it already reported an error. */
export interface ValueArg {
  readonly name?: string;
  readonly nameSpan?: Span;
  readonly value: Value | undefined;
  /** Span of the argument's value expression. */
  readonly span: Span;
}

/** Human words for a value kind, for "expected an integer, got a list". */
export function describeValue(v: Value): string {
  switch (v.kind) {
    case "string":
      return v.fromIdent ? `the name \`${v.value}\`` : `the string "${v.value}"`;
    case "number":
      return Number.isInteger(v.value) ? `the integer ${v.value}` : `the number ${v.value}`;
    case "bool":
      return `\`${v.value}\``;
    case "list":
      return `a list of ${v.items.length}`;
    case "object":
      return "an object";
    case "call":
      return `a call of \`${v.callee}\``;
  }
}
