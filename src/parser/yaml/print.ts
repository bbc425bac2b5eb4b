/**
 * AST → canonical YAML (`mfgc fmt --to yaml`, and `mfgc fmt` of a YAML spec). Deterministic: same AST
 * and comments, same bytes. Strings are always double-quoted (so they never re-parse as names,
 * expressions or numbers); names and expressions are plain; positional arguments stay positional
 * (`maxpool2d: 2`, or `args: [...]`) so that parse → print → parse gives the same AST.
 *
 * What the YAML form says differently is normalized: a flow's `target = …` becomes `as` on its last step
 * (`as: [alias, target]` when that step is named too); a DSL call used as a flow source
 * (`concat(x, y, axis: -1)`) becomes `from: [x, y]` plus the rest of its arguments; a train call
 * (`adam(lr: 1e-3)`) becomes the one-entry mapping the train checker reads as that call.
 *
 * Comments are carried over: each is written next to the YAML node that renders the AST node it was
 * attached to, or the nearest enclosing one (a name the YAML form has no place for).
 */
import type { Argument, AstNode, BlockDecl, CallExpr, Expr, FlowStmt, GraphStmt, Identifier, InputDecl, ModelDecl, Spec, Step, TrainDecl } from "../ast.js";
import { Trivia } from "../comments/attach.js";
import { hashCommentLines, type SourceComment } from "../comments/types.js";
import { getOp } from "../../ir/ops/registry.js";
import { printExpr } from "../dsl/printer.js";
import { EXPR_RE } from "./schema-patterns.js";
import { entry, map, renderDocument, scalar, seq, type YEntry, type YMeta, type YNode } from "./print-tree.js";
import { pushAll } from "../../util/arrays.js";

export function printYaml(spec: Spec, trivia: Trivia = Trivia.empty()): string {
  const b = new YamlTreeBuilder();
  const root = b.document(spec);
  const unplaced = b.attachComments(trivia);
  const out: string[] = [];
  trivia.header.forEach((c, i) => {
    if (i > 0 && c.blankBefore) out.push("");
    pushAll(out, hashCommentLines(c));
  });
  if (trivia.header.length > 0 && headerBlankAfter(trivia)) out.push("");
  pushAll(out, renderDocument(root));
  if (unplaced.length > 0) {
    out.push("");
    for (const c of unplaced) pushAll(out, hashCommentLines(c));
  }
  return out.map((l) => l.replace(/[ \t]+$/, "")).join("\n") + "\n";
}

/** Whether the source left a blank line after its header comments. */
function headerBlankAfter(trivia: Trivia): boolean {
  const last = trivia.header[trivia.header.length - 1]!;
  const rest = trivia.text.slice(last.span.end);
  return /^[ \t]*(\r\n|\r|\n)[ \t]*(\r\n|\r|\n)/.test(rest);
}

type Target = YMeta;

class YamlTreeBuilder {
  /** Where each AST node is rendered (first registration wins: a name the YAML form reaches twice). */
  private readonly metaOf = new Map<AstNode, Target>();
  private readonly blankCandidates: [AstNode, Target][] = [];

  private reg<T extends { meta: YMeta }>(node: AstNode | undefined, y: T, statement = false): T {
    if (node !== undefined && !this.metaOf.has(node)) {
      this.metaOf.set(node, y.meta);
      if (statement) this.blankCandidates.push([node, y.meta]);
    }
    return y;
  }

  document(spec: Spec): YEntry[] {
    const entries: YEntry[] = [entry("mfgnet", scalar("1"))];
    if (spec.blocks.length > 0) entries.push(entry("blocks", map(spec.blocks.map((b) => this.block(b)), "block")));
    const model = spec.models[0];
    if (model !== undefined) entries.push(this.model(model));
    const train = spec.trains[0];
    if (train !== undefined) entries.push(this.train(train));
    return entries;
  }

  /**
   * Puts every comment on the YAML node of its AST node, or of the nearest ancestor that has one.
   * Returns the comments no node could take (none in practice; the caller still prints them).
   */
  attachComments(trivia: Trivia): SourceComment[] {
    for (const [node, meta] of this.blankCandidates) meta.blankBefore = trivia.blankLineBefore(node);
    const unplaced: SourceComment[] = [];
    const touched = new Set<YMeta>();
    for (const [owner, comments] of trivia.owners()) {
      let n: AstNode | undefined = owner;
      while (n !== undefined && !this.metaOf.has(n)) n = trivia.parentOf(n);
      const meta = n === undefined ? undefined : this.metaOf.get(n);
      if (meta === undefined) {
        pushAll(pushAll(unplaced, comments.leading), comments.trailing);
        continue;
      }
      touched.add(meta);
      if (n === owner && trivia.blankLineAfterComments(owner)) meta.blankAfterLeading = true;
      pushAll(meta.leading, comments.leading);
      // A block comment that spans lines cannot end a YAML line: it goes above the node instead.
      for (const t of comments.trailing) (t.ownLine ? meta.after : hashCommentLines(t).length > 1 ? meta.leading : meta.trailing).push(t);
    }
    // Sort for determinism: comments hoisted from several nodes keep source order.
    const bySource = (a: SourceComment, b: SourceComment) => a.span.start - b.span.start;
    for (const m of touched) for (const list of [m.leading, m.trailing, m.after]) list.sort(bySource);
    return unplaced.sort(bySource);
  }

