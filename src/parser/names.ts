/**
 * Which words may name things. A name must read back as the same name in both forms, so the DSL's
 * keywords are not names in YAML either, and the words YAML reads as null or booleans are not names in
 * the DSL either. Both front-ends report a misused word with the same code and words.
 */
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";
import { KEYWORDS, YAML_RESERVED_WORDS } from "./dsl/tokens.js";

/** The diagnostic for a declared or referenced name that is a reserved word; undefined when it is fine. */
export function reservedNameProblem(name: string, span: Span): Diagnostic | undefined {
  if (KEYWORDS.includes(name)) {
    return createDiagnostic("MFG1012", `\`${name}\` is a keyword and cannot be used as a name`, span, {
      hints: [`choose another name, e.g. \`${name}_\` or \`my_${name}\``],
    });
  }
  if (YAML_RESERVED_WORDS.includes(name)) {
    return createDiagnostic("MFG1018", `\`${name}\` cannot be a name: the YAML form reads it as ${name.toLowerCase() === "null" ? "null" : "a boolean"}`, span, {
      hints: [`choose another name, e.g. \`${name}_\` or \`my_${name.toLowerCase()}\``],
    });
  }
  return undefined;
}
