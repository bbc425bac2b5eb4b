/**
 * Remove ops that compute their input unchanged — `activation(linear)`, `dropout(0)`, `rescaling(1, 0)`,
 * an identity `permute`, zero `zero_padding2d`, `upsampling2d(1)`, a `reshape` to the same shape — and
 * canonicalize merges of a single tensor (`concat`/`add`/`multiply`/`average` of one input).
 *
 * A removed graph output hands its name to its input (see `GraphEditor.bypass`), or stays when the input
 * cannot take it: output names are the model's interface and what the losses are keyed by.
 */
import { GraphEditor } from "./graph-editor.js";
import { numAttr, numListAttr, sameShape, strAttr } from "./node-utils.js";
import { describeNode, unchanged, type Pass, type PassChange } from "./pass.js";
import type { IRNode } from "../types.js";

const SINGLE_INPUT_MERGES = new Set(["concat", "add", "multiply", "average", "maximum", "minimum"]);

/** Why `node` is an identity, or undefined when it is not. */
export function identityReason(node: IRNode, inputShape: readonly (number | null)[]): string | undefined {
  switch (node.op) {
    case "activation":
      return strAttr(node, "fn") === "linear" ? "linear activation" : undefined;
    case "dropout":
      return numAttr(node, "rate") === 0 ? "dropout with rate 0" : undefined;
    case "rescaling":
      return numAttr(node, "scale") === 1 && numAttr(node, "offset") === 0 ? "rescaling by 1 with offset 0" : undefined;
    case "permute": {
      const dims = numListAttr(node, "dims");
      return dims && dims.every((d, i) => d === i + 1) ? "identity permutation" : undefined;
    }
    case "zero_padding2d": {
      const p = numListAttr(node, "padding");
      return p && p.every((x) => x === 0) ? "zero padding of 0" : undefined;
    }
    case "upsampling2d": {
      const s = numListAttr(node, "size");
      return s && s.every((x) => x === 1) ? "upsampling by 1" : undefined;
    }
    case "reshape":
    case "flatten":
      return sameShape(node.shape, inputShape) ? `${node.op} to the same shape` : undefined;
    default:
      return SINGLE_INPUT_MERGES.has(node.op) && node.inputs.length === 1 ? `${node.op} of a single input` : undefined;
  }
}

export const removeIdentities: Pass = {
  name: "remove-identities",
  description: "remove ops that return their input unchanged and merges of a single tensor",
  run(graph) {
    const ed = new GraphEditor(graph);
    const changes: PassChange[] = [];
    const renamed: Record<string, string> = {};
    for (const node of graph.nodes) {
      if (node.inputs.length !== 1 || !ed.has(node.id)) continue;
      const input = ed.get(ed.get(node.id).inputs[0]!);
      const reason = identityReason(node, input.shape);
      if (reason === undefined) continue;
      const outcome = ed.bypass(node.id);
      if (outcome === "kept") continue;
      // The input's weights (a dense/conv before `dropout(0)`) now live under the output's name.
      if (outcome !== "removed") renamed[outcome.from] = outcome.to;
      changes.push({ message: `removed ${describeNode(node)}: ${reason}`, span: node.span });
    }
    if (changes.length === 0) return unchanged(graph);
    return { graph: ed.finish(), changes, renamed };
  },
};
