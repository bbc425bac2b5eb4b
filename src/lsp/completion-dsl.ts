/**
 * Where the cursor is in DSL text that is being typed (and so often does not parse): the tokens before
 * it are read with a stack of open declarations, calls, lists and objects, which is enough to tell a
 * step from an argument, a parameter's value or a train setting.
 */
import type { IToken } from "chevrotain";
import { lexDsl } from "../parser/dsl/lexer.js";
import { TRAIN_SETTINGS } from "../ir/train/settings.js";
import { TRAIN_TABLES, type Place } from "./completion-items.js";

interface Frame {
  readonly kind: "top" | "graph" | "train" | "call" | "paren" | "list" | "object";
  /** call: the callee; object/list: the key or setting whose value it is. */
  readonly owner?: string;
  /** The data role or setting above a call or object (`validation` for `split(`). */
  readonly context?: string;
  /** Keys given so far in this call or object. */
  readonly given: string[];
}

const SETTINGS = new Set(TRAIN_SETTINGS.map((s) => s.name));

/** The place of `offset` in `text`; `scope` gives the tensor names and block names of the document. */
export function dslPlace(text: string, offset: number, scope: { tensors: readonly string[]; blocks: readonly string[]; outputs: readonly string[]; params: readonly string[] }): Place {
  const before = text.slice(0, offset);
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(before)?.[0] ?? "";
  const head = before.slice(0, before.length - word.length);
  const lex = lexDsl(head, "x");
  const tokens = lex.tokens;
  const stack: Frame[] = [{ kind: "top", given: [] }];
  const top = () => stack[stack.length - 1]!;
  // Which of the last tokens opened a line (a train setting's key is the first token of its line).
  const lineStartOf = (t: IToken) => lex.afterNewline.has(t.startOffset);
  let declKind: "graph" | "train" | undefined;
  let settingKey: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const prev = tokens[i - 1];
    const name = t.tokenType.name;
    if (name === "Model" || name === "Block") declKind = "graph";
    else if (name === "Train") declKind = "train";
    if (top().kind === "train" && name === "Identifier" && (prev?.tokenType.name === "LCurly" || lineStartOf(t) || prev?.tokenType.name === "Semicolon")) {
      settingKey = t.image;
      top().given.push(t.image);
    }
    if (name === "Colon" && prev !== undefined && (top().kind === "call" || top().kind === "object")) top().given.push(prev.image);
    if (name === "LCurly") {
      if (top().kind === "top" && declKind !== undefined) stack.push({ kind: declKind, given: [] });
      else {
        const key = prev?.tokenType.name === "Colon" ? tokens[i - 2]?.image : top().kind === "train" ? settingKey : undefined;
        stack.push({ kind: "object", ...(key !== undefined ? { owner: key } : {}), ...(top().owner !== undefined ? { context: top().owner } : {}), given: [] });
      }
    } else if (name === "LParen") {
      const callee = prev !== undefined && prev.tokenType.name === "Identifier" ? prev.image : undefined;
      const role = tokens[i - 3]?.tokenType.name === "Identifier" && tokens[i - 2]?.tokenType.name === "Colon" ? tokens[i - 3]!.image : top().kind === "train" ? settingKey : undefined;
      stack.push(callee === undefined || top().kind === "top" ? { kind: "paren", given: [] } : { kind: "call", owner: callee, ...(role !== undefined ? { context: role } : {}), given: [] });
    } else if (name === "LBracket") {
      const key = prev?.tokenType.name === "Colon" ? tokens[i - 2]?.image : top().kind === "train" ? settingKey : undefined;
      stack.push({ kind: "list", ...(key !== undefined ? { owner: key } : {}), given: [] });
    } else if ((name === "RCurly" || name === "RParen" || name === "RBracket") && stack.length > 1) {
      stack.pop();
    }
  }
  const frame = top();
  const prev = tokens[tokens.length - 1];
  const prev2 = tokens[tokens.length - 2];
  const p = prev?.tokenType.name;
  const onNewLine = /(^|[\r\n])[ \t]*$/.test(head);

  switch (frame.kind) {
    case "top":
      return { kind: "top" };
    case "graph": {
      if (p === "Arrow" || prev2?.tokenType.name === "Repeat") return { kind: "step", blocks: scope.blocks };
      if (p === "As" || p === "Repeat") return { kind: "nothing" };
      if (p === "Colon" && prev2 !== undefined && tokens[tokens.length - 3]?.tokenType.name === "Input") return { kind: "dtype" };
      if (p === "Output" || (p === "Comma" && statementStart(tokens, lex.afterNewline)?.tokenType.name === "Output")) return { kind: "names", names: scope.tensors };
      if (p === "Equals") return { kind: "names", names: scope.tensors };
      if (onNewLine || p === "LCurly" || p === "Semicolon" || p === undefined) return { kind: "statement", names: scope.tensors };
      return { kind: "nothing" };
    }
    case "train":
      if (onNewLine || p === "LCurly" || p === "Semicolon") return { kind: "train-key", given: frame.given };
      if (prev !== undefined && SETTINGS.has(prev.image) && p === "Identifier") return { kind: "train-value", setting: prev.image, outputs: scope.outputs };
      return { kind: "nothing" };
    case "call": {
      const callee = frame.owner!;
      const table = frame.context !== undefined ? TRAIN_TABLES[frame.context] : undefined;
      if (p === "Colon" && prev2 !== undefined) {
        if (table !== undefined) return { kind: "train-option-value", table: frame.context!, entry: callee, option: prev2.image };
        if (declKind === "train" && SETTINGS.has(callee)) return { kind: "train-option-value", table: callee, entry: callee, option: prev2.image };
        return { kind: "argument-value", callee, param: prev2.image, names: scope.params };
      }
      if (p !== "LParen" && p !== "Comma") return { kind: "nothing" };
      if (table !== undefined) return { kind: "train-options", table: frame.context!, entry: callee, given: frame.given };
      if (declKind === "train" && TRAIN_TABLES[callee] !== undefined) return { kind: "train-options", table: callee, entry: callee, given: frame.given };
      return { kind: "arguments", callee, given: frame.given, names: scope.tensors };
    }
    case "object": {
      const owner = frame.owner;
      const atKey = p === "LCurly" || p === "Comma" || onNewLine;
      if (owner === "data") return atKey ? { kind: "data-key", given: frame.given } : p === "Colon" && prev2 !== undefined ? { kind: "train-value", setting: prev2.image, outputs: scope.outputs } : { kind: "nothing" };
      if (owner !== undefined && (owner === "early_stopping" || owner === "checkpoint" || owner === "clip")) {
        return atKey ? { kind: "train-options", table: owner, entry: owner, given: frame.given } : p === "Colon" && prev2 !== undefined ? { kind: "train-option-value", table: owner, entry: owner, option: prev2.image } : { kind: "nothing" };
      }
      if (owner === "loss" || owner === "metrics" || owner === "loss_weights") {
        return atKey ? { kind: "names", names: scope.outputs.filter((o) => !frame.given.includes(o)) } : p === "Colon" ? { kind: "train-value", setting: owner, outputs: [] } : { kind: "nothing" };
      }
      return { kind: "nothing" };
    }
    case "list":
      if (frame.owner === "metrics" && (p === "LBracket" || p === "Comma")) return { kind: "train-value", setting: "metrics", outputs: [] };
      return { kind: "nothing" };
    case "paren":
      return { kind: "nothing" };
  }
}

/** The first token of the statement that `tokens` ends in (after the last line break or `;`). */
function statementStart(tokens: readonly IToken[], afterNewline: ReadonlySet<number>): IToken | undefined {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (afterNewline.has(t.startOffset) || tokens[i - 1]?.tokenType.name === "Semicolon" || tokens[i - 1]?.tokenType.name === "LCurly") return t;
  }
  return tokens[0];
}
