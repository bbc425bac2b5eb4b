/**
 * `layers:` lists → flows. Each item is a step that continues the previous item's flow unless it has
 * `from`; the first item continues from the first input (of the model or the block).
 */
import { isMap, isScalar, isSeq, type Node, type YAMLSeq } from "yaml";
import { createSpan } from "../../diagnostics/span.js";
import type { Argument, CallExpr, Expr, FlowStmt, Identifier, ObjectEntry, Step, TupleRef } from "../ast.js";
import { checkedName, deref, entries, keyIdentifier, scalarIdentifier, spanOf, type ConvertContext, type Entry } from "./convert-context.js";
import { scalarToExpr } from "./scalars.js";
import { pushAll } from "../../util/arrays.js";

/** A layer item, before it is placed in a flow. */
interface LayerItem {
  readonly call: CallExpr;
  readonly alias?: Identifier;
  /** The second name of `as: [alias, target]`: the DSL's `target = … as alias`. */
  readonly target?: Identifier;
  readonly from?: Identifier | TupleRef;
  readonly repeat?: Expr;
  readonly span: ReturnType<typeof spanOf>;
}

export function convertLayers(ctx: ConvertContext, node: Node | null, firstInput: Identifier | undefined): FlowStmt[] {
  if (!isSeq(node)) return [];
  const flows: { source: FlowStmt["source"]; steps: Step[]; target?: Identifier }[] = [];
  for (const raw of (node as YAMLSeq).items) {
    const item = layerItem(ctx, deref(ctx, raw));
    if (item === undefined) continue;
    const step: Step = {
      kind: "step",
      call: item.call,
      ...(item.repeat !== undefined ? { repeat: item.repeat } : {}),
      ...(item.alias !== undefined ? { alias: item.alias } : {}),
      span: item.span,
    };
    const current = flows[flows.length - 1];
    if (item.from !== undefined || current === undefined || current.target !== undefined) {
      // After a step named twice the flow has ended (its second name names its result, as the DSL's
      // `target = …` does); the next item continues from that result by its first name.
      const continued = current?.target !== undefined ? current.steps[current.steps.length - 1]!.alias : undefined;
      const source = item.from ?? (continued !== undefined ? { ...continued } : firstInput);
      // No input to continue from: the schema requires at least one input, so it has already reported
      // `inputs` (missing, empty or not a mapping/list); saying so again at every layer is a cascade.
      if (source === undefined) continue;
      flows.push({ source, steps: [step], ...(item.target !== undefined ? { target: item.target } : {}) });
    } else {
      current.steps.push(step);
      if (item.target !== undefined) current.target = item.target;
    }
  }
  return flows.map(({ source, steps, target }) => ({
    kind: "flow",
    ...(target !== undefined ? { target } : {}),
    source,
    steps,
    // From the first item to the last: a `from` is written inside the first item.
    span: createSpan(ctx.file, steps[0]!.span.start, steps[steps.length - 1]!.span.end),
  }));
}

/**
 * `flatten`, `maxpool2d: 2`, `conv2d: { filters: 32, as: c1 }` → a call plus the reserved keys.
 * The same shape serves a layer given as a parameter (`bidirectional: { layer: { lstm: 64 } }`);
 * there the reserved keys mean nothing. Unknown names are the IR builder's to report (MFG3008).
 */
