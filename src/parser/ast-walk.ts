/**
 * Generic traversal of the shared AST: the children of every node kind, in source order. Used by the
 * comment attacher, the language server's node finder and symbol index — anything that needs "every
 * node" without a switch of its own.
 */
import type { AstNode, Spec } from "./ast.js";
import { pushAll } from "../util/arrays.js";

/**
 * The direct children of `node`, sorted by where they start. In YAML the implicit source of a model's
 * first flow is the first input's own name node (it has no text of its own), so the same object can be
 * reached twice; callers that care keep a `seen` set.
 */
export function childrenOf(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const add = (n: AstNode | undefined): void => {
    if (n !== undefined) out.push(n);
  };
  switch (node.kind) {
    case "spec":
      pushAll(out, node.blocks);
      pushAll(out, node.models);
      pushAll(out, node.trains);
      break;
    case "model":
      add(node.name);
      pushAll(out, node.body);
      break;
    case "block":
      add(node.name);
      pushAll(out, node.params);
      pushAll(out, node.body);
      break;
    case "param":
      add(node.name);
      add(node.default);
      break;
    case "train":
      add(node.model);
      pushAll(out, node.settings);
      break;
    case "setting":
      add(node.key);
      add(node.value);
      break;
    case "input":
      add(node.name);
      add(node.dtype);
      if (node.shape !== undefined) pushAll(out, node.shape);
      break;
    case "output":
      pushAll(out, node.names);
      break;
    case "flow":
      add(node.target);
      add(node.source);
      pushAll(out, node.steps);
      break;
    case "tuple":
      pushAll(out, node.items);
      break;
    case "step":
      add(node.repeat);
      add(node.call);
      add(node.alias);
      break;
    case "call":
      add(node.callee);
      pushAll(out, node.args);
      break;
    case "arg":
      add(node.name);
      add(node.value);
      break;
    case "list":
      pushAll(out, node.items);
      break;
    case "object":
      pushAll(out, node.entries);
      break;
    case "entry":
      add(node.key);
      add(node.value);
      break;
    case "binary":
      add(node.left);
      add(node.right);
      break;
    case "unary":
      add(node.operand);
      break;
    case "number":
    case "string":
    case "bool":
    case "ident":
      break;
  }
  // Sort for determinism: children are visited in source order whatever the field order above.
  return out.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
}

/**
 * Every node of the tree with its parent (the root's parent is undefined), visited once each, parents
 * before children. Iterative: expression depth is bounded by the parsers, but nothing here relies on it.
 */
export function walkAst(root: Spec): { readonly node: AstNode; readonly parent: AstNode | undefined }[] {
  const out: { node: AstNode; parent: AstNode | undefined }[] = [];
  const seen = new Set<AstNode>();
  const stack: { node: AstNode; parent: AstNode | undefined }[] = [{ node: root, parent: undefined }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (seen.has(item.node)) continue;
    seen.add(item.node);
    out.push(item);
    const kids = childrenOf(item.node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, parent: item.node });
  }
  return out;
}
