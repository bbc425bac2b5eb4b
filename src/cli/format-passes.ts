/** The pass report (`--print-passes`, `mfgc graph --passes`): what each pass did, with spec lines. */
import type { SourceFile } from "../diagnostics/span.js";
import type { PassReportEntry } from "../ir/passes/pipeline.js";

export function formatPassReport(specPath: string, report: readonly PassReportEntry[], source: SourceFile | undefined): string {
  const count = report.reduce((n, r) => n + r.changes.length, 0);
  const lines = [`${specPath}: ${count === 0 ? "no pass changed the graph" : `${count} change${count === 1 ? "" : "s"}`}`];
  for (const entry of report) {
    for (const c of entry.changes) {
      const where = source && c.span.file === source.path ? ` (line ${source.position(c.span.start).line})` : "";
      lines.push(`  ${entry.pass}: ${c.message}${where}`);
    }
  }
  return lines.join("\n") + "\n";
}
