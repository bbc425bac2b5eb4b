/** What the train checker knows about the model's outputs, and per-output option objects. */
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../diagnostics/span.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import type { IRNode } from "../types.js";

/** One declared model output: its name as written in `output`, and the node that produces it. */
export interface ModelOutputInfo {
  readonly name: string;
  readonly span: Span;
  /** Undefined when the node failed to build. */
  readonly node: IRNode | undefined;
}

export function reportUnknownOutput(name: string, at: Span, outputs: readonly string[], bag: DiagnosticBag): void {
  const hints = didYouMean(name, outputs);
  if (hints.length === 0) hints.push(`the model's outputs are ${outputs.map((o) => `\`${o}\``).join(", ")}`);
  bag.report("MFG3313", `the model has no output \`${name}\``, at, { hints });
}
