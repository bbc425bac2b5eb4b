/**
 * Go to definition, find references and rename, over the document's symbols (symbols.ts). A rename is
 * refused when the new name could not be written in both forms (not an identifier, a DSL keyword, or
 * a word YAML reads as null or a boolean).
 */
import { ResponseError, type Location, type Range, type WorkspaceEdit } from "vscode-languageserver";
import type { Span } from "../diagnostics/span.js";
import { reservedNameProblem } from "../parser/names.js";
import { IDENT_RE } from "../parser/yaml/schema-patterns.js";
import { rangeOf, type Analysis } from "./document.js";
import { symbolAt, symbolIndex, type SpecSymbol } from "./symbols.js";

function symbolUnder(a: Analysis, offset: number): SpecSymbol | undefined {
  const spec = a.compiled.spec;
  if (spec === undefined) return undefined;
  const text = a.doc.getText();
  return symbolAt(symbolIndex(spec, (s: Span) => text.slice(s.start, s.end)), offset);
}

export function definitionAt(a: Analysis, offset: number): Location | null {
  const s = symbolUnder(a, offset);
  return s === undefined ? null : { uri: a.doc.uri, range: rangeOf(a.doc, s.definition) };
}

export function referencesAt(a: Analysis, offset: number, includeDeclaration: boolean): Location[] {
  const s = symbolUnder(a, offset);
  if (s === undefined) return [];
  const spans = includeDeclaration ? [s.definition, ...s.references] : s.references;
  return spans.map((span) => ({ uri: a.doc.uri, range: rangeOf(a.doc, span) }));
}

/** The range of the name a rename would change, or null when there is no symbol there. */
export function prepareRenameAt(a: Analysis, offset: number): { range: Range; placeholder: string } | null {
  const s = symbolUnder(a, offset);
  if (s === undefined) return null;
  const holds = (sp: Span) => sp.start <= offset && offset <= sp.end;
  const span = [s.definition, ...s.references].find(holds) ?? s.definition;
  return { range: rangeOf(a.doc, span), placeholder: s.name };
}

export function renameAt(a: Analysis, offset: number, newName: string): WorkspaceEdit | null {
  const s = symbolUnder(a, offset);
  if (s === undefined) return null;
  if (!IDENT_RE.test(newName)) throw new ResponseError(-32602, `\`${newName}\` is not a name: use letters, digits and \`_\`, not starting with a digit`);
  const reserved = reservedNameProblem(newName, s.definition);
  if (reserved !== undefined) throw new ResponseError(-32602, reserved.message);
  const edits = [s.definition, ...s.references].map((span) => ({ range: rangeOf(a.doc, span), newText: newName }));
  return { changes: { [a.doc.uri]: edits } };
}
