/** Machine-readable diagnostics: `--format json` (our own stable shape) and `--format sarif` (SARIF 2.1.0 for CI). */
import type { Diagnostic } from "./diagnostic.js";
import { CATALOGUE, type CodeInfo } from "./catalogue.js";
import type { SourceLookup } from "./render-text.js";

export interface JsonDiagnostic {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly endLine: number | null;
  readonly endColumn: number | null;
  readonly hints: readonly string[];
  readonly related: readonly { message: string; file: string; line: number | null; column: number | null }[];
}

function pos(sources: SourceLookup, file: string, offset: number): { line: number | null; column: number | null } {
  const src = sources(file);
  if (!src) return { line: null, column: null };
  return src.position(offset);
}

export function toJsonDiagnostics(diagnostics: readonly Diagnostic[], sources: SourceLookup): JsonDiagnostic[] {
  return diagnostics.map((d) => {
    const start = pos(sources, d.span.file, d.span.start);
    const end = pos(sources, d.span.file, d.span.end);
    return {
      code: d.code,
      severity: d.severity,
      message: d.message,
      file: d.span.file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      hints: d.hints,
      related: d.related.map((r) => ({ message: r.message, file: r.span.file, ...pos(sources, r.span.file, r.span.start) })),
    };
  });
}

export function renderJson(diagnostics: readonly Diagnostic[], sources: SourceLookup): string {
  return JSON.stringify({ diagnostics: toJsonDiagnostics(diagnostics, sources) }, null, 2) + "\n";
}

/** SARIF 2.1.0, one run, rules for the codes that occur (sorted, so output is deterministic). */
export function renderSarif(diagnostics: readonly Diagnostic[], sources: SourceLookup, toolVersion: string): string {
  const codes = [...new Set(diagnostics.map((d) => d.code))].sort();
  const catalogue = CATALOGUE as Readonly<Record<string, CodeInfo>>;
  const level = (s: string) => (s === "error" ? "error" : s === "warning" ? "warning" : "note");
  const region = (file: string, start: number, end: number) => {
    const a = pos(sources, file, start);
    const b = pos(sources, file, end);
    return a.line === null ? undefined : { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column };
  };
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "mfgc",
            version: toolVersion,
            rules: codes.map((code) => ({
              id: code,
              shortDescription: { text: catalogue[code]?.title ?? code },
              defaultConfiguration: { level: level(catalogue[code]?.severity ?? "error") },
            })),
          },
        },
        results: diagnostics.map((d) => ({
          ruleId: d.code,
          ruleIndex: codes.indexOf(d.code),
          level: level(d.severity),
          message: { text: d.hints.length ? `${d.message}\n${d.hints.join("\n")}` : d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: d.span.file },
                ...(region(d.span.file, d.span.start, d.span.end) ? { region: region(d.span.file, d.span.start, d.span.end) } : {}),
              },
            },
          ],
          relatedLocations: d.related.map((r, i) => ({
            id: i,
            message: { text: r.message },
            physicalLocation: { artifactLocation: { uri: r.span.file }, region: region(r.span.file, r.span.start, r.span.end) },
          })),
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}
