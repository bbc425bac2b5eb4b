/**
 * Binds evaluated arguments to declared parameters by position and by name. Shared by op calls and block
 * applications so both report unknown, duplicate, surplus and missing arguments the same way.
 */
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../diagnostics/span.js";
import { closestMatch, didYouMean } from "../../diagnostics/suggest.js";
import { KERAS_ARGUMENTS, kerasSpelling, kerasSpellingHint } from "../keras-names.js";
import type { ValueArg } from "./values.js";
import { excerptList } from "../../diagnostics/escape.js";

/** Names a hint lists at most, and the characters shown of each (a list of parameters is user-sized). */
const MAX_LISTED = 12;
const MAX_NAME = 64;

/** What the binder needs to know about one parameter. */
export interface BindParam {
  readonly name: string;
  readonly positional: boolean;
  readonly required: boolean;
}

export interface BindResult {
  /** Arguments by parameter name. */
  readonly bound: ReadonlyMap<string, ValueArg>;
  /** False when an argument could not be bound (unknown, duplicate, surplus, missing). */
  readonly ok: boolean;
}

/**
 * @param what  e.g. "`conv2d`" or "block `encoder`", used in messages.
 * @param callSpan where to point "missing required parameter" (the callee name).
 */
export function bindArgs(what: string, params: readonly BindParam[], args: readonly ValueArg[], callSpan: Span, bag: DiagnosticBag): BindResult {
  const bound = new Map<string, ValueArg>();
  const boundAt = new Map<string, Span>();
  let ok = true;
  const positional = params.filter((p) => p.positional);
  // By name: a block may declare as many parameters as a spec has room for (no search per argument).
  const byName = new Map<string, BindParam>();
  for (const q of params) if (!byName.has(q.name)) byName.set(q.name, q);
  let nextPositional = 0;
  // A misspelt name whose suggestion is a required parameter already explains why that one is missing.
  const suggested = new Set<string>();
  for (const arg of args) {
    if (arg.name === undefined) {
      const p = positional[nextPositional++];
      if (p === undefined) {
        const names = positional.map((q) => `\`${q.name}\``).join(", ");
        bag.report(
          "MFG3407",
          `too many positional arguments for ${what}: it takes ${positional.length === 0 ? "none" : `${positional.length} (${names})`}`,
          arg.span,
          { hints: [params.length > 0 ? `name the argument, e.g. \`${params[0]!.name}: …\`` : "remove the argument"] },
        );
        ok = false;
        continue;
      }
      bound.set(p.name, arg);
      boundAt.set(p.name, arg.span);
      continue;
    }
    const nameSpan = arg.nameSpan ?? arg.span;
    const p = byName.get(arg.name);
    if (p === undefined) {
      const names = params.map((q) => q.name);
      const keras = kerasSpellingHint(arg.name, KERAS_ARGUMENTS, names);
      const hints = keras.length > 0 ? keras : didYouMean(arg.name, names);
      const close = kerasSpelling(arg.name, KERAS_ARGUMENTS, names)?.mfgc ?? closestMatch(arg.name, names);
      if (close !== undefined) suggested.add(close);
      if (hints.length === 0) hints.push(params.length === 0 ? `${what} takes no parameters` : `${what} takes: ${excerptList(names, MAX_LISTED, MAX_NAME)}`);
      bag.report("MFG3401", `${what} has no parameter \`${arg.name}\``, nameSpan, { hints });
      ok = false;
      continue;
    }
    const first = boundAt.get(p.name);
    if (first !== undefined) {
      bag.report("MFG3406", `parameter \`${p.name}\` of ${what} is given twice`, nameSpan, {
        related: [{ message: "first given here", span: first }],
        hints: [p.positional ? `\`${p.name}\` is also given by position; remove one of them` : "remove one of them"],
      });
      ok = false;
      continue;
    }
    bound.set(p.name, arg);
    boundAt.set(p.name, nameSpan);
  }
  // A block may have any number of parameters: hints list a few of them, built once, so that a call
  // missing 200,000 of them does not make 200,000 hints of 200,000 names each.
  let positionalList: string | undefined;
  const inOrder = () => (positionalList ??= excerptList(params.filter((q) => q.positional).map((q) => q.name), MAX_LISTED, MAX_NAME));
  for (const p of params) {
    if (p.required && !bound.has(p.name) && !suggested.has(p.name)) {
      bag.report("MFG3404", `${what} needs parameter \`${p.name}\``, callSpan, { hints: [`add \`${p.name}: …\`${p.positional ? ` (or give it positionally, in order: ${inOrder()})` : ""}`] });
      ok = false;
    }
  }
  return { bound, ok };
}
