/**
 * Canonicalize nested variadic merges: `add(add(a, b), c)` ⇒ `add(a, b, c)` (likewise `multiply`,
 * `maximum`, `minimum`) when the inner merge has no other reader. `concat` along the same axis nests
 * the same way. `average` and `subtract` don't (their result depends on the grouping).
 */
import { GraphEditor } from "./graph-editor.js";
import { sampleAxis } from "../ops/shape-utils.js";
import { numAttr } from "./node-utils.js";
import { describeNode, unchanged, type Pass, type PassChange } from "./pass.js";
import type { IRNode } from "../types.js";
import { pushAll } from "../../util/arrays.js";

const ASSOCIATIVE = new Set(["add", "multiply", "maximum", "minimum", "concat"]);

function sameMerge(outer: IRNode, inner: IRNode): boolean {
  if (outer.op !== inner.op || !ASSOCIATIVE.has(outer.op)) return false;
  if (outer.op !== "concat") return true;
  // Compare resolved axes: −1 and rank are the same axis (Keras's rule, batch counted).
  const rank = outer.shape.length;
  const norm = (a: number | undefined) => (a === undefined ? undefined : sampleAxis(a, rank));
  return norm(numAttr(outer, "axis")) === norm(numAttr(inner, "axis"));
}

export const flattenMerges: Pass = {
  name: "flatten-merges",
  description: "canonicalize nested associative merges add(add(a, b), c) into add(a, b, c)",
  run(graph) {
    const ed = new GraphEditor(graph);
    const changes: PassChange[] = [];
    for (const node of graph.nodes) {
      if (!ASSOCIATIVE.has(node.op) || !ed.has(node.id)) continue;
      const current = ed.get(node.id);
      const inputs: string[] = [];
      const absorbed: IRNode[] = [];
      for (const id of current.inputs) {
        const inner = ed.get(id);
        const exclusive = ed.consumers(id).length === 1 && !ed.isOutput(id) && inner.userName === undefined;
        if (exclusive && sameMerge(current, inner) && !current.inputs.slice(current.inputs.indexOf(id) + 1).includes(id)) {
          pushAll(inputs, inner.inputs);
          absorbed.push(inner);
        } else inputs.push(id);
      }
      if (absorbed.length === 0) continue;
      ed.update(node.id, { inputs });
      for (const inner of absorbed) {
        ed.remove(inner.id);
        changes.push({ message: `merged ${describeNode(inner)} into ${describeNode(node)} (${inputs.length} inputs)`, span: inner.span });
      }
    }
    if (changes.length === 0) return unchanged(graph);
    return { graph: ed.finish(), changes };
  },
};
