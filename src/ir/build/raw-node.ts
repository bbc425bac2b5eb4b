/** A node as the expander makes it, before shape inference. */
import type { Span } from "../../diagnostics/span.js";
import type { Attrs } from "../types.js";
import type { ExpansionSite } from "./frame.js";

export interface RawNode {
  /** Mutable only so that naming a block application (`-> encoder(64) as enc`) can rename its output. */
  id: string;
  readonly op: string;
  /** Undefined when the parameters or the arity were wrong (already reported): the node is skipped. */
  readonly attrs: Attrs | undefined;
  readonly paramSpans: ReadonlyMap<string, Span>;
  /** Producer ids; null where the producer failed. */
  readonly inputs: (string | null)[];
  readonly span: Span;
  userName?: string;
  readonly scope: readonly string[];
  readonly trail: readonly ExpansionSite[];
}
