/**
 * Warnings for parts of a model that do not contribute to any output: unused inputs, and dead ends
 * (a value computed but never consumed). Only the end of a dead chain is reported, not every node on it.
 */
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../diagnostics/span.js";
import type { RawNode } from "./raw-node.js";

export function reportUnused(nodes: readonly RawNode[], outputs: readonly string[], inputDecls: ReadonlyMap<string, Span>, bag: DiagnosticBag): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const live = new Set<string>();
  const work = [...outputs];
  while (work.length > 0) {
    const id = work.pop()!;
    if (live.has(id)) continue;
    live.add(id);
    for (const i of byId.get(id)?.inputs ?? []) if (i !== null) work.push(i);
  }
  const consumed = new Set<string>();
  for (const n of nodes) for (const i of n.inputs) if (i !== null) consumed.add(i);
  for (const n of nodes) {
    if (live.has(n.id)) continue;
    if (n.op === "input") {
      bag.report("MFG3019", `model input \`${n.userName ?? n.id}\` is not used by any output`, inputDecls.get(n.id) ?? n.span, {
        hints: ["remove it, or feed it into the graph"],
      });
    } else if (!consumed.has(n.id)) {
      const what = n.userName !== undefined ? `\`${n.userName}\`` : `the result of \`${n.op}\``;
      bag.report("MFG3020", `${what} never reaches an output`, n.span, {
        hints: n.userName !== undefined ? [`list it in \`output\`, use it, or remove it`] : ["use it, list it in `output`, or remove the flow"],
      });
    }
  }
}
