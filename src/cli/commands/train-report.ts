/**
 * The HTML report of a run that `mfgc train` is running: `<run>/report.html` after every epoch (through
 * the runtime's per-epoch callback) and when the run ends, with `compile.json` (the pass report) beside
 * it. Nothing is written before the first epoch has run, so a run the runtime refuses (a folder in use,
 * a changed spec) leaves the folder as it was. A report that cannot be written never stops training: it
 * is said once.
 */
import path from "node:path";
import type { SourceFile } from "../../diagnostics/span.js";
import type { PassReportEntry } from "../../ir/passes/pipeline.js";
import { COMPILE_FILE, REPORT_FILE, writeReport, type CompileRecord } from "../../report/index.js";
import type { CliIO } from "../io.js";
import { MFGC_VERSION } from "../version.js";
import { writeFileAtomic } from "../write-files.js";

export interface CompiledRunInfo {
  readonly specPath: string;
  readonly specHash: string;
  readonly passes: readonly PassReportEntry[];
  readonly source: SourceFile | undefined;
}

export interface TrainReporter {
  /** Rewrites report.html from the run folder (the runtime calls it after each epoch). */
  readonly refresh: () => void;
  /** The last rewrite, after report.json is there; prints where the report is. */
  readonly finish: () => void;
}

export function trainReporter(outDir: string, compiled: CompiledRunInfo, io: CliIO): TrainReporter {
  const record: CompileRecord = {
    mfgcVersion: MFGC_VERSION,
    spec: compiled.specPath,
    specHash: compiled.specHash,
    passes: compiled.passes.map((p) => ({
      pass: p.pass,
      changes: p.changes.map((c) => ({ message: c.message, line: compiled.source !== undefined && c.span.file === compiled.source.path ? compiled.source.position(c.span.start).line : null })),
    })),
  };
  const file = path.join(outDir, REPORT_FILE);
  let failed = false;
  let compileWritten = false;
  const write = (): boolean => {
    try {
      if (!compileWritten) writeFileAtomic(path.join(outDir, COMPILE_FILE), JSON.stringify(record, null, 2));
      compileWritten = true;
      writeReport([outDir], file, MFGC_VERSION);
      return true;
    } catch (e) {
      if (!failed) io.stderr(`mfgc: could not write the report ${file}: ${e instanceof Error ? e.message : String(e)} (training goes on)\n`);
      failed = true;
      return false;
    }
  };
  return {
    refresh: () => void write(),
    finish: () => {
      if (write()) io.stdout(`html report: ${file}\n`);
    },
  };
}
