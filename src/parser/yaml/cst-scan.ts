/**
 * A pass over the `yaml` package's concrete syntax tree that runs *before* composition: it refuses what
 * the spec language does not allow (directives, tags, too many aliases) and nesting deeper than
 * {@link MAX_NESTING_DEPTH}, before the library's recursive composer can overflow the stack on it.
 * The walk is iterative, so hostile depth cannot hurt it either.
 */
import type { CST } from "yaml";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { createDiagnostic } from "../../diagnostics/diagnostic.js";
import { createSpan } from "../../diagnostics/span.js";
import { MAX_NESTING_DEPTH } from "../parse-result.js";
import { MAX_YAML_NESTING_WORK, MAX_YAML_TOKENS, stringTooLong } from "../prescan.js";
import { MAX_YAML_ALIASES } from "./limits.js";

/** The hint of every "the YAML nests deeper than allowed" (MFG1106). */
export const NESTING_HINT = "a spec never needs this much nesting; check for a runaway structure";

/** The hint of every "YAML tags are not allowed" (MFG1103). */
export const TAG_HINT = "remove the tag; quote the value if you need a string";

interface Pending {
  readonly token: CST.Token;
  /** Number of collections that enclose this token. */
  readonly depth: number;
}

/** Checks the CST tokens of a whole file; returns one diagnostic per offending place. */
export function scanCst(tokens: readonly CST.Token[], file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const span = (offset: number, source: string) => createSpan(file, offset, offset + Math.max(1, source.length));
  let aliases = 0;
  let tooDeepReported = false;
  const stack: Pending[] = tokens.map((token) => ({ token, depth: 0 })).reverse();
  const push = (token: CST.Token | null | undefined, depth: number) => {
    if (token) stack.push({ token, depth });
  };
  const pushAll = (ts: readonly CST.Token[] | undefined, depth: number) => {
    if (ts) for (let i = ts.length - 1; i >= 0; i--) stack.push({ token: ts[i]!, depth });
  };

  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    switch (token.type) {
      case "directive":
        out.push(
          createDiagnostic("MFG1102", `YAML directives are not allowed: \`${firstLine(token.source)}\``, span(token.offset, firstLine(token.source)), {
            hints: ["remove the line; mfgc always reads YAML 1.2 with the core schema"],
          }),
        );
        break;
      case "tag":
        out.push(
          createDiagnostic("MFG1103", `YAML tags are not allowed: \`${token.source}\``, span(token.offset, token.source), {
            hints: [TAG_HINT],
          }),
        );
        break;
      case "alias":
        aliases++;
        if (aliases === MAX_YAML_ALIASES + 1) {
          out.push(
            createDiagnostic("MFG1105", `too many YAML aliases: a spec may use at most ${MAX_YAML_ALIASES}`, span(token.offset, token.source), {
              hints: ["write the repeated parts out, or use a block with parameters for repeated layers"],
            }),
          );
        }
        pushAll(token.end, depth);
        break;
      case "document":
        pushAll(token.end, depth);
        push(token.value, depth);
        pushAll(token.start, depth);
        break;
      case "doc-end":
        pushAll(token.end, depth);
        break;
      case "block-scalar":
        pushAll(token.props, depth);
        break;
      case "scalar":
      case "single-quoted-scalar":
      case "double-quoted-scalar":
        pushAll(token.end, depth);
        break;
      case "block-map":
      case "block-seq":
      case "flow-collection": {
        const inner = depth + 1;
        if (inner > MAX_NESTING_DEPTH) {
          if (!tooDeepReported) {
            tooDeepReported = true;
            out.push(
              createDiagnostic("MFG1106", `the YAML nests deeper than ${MAX_NESTING_DEPTH} levels`, createSpan(file, token.offset, token.offset + 1), {
                hints: [NESTING_HINT],
              }),
            );
          }
          break; // do not descend: nothing below can be reported usefully
        }
        // Pushed in reverse so that tokens pop in source order (the first alias over budget is the one reported).
        if (token.type === "flow-collection") pushAll(token.end, inner);
        for (let i = token.items.length - 1; i >= 0; i--) {
          const item = token.items[i]!;
          push(item.value, inner);
          pushAll(item.sep, inner);
          push(item.key, inner);
          pushAll(item.start, inner);
        }
        if (token.type === "flow-collection") push(token.start, inner);
        break;
      }
      default:
        // space, comments, indicators, anchors, error tokens (the composer reports those)
        break;
    }
  }
  return out;
}

/** The diagnostic for a budget the raw-text scan (prescan.ts) found exceeded in a YAML file: nesting, tokens or a string. */
export function prescanRefusal(kind: "depth" | "work" | "tokens" | "string", offset: number, file: string): Diagnostic {
  const at = createSpan(file, offset, offset + 1);
  if (kind === "string") return stringTooLong(file, offset);
  if (kind === "tokens") {
    return createDiagnostic("MFG1021", `the YAML has more than ${MAX_YAML_TOKENS.toLocaleString("en-US")} tokens by here; the file was not read`, at, {
      hints: ["that is about 2,500 layers written out; use `repeat` and blocks for repeated layers, or split the spec"],
    });
  }
  if (kind === "depth") {
    return createDiagnostic("MFG1106", `the YAML nests deeper than ${MAX_NESTING_DEPTH} levels`, at, {
      hints: [NESTING_HINT],
    });
  }
  return createDiagnostic("MFG1140", `the YAML nests brackets too heavily: their depths add up to more than ${MAX_YAML_NESTING_WORK.toLocaleString("en-US")} by here`, at, {
    hints: ["the file was not read; a spec never needs this much bracketing"],
  });
}

function firstLine(s: string): string {
  const nl = s.search(/[\r\n]/);
  return nl < 0 ? s : s.slice(0, nl);
}