  private name(id: Identifier): YNode {
    return this.reg(id, scalar(id.name));
  }

  private model(m: ModelDecl): YEntry {
    const inputs = m.body.filter((s): s is InputDecl => s.kind === "input");
    const fields: YEntry[] = [this.reg(m.name, entry("name", scalar(m.name.name)))];
    fields.push(entry("inputs", map(inputs.map((i) => this.input(i)), "block")));
    fields.push(entry("layers", seq(this.layerItems(m.body, inputs[0]?.name), "block")));
    fields.push(this.outputsEntry(m.body));
    return this.reg(m, entry("model", map(fields, "block")));
  }

  private input(i: InputDecl): YEntry {
    const fields: YEntry[] = [];
    if (i.shape !== undefined) fields.push(entry("shape", seq(i.shape.map((d) => (d.kind === "ident" && d.name === "?" ? this.reg(d, scalar('"?"')) : this.expr(d))))));
    if (i.dtype !== undefined) fields.push(this.reg(i.dtype, entry("dtype", scalar(i.dtype.name))));
    const e = this.reg(i, entry(i.name.name, map(fields)), true);
    this.metaOf.set(i.name, e.meta);
    return e;
  }

  private outputsEntry(body: readonly GraphStmt[]): YEntry {
    const outputs = body.filter((s) => s.kind === "output");
    const e = entry("outputs", seq(outputs.flatMap((o) => o.names.map((n) => this.name(n)))));
    for (const o of outputs) this.reg(o, e, true);
    return e;
  }

  private block(b: BlockDecl): YEntry {
    const fields: YEntry[] = [];
    if (b.params.length > 0) {
      fields.push(entry("params", map(b.params.map((p) => this.reg(p, entry(p.name.name, p.default === undefined ? scalar("null") : this.expr(p.default)))))));
    }
    const inputs = b.body.filter((s): s is InputDecl => s.kind === "input");
    fields.push(entry("inputs", seq(inputs.map((i) => this.reg(i, this.name(i.name))))));
    fields.push(entry("layers", seq(this.layerItems(b.body, inputs[0]?.name), "block")));
    fields.push(this.outputsEntry(b.body));
    const e = this.reg(b, entry(b.name.name, map(fields, "block")));
    this.metaOf.set(b.name, e.meta);
    return e;
  }

  private train(t: TrainDecl): YEntry {
    const settings = t.settings.map((s) => {
      const value = s.value === undefined ? scalar("true") : this.expr(s.value);
      const e = this.reg(s, entry(s.key.name, value), true);
      this.metaOf.set(s.key, e.meta);
      return e;
    });
    return this.reg(t, entry("train", map(settings, "block")));
  }

  // ───────────── layers ─────────────

  private layerItems(body: readonly GraphStmt[], firstInput: Identifier | undefined): YNode[] {
    const flows = body.filter((s): s is FlowStmt => s.kind === "flow");
    return flows.flatMap((f, i) => this.flowItems(f, i === 0 ? firstInput : undefined));
  }

  /** One flow → its layer items; the first carries `from` unless it continues from the first input. */
  private flowItems(f: FlowStmt, implicitSource: Identifier | undefined): YNode[] {
    interface Item {
      readonly call: CallExpr;
      readonly step?: Step;
      readonly from?: YEntry;
      readonly names: Identifier[];
    }
    const items: Item[] = f.steps.map((s) => ({ call: s.call, step: s, names: s.alias !== undefined ? [s.alias] : [] }));
    if (f.source.kind === "call") {
      // `add(a, b)` as a source: its leading positional names are its tensor inputs.
      const args = f.source.args;
      let n = 0;
      while (n < args.length && args[n]!.name === undefined && args[n]!.value.kind === "ident") n++;
      const names = args.slice(0, n).map((a) => this.reg(a, this.name(a.value as Identifier)));
      const from = names.length === 0 ? undefined : entry("from", names.length === 1 ? names[0]! : seq(names));
      items.unshift({ call: { ...f.source, args: args.slice(n) }, ...(from !== undefined ? { from } : {}), names: [] });
    } else if (items.length > 0) {
      const src = f.source;
      const from =
        src.kind === "tuple"
          ? this.reg(src, entry("from", seq(src.items.map((i) => this.name(i)))))
          : src.name === implicitSource?.name
            ? undefined
            : this.reg(src, entry("from", scalar(src.name)));
      if (from !== undefined) items[0] = { ...items[0]!, from };
    }
    // `y = x -> …` names the last step; a step named twice (`y = x -> f as z`) gets both names.
    const last = items[items.length - 1];
    if (f.target !== undefined && last !== undefined) last.names.push(f.target);
    const nodes = items.map((it, i) => {
      const node = this.layerItem(it.call, it.from, it.step?.repeat, it.names);
      if (it.step !== undefined) this.reg(it.step, node);
      if (i === 0) this.reg(f, node, true);
      if (f.source.kind === "call" && i === 0) this.reg(f.source, node);
      return node;
    });
    return nodes;
  }

