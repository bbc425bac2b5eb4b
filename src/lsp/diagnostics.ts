/**
 * mfgc's diagnostics as LSP diagnostics (the same codes and positions as `mfgc check`), and the quick
 * fixes they carry: every "did you mean `X`?" hint replaces its diagnostic's span with `X`.
 */
import { DiagnosticSeverity, type CodeAction, type Diagnostic as LspDiagnostic } from "vscode-languageserver";
import { CodeActionKind } from "vscode-languageserver";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { suggestionOf } from "../diagnostics/suggest.js";
import { rangeOf, type Analysis } from "./document.js";

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export function toLspDiagnostic(a: Analysis, d: Diagnostic): LspDiagnostic {
  const sameFile = d.related.filter((r) => r.span.file === d.span.file);
  return {
    range: rangeOf(a.doc, d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: "mfgc",
    message: [d.message, ...d.hints.map((h) => `hint: ${h}`)].join("\n"),
    ...(sameFile.length > 0 ? { relatedInformation: sameFile.map((r) => ({ location: { uri: a.doc.uri, range: rangeOf(a.doc, r.span) }, message: r.message })) } : {}),
  };
}

/** The document's diagnostics, for publishing. */
export function documentDiagnostics(a: Analysis): LspDiagnostic[] {
  return a.compiled.diagnostics.filter((d) => d.span.file === a.path).map((d) => toLspDiagnostic(a, d));
}

/** The quick fixes of the diagnostics that overlap `[start, end]` (offsets). */
export function quickFixes(a: Analysis, start: number, end: number): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of a.compiled.diagnostics) {
    if (d.span.file !== a.path || d.span.end < start || d.span.start > end) continue;
    for (const h of d.hints) {
      const fix = suggestionOf(h);
      if (fix === undefined) continue;
      out.push({
        title: `Change to \`${fix}\``,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toLspDiagnostic(a, d)],
        isPreferred: true,
        edit: { changes: { [a.doc.uri]: [{ range: rangeOf(a.doc, d.span), newText: fix }] } },
      });
    }
  }
  return out;
}
