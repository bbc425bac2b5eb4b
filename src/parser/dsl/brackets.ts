/**
 * Bracket structure of a token stream, computed once before parsing:
 * - the nesting limit (chevrotain has no stack guard, chevrotain#975, so too-deep input must be refused
 *   before the parser descends into it);
 * - for any token, which bracket is still open there, so "expected `)`" can say where the `(` was.
 */
import type { IToken } from "chevrotain";
import { MAX_NESTING_DEPTH } from "../parse-result.js";
import { CLOSER_OF, OPENER_OF } from "./tokens.js";

/** The result of scanning a token stream's brackets. */
export interface BracketIndex {
  /** The first opening bracket that goes deeper than {@link MAX_NESTING_DEPTH}, if any. */
  readonly tooDeep: IToken | undefined;
  /**
   * The innermost bracket of the given opener image (`(`, `[` or `{`) still open just before the token
   * at `tokenIndex` (`tokens.length` for the end of the input).
   */
  openerBefore(tokenIndex: number, opener: string): IToken | undefined;
  /** The index of a token in the stream (by its start offset), or `tokens.length` when it is not in it. */
  indexOf(token: IToken): number;
}

export function indexBrackets(tokens: readonly IToken[]): BracketIndex {
  const n = tokens.length;
  // enclosing[i]: index of the innermost open bracket before token i (-1: none).
  const enclosing = new Int32Array(n + 1);
  // parentOf[j] for an opener j: the bracket that was open when j opened.
  const parentOf = new Int32Array(n);
  const stack: number[] = [];
  let tooDeep: IToken | undefined;
  for (let i = 0; i < n; i++) {
    const tok = tokens[i]!;
    enclosing[i] = stack.length ? stack[stack.length - 1]! : -1;
    const name = tok.tokenType.name;
    if (CLOSER_OF[name] !== undefined) {
      parentOf[i] = enclosing[i]!;
      stack.push(i);
      if (stack.length > MAX_NESTING_DEPTH && tooDeep === undefined) tooDeep = tok;
    } else if (OPENER_OF[name] !== undefined) {
      const want = OPENER_OF[name];
      // Pop to the matching opener if there is one; an unmatched closer leaves the stack alone.
      for (let k = stack.length - 1; k >= 0; k--) {
        if (tokens[stack[k]!]!.image === want) {
          stack.length = k;
          break;
        }
      }
    }
  }
  enclosing[n] = stack.length ? stack[stack.length - 1]! : -1;

  const byOffset = new Map<number, number>();
  for (let i = 0; i < n; i++) byOffset.set(tokens[i]!.startOffset, i);

  return {
    tooDeep,
    openerBefore(tokenIndex, opener) {
      let j = enclosing[Math.max(0, Math.min(tokenIndex, n))]!;
      while (j >= 0) {
        if (tokens[j]!.image === opener) return tokens[j];
        j = parentOf[j]!;
      }
      return undefined;
    },
    indexOf(token) {
      return byOffset.get(token.startOffset) ?? n;
    },
  };
}