  private layerItem(call: CallExpr, from: YEntry | undefined, repeat: Expr | undefined, names: readonly Identifier[]): YNode {
    const name = call.callee.name;
    if (from === undefined && repeat === undefined && names.length === 0 && call.args.length === 0) return this.reg(call.callee, this.reg(call, scalar(name)));
    const fields: YEntry[] = [];
    if (from !== undefined) fields.push(from);
    // Asked only where the shorthand may be used: it registers the argument's node, and the first
    // registration is where that argument's comments go.
    const short = fields.length === 0 && repeat === undefined && names.length === 0 ? this.shorthandArg(name, call.args) : undefined;
    if (short !== undefined) {
      const e = this.reg(call.callee, entry(name, short));
      return this.reg(call, map([e]));
    }
    pushAll(fields, this.argFields(call.args));
    if (repeat !== undefined) fields.push(entry("repeat", this.expr(repeat)));
    if (names.length > 0) fields.push(entry("as", names.length === 1 ? this.name(names[0]!) : seq(names.map((n) => this.name(n)))));
    const e = this.reg(call.callee, entry(name, map(fields)));
    return this.reg(call, map([e]));
  }

  /**
   * `maxpool2d: 2`: one positional argument written as the op's value. Only where it reads back as the
   * same call: not an object or call (those read as parameters), and not a name given to an op with
   * no positional parameter or with several tensor inputs (`add: skip` would be a parameter there).
   */
  private shorthandArg(callee: string, args: readonly Argument[]): YNode | undefined {
    const only = args[0];
    if (args.length !== 1 || only === undefined || only.name !== undefined) return undefined;
    if (only.value.kind === "object" || only.value.kind === "call") return undefined;
    const op = getOp(callee);
    if (op !== undefined && !op.params.some((p) => p.positional === true)) return undefined;
    if (op !== undefined && only.value.kind === "ident" && op.inputs.max > 1) return undefined;
    return this.reg(only, this.expr(only.value));
  }

  private argFields(args: readonly Argument[]): YEntry[] {
    const given = args.filter((a) => a.name === undefined);
    const positional = given.map((a) => this.expr(a.value));
    const fields: YEntry[] = positional.length > 0 ? [entry("args", seq(positional))] : [];
    // The first positional argument's own comments go with `args:` (a comment before it reads as one
    // before the list), so they never force the list out of its flow layout; the others stay at their items.
    given.forEach((a, i) => (i === 0 ? this.reg(a, fields[0]!) : this.reg(a, positional[i]!)));
    for (const a of args) {
      if (a.name === undefined) continue;
      const e = this.reg(a, entry(a.name.name, this.expr(a.value)));
      this.metaOf.set(a.name, e.meta);
      fields.push(e);
    }
    return fields;
  }

  /**
   * A call as a value (a nested layer, or a train call): the one-entry mapping form. One positional
   * argument that is not a mapping is the mapping's value (`{ split: 0.1 }`); otherwise positional
   * arguments go under `args`, which both the layer and the train readers accept.
   */
  private callValue(call: CallExpr): YNode {
    const only = call.args[0];
    let value: YNode;
    if (call.args.length === 1 && only !== undefined && only.name === undefined && only.value.kind !== "object" && only.value.kind !== "call") {
      value = this.reg(only, this.expr(only.value));
    } else {
      value = map(this.argFields(call.args));
    }
    const e = this.reg(call.callee, entry(call.callee.name, value));
    return this.reg(call, map([e]));
  }

  // ───────────── expressions ─────────────

  expr(e: Expr): YNode {
    switch (e.kind) {
      case "list":
        return this.reg(e, seq(e.items.map((i) => this.expr(i))));
      case "object":
        return this.reg(
          e,
          map(
            e.entries.map((x) => {
              const en = this.reg(x, entry(x.key.name, this.expr(x.value)));
              this.metaOf.set(x.key, en.meta);
              return en;
            }),
          ),
        );
      case "call":
        return this.callValue(e);
      default:
        return this.reg(e, scalar(scalarText(e)));
    }
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
      return arithmetic(e, 0);
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
  // Only a spec with errors puts a list, object or call into arithmetic; the DSL's text of it is the
  // closest the YAML form can say (plain when it reads back as an expression, else a string).
  if (e.kind === "list" || e.kind === "object" || e.kind === "call") {
    const text = printExpr(e);
    return EXPR_RE.test(text) ? text : quote(text);
  }
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