function layerItem(ctx: ConvertContext, node: Node | null): LayerItem | undefined {
  const span = spanOf(ctx, node);
  if (isScalar(node)) {
    const callee = scalarIdentifier(ctx, node);
    if (callee === undefined || typeof node.value !== "string") return undefined;
    return { call: { kind: "call", callee, args: [], span }, span };
  }
  const [first, ...rest] = entries(ctx, node);
  if (first === undefined || rest.length > 0) return undefined; // the schema reported it
  const callee = keyIdentifier(ctx, first);
  const positional: Argument[] = [];
  const named: Argument[] = [];
  let alias: Identifier | undefined;
  let target: Identifier | undefined;
  let from: Identifier | TupleRef | undefined;
  let repeat: Expr | undefined;
  const value = first.value;
  if (isMap(value)) {
    for (const e of entries(ctx, value)) {
      if (e.name === "as") [alias, target] = namesValue(ctx, e.value);
      else if (e.name === "from") from = fromValue(ctx, e.value);
      else if (e.name === "repeat") repeat = isScalar(e.value) ? scalarToExpr(ctx, e.value) : undefined;
      else if (e.name === "args" && isSeq(e.value)) pushAll(positional, (e.value as YAMLSeq).items.flatMap((n) => positionalArg(ctx, deref(ctx, n))));
      else pushAll(named, namedArg(ctx, e));
    }
  } else if (value !== null) {
    pushAll(positional, positionalArg(ctx, value));
  }
  const call: CallExpr = { kind: "call", callee, args: [...positional, ...named], span };
  return {
    call,
    span,
    ...(alias !== undefined ? { alias } : {}),
    ...(target !== undefined ? { target } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(repeat !== undefined ? { repeat } : {}),
  };
}

/** `as: a` → [a]; `as: [a, b]` → [a, b] (the schema allows at most two names). */
function namesValue(ctx: ConvertContext, node: Node | null): [Identifier | undefined, Identifier | undefined] {
  if (isScalar(node)) return [checkedName(ctx, scalarIdentifier(ctx, node)), undefined];
  if (!isSeq(node)) return [undefined, undefined];
  const [a, b] = (node as YAMLSeq).items.map((n) => checkedName(ctx, scalarIdentifier(ctx, deref(ctx, n))));
  return [a, b];
}

/** `from: a` → the name; `from: [a, b]` → a tuple (one name in a list is just that name). */
function fromValue(ctx: ConvertContext, node: Node | null): Identifier | TupleRef | undefined {
  if (isScalar(node)) return checkedName(ctx, scalarIdentifier(ctx, node));
  if (!isSeq(node)) return undefined;
  const items = (node as YAMLSeq).items.map((n) => checkedName(ctx, scalarIdentifier(ctx, deref(ctx, n)))).filter((i): i is Identifier => i !== undefined);
  if (items.length === 1) return items[0];
  return { kind: "tuple", items, span: spanOf(ctx, node) };
}

function positionalArg(ctx: ConvertContext, node: Node | null): Argument[] {
  const value = argValue(ctx, node);
  return value === undefined ? [] : [{ kind: "arg", value, span: value.span }];
}

function namedArg(ctx: ConvertContext, e: Entry): Argument[] {
  const value = argValue(ctx, e.value);
  return value === undefined ? [] : [{ kind: "arg", name: keyIdentifier(ctx, e), value, span: e.span }];
}

/**
 * A parameter value: scalars by the scalar rules, lists item by item, and a one-key mapping is a
 * layer (`layer: { lstm: { units: 64 } }` → `lstm(units: 64)`); other mappings stay objects.
 */
export function argValue(ctx: ConvertContext, node: Node | null): Expr | undefined {
  if (isScalar(node)) return scalarToExpr(ctx, node);
  const span = spanOf(ctx, node);
  if (isSeq(node)) {
    const items = (node as YAMLSeq).items.map((n) => argValue(ctx, deref(ctx, n))).filter((x): x is Expr => x !== undefined);
    return { kind: "list", items, span };
  }
  if (isMap(node)) {
    const es = entries(ctx, node);
    if (es.length === 1) return layerItem(ctx, node)?.call;
    const objectEntries: ObjectEntry[] = es.flatMap((e) => {
      const value = argValue(ctx, e.value);
      return value === undefined ? [] : [{ kind: "entry" as const, key: keyIdentifier(ctx, e), value, span: e.span }];
    });
    return { kind: "object", entries: objectEntries, span };
  }
  return undefined;
}
