/** Printing diagnostics for the CLI in the chosen format. */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { sortDiagnostics } from "../diagnostics/diagnostic.js";
import { renderJson, renderSarif } from "../diagnostics/render-machine.js";
import { renderText, summaryLine, type SourceLookup } from "../diagnostics/render-text.js";
import type { SourceFile } from "../diagnostics/span.js";

export type DiagnosticFormat = "text" | "json" | "sarif";

export function useColor(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "") return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true;
}

export function sourceLookup(sources: Iterable<SourceFile>): SourceLookup {
  const map = new Map<string, SourceFile>();
  for (const s of sources) map.set(s.path, s);
  return (file) => map.get(file);
}

export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: SourceLookup,
  format: DiagnosticFormat,
  opts: { color: boolean; version: string },
): string {
  const sorted = sortDiagnostics(diagnostics);
  switch (format) {
    case "json":
      return renderJson(sorted, sources);
    case "sarif":
      return renderSarif(sorted, sources, opts.version);
    case "text":
      return sorted.length === 0 ? "" : renderText(sorted, sources, { color: opts.color }) + "\n" + summaryLine(sorted) + "\n";
  }
}
