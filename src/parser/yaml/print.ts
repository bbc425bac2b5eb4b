/**
 * AST → canonical YAML (`mfgc fmt --to yaml`). Deterministic: same AST, same bytes. Strings are always
 * double-quoted (so they never re-parse as names, expressions or numbers); names and expressions are
 * plain; positional arguments stay positional (`maxpool2d: 2`, or `args: [...]`) so that
 * parse → print → parse gives the same AST.
 *
 * What the YAML form cannot say is normalized: a flow's `target = …` becomes `as` on its last step;
 * a DSL call used as a flow source (`concat(x, y, axis: -1)`) becomes `from: [x, y]` plus the rest of
 * its arguments; a train call (`adam(lr: 1e-3)`) becomes the one-entry mapping the train checker reads
 * as that call.
 */
import type { Argument, BlockDecl, CallExpr, Expr, FlowStmt, GraphStmt, Identifier, InputDecl, ModelDecl, Spec, Step, TrainDecl } from "../ast.js";
import { flow, map, renderEntry, renderList, scalar, seq, type YNode } from "./print-tree.js";
import { pushAll } from "../../util/arrays.js";

export function printYaml(spec: Spec): string {
  const out: string[] = ["mfgnet: 1"];
  if (spec.blocks.length > 0) {
    out.push("blocks:");
    for (const b of spec.blocks) printBlock(b, out);
  }
  const model = spec.models[0];
  if (model !== undefined) printModel(model, out);
  const train = spec.trains[0];
  if (train !== undefined) printTrain(train, out);
  return out.join("\n") + "\n";
}

function printModel(m: ModelDecl, out: string[]): void {
  out.push("model:", `  name: ${m.name.name}`);
  const inputs = m.body.filter((s): s is InputDecl => s.kind === "input");
  out.push(inputs.length === 0 ? "  inputs: {}" : "  inputs:");
  for (const i of inputs) {
    const fields: [string, YNode][] = [];
    if (i.shape !== undefined) fields.push(["shape", seq(i.shape.map((d) => (d.kind === "ident" && d.name === "?" ? scalar('"?"') : exprNode(d))))]);
    if (i.dtype !== undefined) fields.push(["dtype", scalar(i.dtype.name)]);
    renderEntry(i.name.name, map(fields), 4, out);
  }
  renderList("layers", layerItems(m.body, inputs[0]?.name), 2, out);
  renderEntry("outputs", seq(outputNames(m.body).map((n) => scalar(n.name))), 2, out);
}

function printBlock(b: BlockDecl, out: string[]): void {
  out.push(`  ${b.name.name}:`);
  if (b.params.length > 0) renderEntry("params", map(b.params.map((p) => [p.name.name, p.default === undefined ? scalar("null") : exprNode(p.default)])), 4, out);
  const inputs = b.body.filter((s): s is InputDecl => s.kind === "input");
  renderEntry("inputs", seq(inputs.map((i) => scalar(i.name.name))), 4, out);
  renderList("layers", layerItems(b.body, inputs[0]?.name), 4, out);
  renderEntry("outputs", seq(outputNames(b.body).map((n) => scalar(n.name))), 4, out);
}

function printTrain(t: TrainDecl, out: string[]): void {
  out.push(t.settings.length === 0 ? "train: {}" : "train:");
  for (const s of t.settings) renderEntry(s.key.name, s.value === undefined ? scalar("true") : exprNode(s.value), 2, out);
}

function outputNames(body: readonly GraphStmt[]): Identifier[] {
  return body.flatMap((s) => (s.kind === "output" ? [...s.names] : []));
}

// ───────────── layers ─────────────

function layerItems(body: readonly GraphStmt[], firstInput: Identifier | undefined): YNode[] {
  const items: YNode[] = [];
  const flows = body.filter((s): s is FlowStmt => s.kind === "flow");
  flows.forEach((f, i) => pushAll(items, flowItems(f, i === 0 ? firstInput : undefined)));
  return items;
}

