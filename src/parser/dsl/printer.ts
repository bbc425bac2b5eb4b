/**
 * The canonical DSL printer behind `mfgc fmt`: AST (plus its comments) → text. Layout is Wadler's
 * "prettier printer" algorithm as Prettier implements it (`prettier/doc`): a group is printed on one
 * line when it fits in {@link MAX_WIDTH} columns and broken otherwise. Decisions depend only on the AST,
 * its comments and where the source had blank lines, so printing printed text changes nothing, and the
 * output parses back to the same AST.
 *
 * Layout: declarations in the order blocks, models, trains, separated by a blank line; two-space
 * indentation; a flow with at most two steps that fits stays on one line, longer flows put each
 * `-> step` on its own line; call arguments, lists and objects break one item per line when they do
 * not fit (objects then drop their commas). A blank line between statements is kept (one at most).
 * Comments stay next to the node they were written at (see comments/attach.ts).
 */
import { builders, printer, type builders as B } from "prettier/doc";
import type { AstNode, BlockDecl, CallExpr, Expr, FlowStmt, GraphStmt, ModelDecl, ObjectExpr, Setting, Spec, Step, TrainDecl } from "../ast.js";
import { CommentCursor, Trivia } from "../comments/attach.js";
import { isBlockComment, type SourceComment } from "../comments/types.js";
import { encodeStringLiteral } from "./string-literal.js";

type Doc = B.Doc;
const { group, indent, line, softline, hardline, join, lineSuffix, ifBreak, breakParent } = builders;

/** Columns a line may take before a group breaks. */
export const MAX_WIDTH = 100;

/** Prints a spec in canonical DSL form (ends with a newline; empty string for an empty spec). */
export function printDsl(spec: Spec, trivia: Trivia = Trivia.empty()): string {
  const doc = new DslDocBuilder(new CommentCursor(trivia)).spec(spec);
  const text = printer.printDocToString(doc, { printWidth: MAX_WIDTH, tabWidth: 2, useTabs: false }).formatted;
  // Trailing blanks go, at real line ends only (`$` with the m flag would also match before U+2028,
  // which a comment may contain).
  return text.trim() === "" ? "" : text.replace(/[ \t]+(?=\n|$)/g, "").replace(/\n*$/, "\n");
}

class DslDocBuilder {
  constructor(private readonly comments: CommentCursor) {}

  /** `doc` with the comments attached to `node` around it. */
  private withComments(node: AstNode, doc: Doc): Doc {
    const c = this.comments.take(node);
    if (c === undefined) return doc;
    const parts: Doc[] = [];
    c.leading.forEach((l, i) => {
      if (i > 0 && l.blankBefore) parts.push(hardline);
      // A line comment runs to the end of its line, so whatever follows it starts on the next one.
      parts.push(l.text, l.ownLine || !isBlockComment(l) ? hardline : " ");
    });
    if (c.leading.length > 0 && this.comments.trivia.blankLineAfterComments(node)) parts.push(hardline);
    parts.push(doc);
    for (const t of c.trailing) {
      // Same-line comments go to the end of the line (where they read back as this node's again); a line
      // comment ends its line, so the groups around it break (as Prettier's own printer does), or two of
      // them would share one line and read back as one comment.
      if (t.ownLine) parts.push(hardline, t.blankBefore ? hardline : "", t.text);
      else parts.push(lineSuffix(` ${t.text}`), isBlockComment(t) ? "" : breakParent);
    }
    return parts;
  }

  /** Statements of a body, one per line, keeping single blank lines from the source. */
  private statements(nodes: readonly AstNode[], print: (n: AstNode) => Doc): Doc {
    return nodes.map((n, i) => [i === 0 ? "" : this.comments.trivia.blankLineBefore(n) ? [hardline, hardline] : hardline, print(n)]);
  }

  spec(spec: Spec): Doc {
    const header = this.comments.takeHeader();
    const decls: Doc[] = [...spec.blocks.map((b) => this.block(b)), ...spec.models.map((m) => this.model(m)), ...spec.trains.map((t) => this.train(t))];
    const parts: Doc[] = [];
    if (header.length > 0) parts.push(commentLines(header), decls.length > 0 ? [hardline, hardline] : "");
    parts.push(join([hardline, hardline], decls));
    const rest = this.comments.leftovers();
    if (rest.length > 0) parts.push(hardline, hardline, commentLines(rest));
    return [this.withComments(spec, parts), hardline];
  }

  private block(b: BlockDecl): Doc {
    const params = b.params.map((p) => this.withComments(p, p.default ? [this.name(p.name), " = ", this.expr(p.default)] : this.name(p.name)));
    return this.withComments(b, ["block ", this.name(b.name), group(["(", indent([softline, join([",", line], params)]), softline, ")"]), " ", this.body(b.body)]);
  }

  private model(m: ModelDecl): Doc {
    return this.withComments(m, ["model ", this.name(m.name), " ", this.body(m.body)]);
  }

  private body(body: readonly GraphStmt[]): Doc {
    if (body.length === 0) return "{}";
    return ["{", indent([hardline, this.statements(body, (s) => this.graphStmt(s as GraphStmt))]), hardline, "}"];
  }

  private name(n: { readonly kind: "ident"; readonly name: string } & AstNode): Doc {
    return this.withComments(n, n.name);
  }

