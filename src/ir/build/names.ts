/** The names a body defines, duplicate checks, and resolution of tensor names with "did you mean". */
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../diagnostics/span.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import type { GraphStmt, Identifier } from "../../parser/ast.js";
import type { Frame, TensorRef } from "./frame.js";

/** Every name a body defines (inputs, flow targets, `as` names) in source order. */
export function definedNames(body: readonly GraphStmt[]): Identifier[] {
  const out: Identifier[] = [];
  for (const stmt of body) {
    if (stmt.kind === "input") out.push(stmt.name);
    else if (stmt.kind === "flow") {
      for (const step of stmt.steps) if (step.alias) out.push(step.alias);
      if (stmt.target) out.push(stmt.target);
    }
  }
  return out;
}

/**
 * Map of name → first definition; reports later definitions of the same name (and names that clash with
 * `reserved`, e.g. block parameters).
 */
export function collectDeclared(
  body: readonly GraphStmt[],
  bag: DiagnosticBag,
  reserved: ReadonlyMap<string, { span: Span; what: string }> = new Map(),
): Map<string, Span> {
  const declared = new Map<string, Span>();
  for (const name of definedNames(body)) {
    const first = declared.get(name.name);
    const clash = reserved.get(name.name);
    if (first !== undefined) {
      bag.report("MFG3007", `\`${name.name}\` is already defined`, name.span, {
        related: [{ message: `\`${name.name}\` is first defined here`, span: first }],
        hints: ["names are unique per model; pick another name"],
      });
    } else if (clash !== undefined) {
      bag.report("MFG3007", `\`${name.name}\` is already the name of ${clash.what}`, name.span, {
        related: [{ message: `${clash.what} \`${name.name}\` is defined here`, span: clash.span }],
        hints: [`pick another name, e.g. \`${name.name}_out\``],
      });
    } else {
      declared.set(name.name, name.span);
    }
  }
  return declared;
}

/** The tensor `ident` names, or null after reporting why it names none. */
export function resolveTensor(ident: Identifier, frame: Frame, bag: DiagnosticBag, isOp: (name: string) => boolean): TensorRef {
  const name = ident.name;
  const ref = frame.tensors.get(name);
  if (ref !== undefined) return ref;
  const later = frame.declared.get(name);
  if (later !== undefined) {
    bag.report("MFG3006", `\`${name}\` is used before its definition`, ident.span, {
      related: [{ message: `\`${name}\` is defined here`, span: later }],
      hints: ["a value can only be used after the statement that defines it"],
    });
    return null;
  }
  if (frame.env.has(name)) {
    bag.report("MFG3025", `\`${name}\` is a block parameter, not a tensor`, ident.span, {
      hints: ["tensors enter a block through its `input` declarations"],
    });
    return null;
  }
  const hints = didYouMean(name, frame.tensors.keys());
  if (hints.length === 0 && isOp(name)) hints.push(`\`${name}\` is an op; apply it in a step: \`x -> ${name}(…)\``);
  if (hints.length === 0) {
    const known = [...frame.tensors.keys()].sort();
    hints.push(known.length === 0 ? `name a value with \`${name} = …\` or \`-> … as ${name}\` first` : `the names defined so far: ${known.slice(0, 8).map((k) => `\`${k}\``).join(", ")}${known.length > 8 ? ", …" : ""}`);
  }
  bag.report("MFG3005", `unknown name \`${name}\``, ident.span, { hints });
  return null;
}