/** One flow → its layer items; the first carries `from` unless it continues from the first input. */
function flowItems(f: FlowStmt, implicitSource: Identifier | undefined): YNode[] {
  const steps: { call: CallExpr; from?: YNode; repeat?: Expr; alias?: Identifier }[] = f.steps.map((s: Step) => ({
    call: s.call,
    ...(s.repeat !== undefined ? { repeat: s.repeat } : {}),
    ...(s.alias !== undefined ? { alias: s.alias } : {}),
  }));
  if (f.source.kind === "call") {
    // `add(a, b)` as a source: its leading positional names are its tensor inputs.
    const args = f.source.args;
    let n = 0;
    while (n < args.length && args[n]!.name === undefined && args[n]!.value.kind === "ident") n++;
    const names = args.slice(0, n).map((a) => scalar((a.value as Identifier).name));
    steps.unshift({ call: { ...f.source, args: args.slice(n) }, ...(names.length > 0 ? { from: names.length === 1 ? names[0]! : seq(names) } : {}) });
  } else if (steps.length > 0) {
    const from = f.source.kind === "tuple" ? seq(f.source.items.map((i) => scalar(i.name))) : f.source.name === implicitSource?.name ? undefined : scalar(f.source.name);
    if (from !== undefined) steps[0] = { ...steps[0]!, from };
  }
  // `y = x -> …` names the last step (unless it is already named, which YAML cannot say twice).
  const last = steps[steps.length - 1];
  if (f.target !== undefined && last !== undefined && last.alias === undefined) steps[steps.length - 1] = { ...last, alias: f.target };
  return steps.map((s) => layerItem(s.call, s.from, s.repeat, s.alias));
}

function layerItem(call: CallExpr, from: YNode | undefined, repeat: Expr | undefined, alias: Identifier | undefined): YNode {
  if (from === undefined && repeat === undefined && alias === undefined && call.args.length === 0) return scalar(call.callee.name);
  const fields: [string, YNode][] = [];
  if (from !== undefined) fields.push(["from", from]);
  const short = shorthandArg(call.args);
  if (short !== undefined && fields.length === 0 && repeat === undefined && alias === undefined) return map([[call.callee.name, short]]);
  pushAll(fields, argFields(call.args));
  if (repeat !== undefined) fields.push(["repeat", exprNode(repeat)]);
  if (alias !== undefined) fields.push(["as", scalar(alias.name)]);
  return map([[call.callee.name, map(fields)]]);
}

/** `maxpool2d: 2`: one positional argument that cannot be mistaken for a parameter mapping. */
function shorthandArg(args: readonly Argument[]): YNode | undefined {
  const only = args[0];
  if (args.length !== 1 || only === undefined || only.name !== undefined) return undefined;
  if (only.value.kind === "object" || only.value.kind === "call") return undefined;
  return exprNode(only.value);
}

function argFields(args: readonly Argument[]): [string, YNode][] {
  const positional = args.filter((a) => a.name === undefined).map((a) => exprNode(a.value));
  const fields: [string, YNode][] = positional.length > 0 ? [["args", seq(positional)]] : [];
  for (const a of args) if (a.name !== undefined) fields.push([a.name.name, exprNode(a.value)]);
  return fields;
}

/** A call as a value (a nested layer, or a train call): the one-key mapping form. */
function callNode(call: CallExpr): YNode {
  const short = shorthandArg(call.args);
  if (short !== undefined) return map([[call.callee.name, short]]);
  return map([[call.callee.name, map(argFields(call.args))]]);
}

// ───────────── expressions ─────────────

export function exprNode(e: Expr): YNode {
  switch (e.kind) {
    case "list":
      return seq(e.items.map(exprNode));
    case "object":
      return map(e.entries.map((x) => [x.key.name, exprNode(x.value)]));
    case "call":
      return callNode(e);
    default:
      return scalar(scalarText(e));
  }
}

function scalarText(e: Expr): string {
  switch (e.kind) {
    case "number":
      return formatNumber(e.value);
    case "bool":
      return e.value ? "true" : "false";
    case "string":
      return quote(e.value);
    case "ident":
      return e.name;
    case "binary":
    case "unary":
      return arithmetic(e, 0);
    default:
      return flow(exprNode(e));
  }
}

function formatNumber(v: number): string {
  // String(n) gives the shortest round-tripping form; YAML 1.2's core schema reads all of them back.
  return Object.is(v, -0) ? "-0" : String(v);
}

/** Expressions print with spaces around operators and only the parentheses precedence needs. */
function arithmetic(e: Expr, parentPrec: number): string {
  if (e.kind === "binary") {
    const prec = e.op === "+" || e.op === "-" ? 1 : 2;
    // Right operands of the same precedence need parentheses (`a - (b - c)`), left ones do not.
    const text = `${arithmetic(e.left, prec)} ${e.op} ${arithmetic(e.right, prec + 1)}`;
    return prec < parentPrec ? `(${text})` : text;
  }
  if (e.kind === "unary") return `-${arithmetic(e.operand, 3)}`;
  if (e.kind === "number" && e.value < 0 && parentPrec > 0) return `(${formatNumber(e.value)})`;
  return scalarText(e);
}

/**
 * A YAML double-quoted scalar. JSON's escaping is valid YAML; on top of it, characters YAML does not
 * allow raw in a stream (DEL, C1 controls, lone surrogates) and characters some tools read as line
 * breaks (NEL, U+2028, U+2029) are escaped too.
 */
function quote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ud800-\udfff\ufffe\uffff]/gu, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
