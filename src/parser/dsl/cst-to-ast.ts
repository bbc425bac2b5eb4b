/**
 * CST → AST. Every AST node gets the exact span of its text (`end` exclusive). The conversion is total:
 * a CST made by error recovery may lack parts, and then the affected node is dropped (or a part is left
 * out) rather than invented — the spec of a file with errors is never compiled anyway.
 *
 * Besides the tree, this pass reports what the grammar accepts but the language does not: keywords used
 * as names, duplicate keys, positional arguments in `key(…)` settings, stray tokens, and expressions
 * nested too deeply for later recursive passes.
 */
import type { CstElement, CstNode, IToken } from "chevrotain";
import type {
  Argument,
  BlockDecl,
  BlockParam,
  CallExpr,
  Expr,
  FlowStmt,
  GraphStmt,
  Identifier,
  InputDecl,
  ModelDecl,
  ObjectEntry,
  ObjectExpr,
  OutputDecl,
  Setting,
  Spec,
  Step,
  TrainDecl,
  TupleRef,
} from "../ast.js";
import { createDiagnostic, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { createSpan, type Span } from "../../diagnostics/span.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import { MAX_NESTING_DEPTH } from "../parse-result.js";
import { reservedNameProblem } from "../names.js";
import { decodeStringLiteral } from "./string-literal.js";
import { numberValue } from "./lexer.js";
import { describeToken, isVirtual, type SyntaxProblem } from "./syntax-errors.js";
import type { BracketIndex } from "./brackets.js";

type Children = Record<string, CstElement[] | undefined>;

function kids(node: CstNode): Children {
  return node.children as Children;
}

function tokensOf(node: CstNode, label: string): IToken[] {
  return (kids(node)[label] ?? []) as IToken[];
}

function tokenOf(node: CstNode, label: string, i = 0): IToken | undefined {
  const t = kids(node)[label]?.[i] as IToken | undefined;
  return t === undefined || isVirtual(t) ? undefined : t;
}

function nodesOf(node: CstNode, label: string): CstNode[] {
  return (kids(node)[label] ?? []) as CstNode[];
}

/**
 * The most entries one DSL list may hold: a block's parameters, a call's arguments, an `output` list,
 * a tuple, a shape, a `[…]` list or a `{…}` object. No list in a spec needs more entries than a model
 * has nodes (a model's outputs, a concat's inputs are among its nodes; MAX_EXPANDED_NODES is 15,000),
 * and real ones hold tens (Keras's largest layer signatures have about 30 arguments). Past the cap the
 * entries are not converted, so no later phase spends time on them (200,000 block parameters took
 * 2.6 s of CPU and 627 MiB, mostly building per-parameter diagnostics).
 */
export const MAX_LIST_ENTRIES = 20_000;

function nodeOf(node: CstNode, label: string, i = 0): CstNode | undefined {
  return kids(node)[label]?.[i] as CstNode | undefined;
}

/** What the conversion produces besides the AST. */
export interface ConversionResult {
  readonly spec: Spec;
  /** Problems that only exist because of the grammar's leniency (strays); subject to cascade filtering. */
  readonly syntaxProblems: SyntaxProblem[];
  /** Other problems (keywords as names, duplicate keys, …): always reported. */
  readonly diagnostics: Diagnostic[];
  /** Start offsets of statements and declarations (in sync again when they begin a line). */
  readonly statementStarts: number[];
  /** Offsets just after each declaration's closing `}` (always back in sync there). */
  readonly declEnds: number[];
}

/** Converts a whole-spec CST. */
export function specFromCst(cst: CstNode, file: string, textLength: number, brackets: BracketIndex): ConversionResult {
  const b = new AstBuilder(file, brackets);
  const spec = b.spec(cst, textLength);
  return { spec, syntaxProblems: b.syntaxProblems, diagnostics: b.diagnostics, statementStarts: b.statementStarts, declEnds: b.declEnds };
}

/** Converts an `expr` CST (parseExpression). */
export function exprFromCst(cst: CstNode, file: string, brackets: BracketIndex): { expr: Expr | undefined; diagnostics: Diagnostic[] } {
  const b = new AstBuilder(file, brackets);
  const expr = b.expr(cst);
  return { expr, diagnostics: b.diagnostics };
}

type Depths = WeakMap<Expr, number>;

class AstBuilder {
  readonly syntaxProblems: SyntaxProblem[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly statementStarts: number[] = [];
  readonly declEnds: number[] = [];
  private readonly depth: Depths = new WeakMap();

  constructor(
    private readonly file: string,
    private readonly brackets: BracketIndex,
  ) {}

  // ───────────── spans ─────────────

  private span(start: number, end: number): Span {
    return createSpan(this.file, start, end);
  }

  private tokSpan(t: IToken): Span {
    return this.span(t.startOffset, t.startOffset + t.image.length);
  }

  /**
   * The first {@link MAX_LIST_ENTRIES} elements of `items` (a list's CST nodes or tokens); past the cap,
   * an MFG1020 at the first entry left out. `what` names the list in the message.
   */
  private capped<T extends CstNode | IToken>(items: T[], what: string): T[] {
    if (items.length <= MAX_LIST_ENTRIES) return items;
    const first = items[MAX_LIST_ENTRIES]!;
    const start = "startOffset" in first ? first.startOffset : (first.location?.startOffset ?? 0);
    this.diagnostics.push(
      createDiagnostic("MFG1020", `${what} has ${items.length.toLocaleString("en-US")} entries; at most ${MAX_LIST_ENTRIES.toLocaleString("en-US")} are read`, this.span(start, start + 1), {
        hints: [`no spec needs more: a model has at most ${MAX_LIST_ENTRIES.toLocaleString("en-US")} nodes; is this list generated by mistake?`],
      }),
    );
    return items.slice(0, MAX_LIST_ENTRIES);
  }

  /** The span of a CST node (chevrotain tracks offsets; `endOffset` is inclusive). */
  private nodeSpan(node: CstNode): Span | undefined {
    const loc = node.location;
    if (!loc || Number.isNaN(loc.startOffset) || loc.endOffset === undefined || Number.isNaN(loc.endOffset)) return undefined;
    return this.span(loc.startOffset, loc.endOffset + 1);
  }

  // ───────────── top level ─────────────

  spec(cst: CstNode, textLength: number): Spec {
    const blocks: BlockDecl[] = [];
    const models: ModelDecl[] = [];
    const trains: TrainDecl[] = [];
    for (const n of nodesOf(cst, "modelDecl")) push(models, this.modelDecl(n));
    for (const n of nodesOf(cst, "blockDecl")) push(blocks, this.blockDecl(n));
    for (const n of nodesOf(cst, "trainDecl")) push(trains, this.trainDecl(n));
    this.strays(tokensOf(cst, "stray"), "top");
    return { kind: "spec", file: this.file, blocks, models, trains, span: this.span(0, textLength) };
  }

  private markStatement(node: CstNode): void {
    const s = node.location?.startOffset;
    if (s !== undefined && !Number.isNaN(s)) this.statementStarts.push(s);
  }

  /** After a declaration's real closing `}`, the parser is back at the top level: in sync again. */
  private markDeclEnd(node: CstNode): void {
    const close = tokenOf(node, "RCurly");
    if (close) this.declEnds.push(close.startOffset + 1);
  }

  private modelDecl(node: CstNode): ModelDecl | undefined {
    this.markStatement(node);
    this.markDeclEnd(node);
    const name = this.declName(nodeOf(node, "declName"));
    const span = this.nodeSpan(node);
    const bodyNode = nodeOf(node, "graphBody");
    const body = bodyNode ? this.graphBody(bodyNode) : [];
    if (!name || !span) return undefined;
    return { kind: "model", name, body, span };
  }

  private blockDecl(node: CstNode): BlockDecl | undefined {
    this.markStatement(node);
    this.markDeclEnd(node);
    const name = this.declName(nodeOf(node, "declName"));
    const span = this.nodeSpan(node);
    const params: BlockParam[] = [];
    for (const p of this.capped(nodesOf(node, "param"), "this parameter list")) push(params, this.param(p));
    const bodyNode = nodeOf(node, "graphBody");
    const body = bodyNode ? this.graphBody(bodyNode) : [];
    if (!name || !span) return undefined;
    return { kind: "block", name, params, body, span };
  }

  private param(node: CstNode): BlockParam | undefined {
    const name = this.declName(nodeOf(node, "declName"));
    const span = this.nodeSpan(node);
    if (!name || !span) return undefined;
    const defNode = nodeOf(node, "expr");
    const def = defNode ? this.expr(defNode) : undefined;
    return def ? { kind: "param", name, default: def, span } : { kind: "param", name, span };
  }

  private trainDecl(node: CstNode): TrainDecl | undefined {
    this.markStatement(node);
    this.markDeclEnd(node);
    const model = this.declName(nodeOf(node, "declName"));
    const span = this.nodeSpan(node);
    const settings: Setting[] = [];
    for (const s of nodesOf(node, "setting")) push(settings, this.setting(s));
    this.strays(tokensOf(node, "stray"), "train");
    if (!model || !span) return undefined;
    return { kind: "train", model, settings, span };
  }

  private setting(node: CstNode): Setting | undefined {
    this.markStatement(node);
    const keyTok = tokenOf(node, "key");
    const span = this.nodeSpan(node);
    if (!keyTok || !span) return undefined;
    const key = this.ident(keyTok);
    const argsNode = nodeOf(node, "callArgs");
    const exprNode = nodeOf(node, "expr");
    let value: Expr | undefined;
    if (argsNode) value = this.settingArgs(argsNode, key.name);
    else if (exprNode) value = this.expr(exprNode);
    if (!value) return undefined;
    return { kind: "setting", key, value, span };
  }

  /** `key(a: 1, b: x)` → the object `{ a: 1, b: x }`; positional arguments are reported and dropped. */
  private settingArgs(node: CstNode, key: string): ObjectExpr | undefined {
    const span = this.nodeSpan(node);
    if (!span) return undefined;
    const entries: ObjectEntry[] = [];
    for (const a of this.args(node)) {
      if (!a.name) {
        this.diagnostics.push(
          createDiagnostic("MFG1014", `\`${key}(…)\` takes named settings only`, a.span, {
            hints: [`write \`name: value\` inside the parentheses, or give a single value without them: \`${key} value\``],
          }),
        );
        continue;
      }
      entries.push({ kind: "entry", key: a.name, value: a.value, span: a.span });
    }
    this.checkDuplicateKeys(entries);
    return { kind: "object", entries, span };
  }

  // ───────────── graph ─────────────

  private graphBody(node: CstNode): GraphStmt[] {
    const out: GraphStmt[] = [];
    for (const n of nodesOf(node, "inputDecl")) push(out, this.inputDecl(n));
    for (const n of nodesOf(node, "outputDecl")) push(out, this.outputDecl(n));
    for (const n of nodesOf(node, "flowStmt")) push(out, this.flowStmt(n));
    this.strays(tokensOf(node, "stray"), "graph");
    // Children are grouped by kind in the CST; the body keeps source order.
    return out.sort((a, b) => a.span.start - b.span.start);
  }

  private inputDecl(node: CstNode): InputDecl | undefined {
    this.markStatement(node);
    const name = this.declName(nodeOf(node, "declName"));
    const span = this.nodeSpan(node);
    if (!name || !span) return undefined;
    const dtypeTok = tokenOf(node, "dtype");
    if (!dtypeTok) return { kind: "input", name, span };
    if (!tokenOf(node, "Colon")) {
      const d = createDiagnostic("MFG1007", `expected \`:\` between the input's name and its dtype, found \`${dtypeTok.image}\``, this.tokSpan(dtypeTok), {
        hints: [`write \`input ${name.name}: ${dtypeTok.image}[…]\``],
      });
      this.syntaxProblems.push({ diagnostic: d, offset: dtypeTok.startOffset });
    }
    const shape: Expr[] = [];
    for (const d of this.capped(nodesOf(node, "dim"), "this shape")) {
      const q = tokenOf(d, "Question");
      if (q) shape.push({ kind: "ident", name: "?", span: this.tokSpan(q) });
      else {
        const e = nodeOf(d, "expr");
        push(shape, e ? this.expr(e) : undefined);
      }
    }
    return { kind: "input", name, dtype: this.ident(dtypeTok), shape, span };
  }

  private outputDecl(node: CstNode): OutputDecl | undefined {
    this.markStatement(node);
    const span = this.nodeSpan(node);
    const names: Identifier[] = [];
    for (const n of this.capped(nodesOf(node, "declName"), "this `output` list")) push(names, this.declName(n));
    if (!span || names.length === 0) return undefined;
    return { kind: "output", names, span };
  }

  private flowStmt(node: CstNode): FlowStmt | undefined {
    this.markStatement(node);
    const span = this.nodeSpan(node);
    const targetTok = tokenOf(node, "target");
    const sourceNode = nodeOf(node, "flowSource");
    const source = sourceNode ? this.flowSource(sourceNode) : undefined;
    const steps: Step[] = [];
    for (const s of nodesOf(node, "step")) push(steps, this.step(s));
    if (!span || !source) return undefined;
    const flow: FlowStmt = { kind: "flow", source, steps, span };
    return targetTok ? { ...flow, target: this.ident(targetTok) } : flow;
  }

  private flowSource(node: CstNode): Identifier | TupleRef | CallExpr | undefined {
    const tupleNode = nodeOf(node, "tuple");
    if (tupleNode) {
      const span = this.nodeSpan(tupleNode);
      const items = this.capped(tokensOf(tupleNode, "Identifier"), "this tuple").filter((t) => !isVirtual(t)).map((t) => this.ident(t));
      if (!span || items.length === 0) return undefined;
      return { kind: "tuple", items, span };
    }
    const callNode = nodeOf(node, "nameOrCall");
    return callNode ? this.nameOrCall(callNode) : undefined;
  }

  private step(node: CstNode): Step | undefined {
    const span = this.nodeSpan(node);
    const callNode = nodeOf(node, "stepCall");
    const call = callNode ? this.call(callNode) : undefined;
    if (!span || !call) return undefined;
    const repeatNode = tokenOf(node, "Repeat") ? nodeOf(node, "expr") : undefined;
    const repeat = repeatNode ? this.expr(repeatNode) : undefined;
    const aliasNode = tokenOf(node, "As") ? nodeOf(node, "declName") : undefined;
    const alias = aliasNode ? this.declName(aliasNode) : undefined;
    return { kind: "step", call, ...(repeat ? { repeat } : {}), ...(alias ? { alias } : {}), span };
  }

  /** A step's op/block application: always a call (`flatten` is `flatten()`). */
  private call(node: CstNode): CallExpr | undefined {
    const nameTok = tokenOf(node, "Identifier");
    const span = this.nodeSpan(node);
    if (!nameTok || !span) return undefined;
    const argsNode = nodeOf(node, "callArgs");
    return { kind: "call", callee: this.ident(nameTok), args: argsNode ? this.args(argsNode) : [], span };
  }

  /** A name, or a call when it has an argument list. */
  private nameOrCall(node: CstNode): Identifier | CallExpr | undefined {
    const nameTok = tokenOf(node, "Identifier");
    if (!nameTok) return undefined;
    return nodeOf(node, "callArgs") ? this.call(node) : this.ident(nameTok);
  }

  private args(node: CstNode): Argument[] {
    const out: Argument[] = [];
    for (const a of this.capped(nodesOf(node, "arg"), "this argument list")) {
      const span = this.nodeSpan(a);
      const exprNode = nodeOf(a, "expr");
      const value = exprNode ? this.expr(exprNode) : undefined;
      if (!span || !value) continue;
      const keyNode = nodeOf(a, "keyName");
      const name = keyNode ? this.keyName(keyNode) : undefined;
      out.push(name ? { kind: "arg", name, value, span } : { kind: "arg", value, span });
    }
    return out;
  }

  // ───────────── names ─────────────

  private ident(t: IToken): Identifier {
    return { kind: "ident", name: t.image, span: this.tokSpan(t) };
  }

  /** A declared name; a keyword (or a word YAML reads as null/boolean) is reported here, precisely. */
  private declName(node: CstNode | undefined): Identifier | undefined {
    if (!node) return undefined;
    const t = tokenOf(node, "Identifier") ?? tokenOf(node, "Keyword");
    if (!t) return undefined;
    const id = this.ident(t);
    const problem = reservedNameProblem(id.name, id.span);
    if (problem !== undefined) this.diagnostics.push(problem);
    return id;
  }

  private keyName(node: CstNode): Identifier | undefined {
    const t = tokenOf(node, "Identifier") ?? tokenOf(node, "Keyword");
    return t ? this.ident(t) : undefined;
  }

  // ───────────── expressions ─────────────

  expr(node: CstNode): Expr | undefined {
    return this.binaryChain(nodesOf(node, "term"), tokensOf(node, "AddOp"), (n) => this.term(n));
  }

  private term(node: CstNode): Expr | undefined {
    return this.binaryChain(nodesOf(node, "unary"), tokensOf(node, "MulOp"), (n) => this.unary(n));
  }

  /** Folds `a op b op c` left-associatively; operator i sits between operands i and i+1. */
  private binaryChain(operands: CstNode[], ops: IToken[], build: (n: CstNode) => Expr | undefined): Expr | undefined {
    const first = operands[0];
    if (!first) return undefined;
    let left = build(first);
    if (!left) return undefined;
    const firstSpan = this.nodeSpan(first) ?? left.span;
    for (let i = 1; i < operands.length; i++) {
      const opTok = ops[i - 1];
      const rightNode = operands[i]!;
      const right = build(rightNode);
      const rightSpan = this.nodeSpan(rightNode);
      if (!opTok || isVirtual(opTok) || !right || !rightSpan) break;
      const depth = Math.max(this.depthOf(left), this.depthOf(right)) + 1;
      if (depth > MAX_NESTING_DEPTH) {
        this.tooDeep(left.span);
        break;
      }
      left = { kind: "binary", op: opTok.image as "+" | "-" | "*" | "/", left, right, span: this.span(firstSpan.start, rightSpan.end) };
      this.depth.set(left, depth);
    }
    return left;
  }

  private unary(node: CstNode): Expr | undefined {
    const primaryNode = nodeOf(node, "primary");
    let operand = primaryNode ? this.primary(primaryNode) : undefined;
    if (!operand) return undefined;
    const end = (primaryNode && this.nodeSpan(primaryNode)?.end) ?? operand.span.end;
    const minuses = tokensOf(node, "Minus").filter((t) => !isVirtual(t));
    // Innermost `-` first: `- -x` is -(-x).
    for (let i = minuses.length - 1; i >= 0; i--) {
      const depth = this.depthOf(operand) + 1;
      if (depth > MAX_NESTING_DEPTH) {
        this.tooDeep(this.span(minuses[0]!.startOffset, end));
        break;
      }
      operand = { kind: "unary", op: "-", operand, span: this.span(minuses[i]!.startOffset, end) };
      this.depth.set(operand, depth);
    }
    return operand;
  }

  private primary(node: CstNode): Expr | undefined {
    const num = tokenOf(node, "NumberLiteral");
    if (num) return { kind: "number", value: numberValue(num.image), span: this.tokSpan(num) };
    const str = tokenOf(node, "StringLiteral");
    if (str) return { kind: "string", value: decodeStringLiteral(str.image).value, span: this.tokSpan(str) };
    const t = tokenOf(node, "True") ?? tokenOf(node, "False");
    if (t) return { kind: "bool", value: t.image === "true", span: this.tokSpan(t) };
    const nameOrCall = nodeOf(node, "nameOrCall");
    if (nameOrCall) return this.withDepth(this.nameOrCall(nameOrCall));
    const list = nodeOf(node, "list");
    if (list) return this.list(list);
    const object = nodeOf(node, "object");
    if (object) return this.object(object);
    const paren = nodeOf(node, "parenExpr");
    const inner = paren ? nodeOf(paren, "expr") : undefined;
    // Parentheses only group: the AST has no node for them (printDsl adds them back where needed).
    return inner ? this.expr(inner) : undefined;
  }

  private list(node: CstNode): Expr | undefined {
    const span = this.nodeSpan(node);
    if (!span) return undefined;
    const items: Expr[] = [];
    for (const e of this.capped(nodesOf(node, "expr"), "this list")) push(items, this.expr(e));
    return this.withDepth({ kind: "list", items, span });
  }

  private object(node: CstNode): Expr | undefined {
    const span = this.nodeSpan(node);
    if (!span) return undefined;
    const entries: ObjectEntry[] = [];
    for (const e of this.capped(nodesOf(node, "entry"), "this object")) {
      // An entry whose `:` was invented by error recovery is not one the user wrote (a runaway string
      // can leave `train-labels.gz` to be read as keys); keeping it would add follow-on errors such as
      // "duplicate key".
      const colon = kids(e)["Colon"]?.[0] as IToken | undefined;
      if (colon === undefined || isVirtual(colon)) continue;
      const entrySpan = this.nodeSpan(e);
      const keyNode = nodeOf(e, "keyName");
      const key = keyNode ? this.keyName(keyNode) : undefined;
      const valueNode = nodeOf(e, "expr");
      const value = valueNode ? this.expr(valueNode) : undefined;
      if (entrySpan && key && value) entries.push({ kind: "entry", key, value, span: entrySpan });
    }
    this.checkDuplicateKeys(entries);
    return this.withDepth({ kind: "object", entries, span });
  }

  // ───────────── checks ─────────────

  private depthOf(e: Expr): number {
    return this.depth.get(e) ?? 1;
  }

  /** Records the depth of a container expression (one more than its deepest child). */
  private withDepth<T extends Expr>(e: T | undefined): T | undefined {
    if (!e) return e;
    let d = 0;
    if (e.kind === "list") for (const i of e.items) d = Math.max(d, this.depthOf(i));
    else if (e.kind === "object") for (const en of e.entries) d = Math.max(d, this.depthOf(en.value));
    else if (e.kind === "call") for (const a of e.args) d = Math.max(d, this.depthOf(a.value));
    this.depth.set(e, d + 1);
    return e;
  }

  private reportedTooDeep = false;

  private tooDeep(span: Span): void {
    if (this.reportedTooDeep) return;
    this.reportedTooDeep = true;
    this.diagnostics.push(
      createDiagnostic("MFG1015", `this expression is nested more than ${MAX_NESTING_DEPTH} levels deep`, span, {
        hints: ["split it up: block parameters and names can hold intermediate values"],
      }),
    );
  }

  private checkDuplicateKeys(entries: readonly ObjectEntry[]): void {
    const seen = new Map<string, Identifier>();
    for (const e of entries) {
      const first = seen.get(e.key.name);
      if (first) {
        this.diagnostics.push(
          createDiagnostic("MFG1013", `duplicate key \`${e.key.name}\``, e.key.span, {
            hints: ["each key may appear once; remove one of them"],
            related: [{ message: `\`${e.key.name}\` is first given here`, span: first.span }],
          }),
        );
      } else seen.set(e.key.name, e.key);
    }
  }

  /** One "unexpected" diagnostic per run of consecutive stray tokens. */
  private strays(tokens: IToken[], where: "top" | "graph" | "train"): void {
    let lastIndex = -2;
    for (const t of tokens) {
      if (isVirtual(t)) continue;
      const index = this.brackets.indexOf(t);
      const continuesRun = index === lastIndex + 1;
      lastIndex = index;
      if (continuesRun) continue;
      this.syntaxProblems.push({ diagnostic: this.strayDiagnostic(t, where), offset: t.startOffset });
    }
  }

  private strayDiagnostic(t: IToken, where: "top" | "graph" | "train"): Diagnostic {
    const span = this.tokSpan(t);
    const name = t.tokenType.name;
    if (name === "RCurly" || name === "RParen" || name === "RBracket") {
      return createDiagnostic("MFG1010", `unexpected \`${t.image}\``, span, { hints: [`there is no open \`${{ RCurly: "{", RParen: "(", RBracket: "[" }[name]}\` for it to close`] });
    }
    const found = describeToken(t);
    if (where === "top") {
      const hints = name === "Identifier" ? didYouMean(t.image, ["model", "block", "train"]) : [];
      if (hints.length === 0) hints.push(t.image === "mfgnet" ? "this is the YAML form (`mfgnet: 1`): save it with the extension `.mfgnet.yaml`" : TOP_LEVEL_HINT);
      return createDiagnostic("MFG1011", `unexpected ${found}; expected \`model\`, \`block\` or \`train\``, span, { hints });
    }
    if (where === "graph") {
      const hints = name === "Arrow" ? ["`->` must follow a tensor name or a step of the same flow"] : ["a statement here starts with `input`, `output`, a tensor name, `name =` or `(`"];
      return createDiagnostic("MFG1011", `unexpected ${found}`, span, { hints });
    }
    return createDiagnostic("MFG1011", `unexpected ${found}`, span, { hints: ["a setting is a name followed by its value, e.g. `epochs 10`"] });
  }
}

const TOP_LEVEL_HINT = "a spec's top level holds only `model Name { … }`, `block name(…) { … }` and `train Name { … }`";

function push<T>(out: T[], item: T | undefined): void {
  if (item !== undefined) out.push(item);
}