  private graphStmt(s: GraphStmt): Doc {
    switch (s.kind) {
      case "input": {
        if (!s.dtype || !s.shape) return this.withComments(s, ["input ", this.name(s.name)]);
        const dims = s.shape.map((d) => this.expr(d));
        return this.withComments(s, ["input ", this.name(s.name), ": ", this.name(s.dtype), group(["[", indent([softline, join([",", line], dims)]), softline, "]"])]);
      }
      case "output":
        return this.withComments(s, ["output ", join(", ", s.names.map((n) => this.name(n)))]);
      case "flow":
        return this.withComments(s, this.flow(s));
    }
  }

  private flow(f: FlowStmt): Doc {
    const src = f.source;
    const source = this.withComments(src, src.kind === "tuple" ? ["(", join(", ", src.items.map((i) => this.name(i))), ")"] : src.kind === "call" ? this.call(src, true) : src.name);
    const head: Doc = f.target ? [this.name(f.target), " = ", source] : source;
    if (f.steps.length === 0) return head;
    // Up to two steps may share the head's line when they fit; longer flows read best one step per line.
    const sep = f.steps.length <= 2 ? line : hardline;
    return group([head, indent(f.steps.map((s) => [sep, "-> ", this.step(s)]))]);
  }

  private step(s: Step): Doc {
    const repeat: Doc = s.repeat ? ["repeat ", this.expr(s.repeat), " "] : "";
    const alias: Doc = s.alias ? [" as ", this.name(s.alias)] : "";
    return this.withComments(s, [repeat, this.call(s.call, false), alias]);
  }

  /** `keepEmptyParens`: outside steps, `f()` (a call) and `f` (a name) differ, so empty parens stay. */
  private call(c: CallExpr, keepEmptyParens: boolean): Doc {
    if (c.args.length === 0 && !keepEmptyParens) return this.withComments(c, this.name(c.callee));
    const args = c.args.map((a) => this.withComments(a, a.name ? [this.name(a.name), ": ", this.expr(a.value)] : this.expr(a.value)));
    return this.withComments(c, [this.name(c.callee), group(["(", indent([softline, join([",", line], args)]), softline, ")"])]);
  }

  private train(t: TrainDecl): Doc {
    const head: Doc = ["train ", this.name(t.model), " "];
    if (t.settings.length === 0) return this.withComments(t, [head, "{}"]);
    return this.withComments(t, [head, "{", indent([hardline, this.statements(t.settings, (s) => this.setting(s as Setting))]), hardline, "}"]);
  }

  private setting(s: Setting): Doc {
    if (!s.value) return this.withComments(s, this.name(s.key));
    return this.withComments(s, [this.name(s.key), " ", this.expr(s.value)]);
  }

  // ───────────── expressions ─────────────

  private object(o: ObjectExpr): Doc {
    if (o.entries.length === 0) return "{}";
    const entries = o.entries.map((e) => this.withComments(e, [this.name(e.key), ": ", this.expr(e.value)]));
    // Broken objects put one entry per line without commas (the DSL allows both).
    return group(["{", indent([line, join([ifBreak("", ","), line], entries)]), line, "}"]);
  }

  expr(e: Expr, parentPrecedence = 0, isRight = false): Doc {
    const p = precedence(e);
    const needsParens = isRight ? p <= parentPrecedence : p < parentPrecedence;
    const doc = this.exprBody(e);
    return this.withComments(e, needsParens ? ["(", doc, ")"] : doc);
  }

  private exprBody(e: Expr): Doc {
    switch (e.kind) {
      case "number":
        return isNegative(e.value) ? `-${formatNumber(-e.value)}` : formatNumber(e.value);
      case "string":
        return encodeStringLiteral(e.value);
      case "bool":
        return e.value ? "true" : "false";
      case "ident":
        return e.name;
      case "list":
        return group(["[", indent([softline, join([",", line], e.items.map((i) => this.expr(i)))]), softline, "]"]);
      case "object":
        return this.object(e);
      case "call":
        return this.call(e, true);
      case "unary":
        return ["-", this.expr(e.operand, UNARY)];
      case "binary": {
        const p = precedence(e);
        // Operators are left-associative: a right operand of the same precedence needs parentheses.
        return [this.expr(e.left, p), ` ${e.op} `, this.expr(e.right, p, true)];
      }
    }
  }
}

function commentLines(cs: readonly SourceComment[]): Doc {
  return join(
    hardline,
    cs.map((c, i) => (i > 0 && c.blankBefore ? [hardline, c.text] : c.text)),
  );
}

const PRIMARY = 4;
const UNARY = 3;

function precedence(e: Expr): number {
  if (e.kind === "binary") return e.op === "+" || e.op === "-" ? 1 : 2;
  if (e.kind === "unary") return UNARY;
  if (e.kind === "number" && isNegative(e.value)) return UNARY;
  return PRIMARY;
}

function isNegative(v: number): boolean {
  return v < 0 || Object.is(v, -0);
}

/** One-line text of an expression, with the parentheses precedence needs (messages and hints use it). */
export function printExpr(e: Expr): string {
  const doc = new DslDocBuilder(new CommentCursor(Trivia.empty())).expr(e);
  return printer.printDocToString(group(doc), { printWidth: Infinity, tabWidth: 2, useTabs: false }).formatted;
}

/** Shortest text that reads back as the same double (JS's own algorithm); never `1.` or `-`. */
function formatNumber(v: number): string {
  return String(v);
}
