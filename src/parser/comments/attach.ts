/**
 * Attaches each comment to an AST node, the way Prettier does: a comment belongs to the innermost node
 * that encloses it, and within that node to the child before it (when on the same line: a trailing
 * comment), else to the child after it (a leading comment), else to the child before it (a comment
 * closing a body), else to the node itself. Comments before the first token of the file are the
 * file's header. The printers then write every comment next to its node, so none is ever dropped.
 */
import type { AstNode, Spec } from "../ast.js";
import { childrenOf, walkAst } from "../ast-walk.js";
import type { SourceComment } from "./types.js";

/** The comments of one node. */
export interface AttachedComments {
  /** Printed before the node (each on its own line, or inline for a `/* … *\/` between tokens). */
  readonly leading: readonly SourceComment[];
  /** Printed after the node: at the end of its line, or on lines of their own (`ownLine`). */
  readonly trailing: readonly SourceComment[];
}

/** Comments attached to a spec's nodes, plus what the printers need to keep blank lines. */
export class Trivia {
  constructor(
    readonly text: string,
    /** Comments before the first token of the file, printed first in both forms. */
    readonly header: readonly SourceComment[],
    private readonly attached: ReadonlyMap<AstNode, AttachedComments>,
    private readonly parents: ReadonlyMap<AstNode, AstNode>,
    /** Every comment, in source order. */
    readonly all: readonly SourceComment[],
  ) {}

  /** A tree without comments (printing an AST that has no source). */
  static empty(): Trivia {
    return new Trivia("", [], new Map(), new Map(), []);
  }

  of(node: AstNode): AttachedComments | undefined {
    return this.attached.get(node);
  }

  /** Nodes that own comments, for printers that place comments on their own terms. */
  owners(): ReadonlyMap<AstNode, AttachedComments> {
    return this.attached;
  }

  parentOf(node: AstNode): AstNode | undefined {
    return this.parents.get(node);
  }

  /**
   * Whether the source had an empty line right before `node` (or before its first leading comment):
   * the printers keep one blank line there, as Prettier does between statements.
   */
  blankLineBefore(node: AstNode): boolean {
    if (this.text === "") return false;
    const first = this.attached.get(node)?.leading[0];
    const start = first !== undefined && first.span.start < node.span.start ? first.span.start : node.span.start;
    return previousLineIsBlank(this.text, start);
  }

  /** Whether an empty line separates `node` from its own-line leading comments (kept by the printers). */
  blankLineAfterComments(node: AstNode): boolean {
    const leading = this.attached.get(node)?.leading ?? [];
    return this.text !== "" && leading.some((c) => c.span.end <= node.span.start) && previousLineIsBlank(this.text, node.span.start);
  }
}

/** True when the line above the one holding `offset` is empty (and is not the start of the file). */
function previousLineIsBlank(text: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && text[i] !== "\n" && text[i] !== "\r") i--;
  if (i < 0) return false;
  // Step over this line's terminator (\r\n counts once).
  if (text[i] === "\n" && text[i - 1] === "\r") i--;
  i--;
  let sawText = false;
  for (; i >= 0 && text[i] !== "\n" && text[i] !== "\r"; i--) if (!/\s/.test(text[i]!)) sawText = true;
  return !sawText && i >= 0;
}

function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text[i] === "\n" || text[i] === "\r") return true;
  return false;
}

/**
 * @param headerEnd offset of the file's first token: comments before it form the header (for YAML the
 *   `mfgnet:` key, which no AST node covers).
 */
export function attachComments(spec: Spec, comments: readonly SourceComment[], text: string, headerEnd: number): Trivia {
  const parents = new Map<AstNode, AstNode>();
  for (const { node, parent } of walkAst(spec)) if (parent !== undefined) parents.set(node, parent);
  const leading = new Map<AstNode, SourceComment[]>();
  const trailing = new Map<AstNode, SourceComment[]>();
  const add = (m: Map<AstNode, SourceComment[]>, n: AstNode, c: SourceComment): void => {
    const list = m.get(n);
    if (list === undefined) m.set(n, [c]);
    else list.push(c);
  };
  // YAML block collections' ranges run on over their trailing comments and line breaks; a node ends
  // at its last character of text.
  const commentStartByEnd = new Map(comments.map((c) => [c.span.end, c.span.start]));
  const endOf = (n: AstNode): number => {
    let i = n.span.end;
    for (;;) {
      if (i > n.span.start && /\s/.test(text[i - 1] ?? "")) i--;
      else if (commentStartByEnd.has(i) && commentStartByEnd.get(i)! >= n.span.start) i = commentStartByEnd.get(i)!;
      else return i;
    }
  };
  const header: SourceComment[] = [];
  for (const c of comments) {
    if (c.span.end <= headerEnd) {
      header.push(c);
      continue;
    }
    let enclosing: AstNode = spec;
    let kids = childrenOf(enclosing);
    for (;;) {
      const inner = kids.find((k) => k.span.start <= c.span.start && c.span.end <= endOf(k) && endOf(k) > k.span.start);
      if (inner === undefined) break;
      enclosing = inner;
      kids = childrenOf(inner);
    }
    const before = kids.filter((k) => endOf(k) <= c.span.start).at(-1);
    const after = kids.find((k) => k.span.start >= c.span.end);
    if (before !== undefined && !hasLineBreak(text, endOf(before), c.span.start)) {
      // A comment at the end of a line belongs to the outermost node that starts on that line (the
      // setting, not the whole train section whose last line it shares).
      let owner = before;
      while (hasLineBreak(text, owner.span.start, c.span.start)) {
        const last = childrenOf(owner).filter((k) => endOf(k) === endOf(owner)).at(-1);
        if (last === undefined) break;
        owner = last;
      }
      add(trailing, hasLineBreak(text, owner.span.start, c.span.start) ? before : owner, { ...c, ownLine: false });
    }
    else if (after !== undefined) add(leading, after, c);
    else if (before !== undefined) add(trailing, before, { ...c, ownLine: true });
    else add(leading, enclosing, c);
  }
  const attached = new Map<AstNode, AttachedComments>();
  for (const n of new Set([...leading.keys(), ...trailing.keys()])) attached.set(n, { leading: leading.get(n) ?? [], trailing: trailing.get(n) ?? [] });
  return new Trivia(text, header, attached, parents, comments);
}

/**
 * Hands out each comment once: the YAML form reaches some name nodes twice (a model's first input is
 * also its first flow's implicit source), and a comment must not be printed twice.
 */
export class CommentCursor {
  /** Start offsets of the comments printed so far (attachment may copy a comment to mark it trailing). */
  private readonly printed = new Set<number>();

  constructor(readonly trivia: Trivia) {}

  take(node: AstNode): AttachedComments | undefined {
    const c = this.trivia.of(node);
    if (c === undefined) return undefined;
    const leading = c.leading.filter((x) => !this.printed.has(x.span.start));
    const trailing = c.trailing.filter((x) => !this.printed.has(x.span.start));
    for (const x of [...leading, ...trailing]) this.printed.add(x.span.start);
    return leading.length + trailing.length === 0 ? undefined : { leading, trailing };
  }

  takeHeader(): readonly SourceComment[] {
    const h = this.trivia.header.filter((x) => !this.printed.has(x.span.start));
    for (const x of h) this.printed.add(x.span.start);
    return h;
  }

  /** Comments no printed node claimed (printers append them at the end rather than drop them). */
  leftovers(): SourceComment[] {
    return this.trivia.all.filter((c) => !this.printed.has(c.span.start));
  }
}
