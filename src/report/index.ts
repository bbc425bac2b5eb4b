/**
 * `mfgc report`'s engine: run folders → one self-contained HTML file. Also called by `mfgc train` after
 * every epoch and at the end, so `<run>/report.html` is always current.
 */
import path from "node:path";
import { writeFileAtomic } from "../cli/write-files.js";
import { renderHtml } from "./html.js";
import { readRunFolder, type RunData } from "./run-folder.js";
import { reportView } from "./view.js";

export { NotARunError, readRunFolder, RUN_FOLDER_HINT, COMPILE_FILE, type CompileRecord, type RunData } from "./run-folder.js";

/** The report file a run folder gets by default. */
export const REPORT_FILE = "report.html";

/** Renders the report of `runs` (already read). */
export function renderReport(runs: readonly RunData[], mfgcVersion: string): string {
  return renderHtml(reportView(runs, `mfgc ${mfgcVersion}, ${new Date().toISOString()}`));
}

/**
 * Reads `runDirs` and writes their report to `outFile` (atomically: a browser refreshing it never sees
 * half a file). Throws NotARunError for a folder that is not a run.
 */
export function writeReport(runDirs: readonly string[], outFile: string, mfgcVersion: string): string {
  const html = renderReport(runDirs.map((d) => readRunFolder(path.resolve(d))), mfgcVersion);
  writeFileAtomic(outFile, html);
  return outFile;
}
