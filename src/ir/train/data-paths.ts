/**
 * `mfgc check` warns about data files that do not exist (issue 13): a warning, not an error, because
 * data is often mounted after the spec is written (in CI, on the training machine). Each warning
 * points at the path as written, and when a file with a close name is there, says which one.
 *
 * It also warns (MFG4933) about a data path or a transfer source that leads — links followed — outside
 * the spec's project, unless the check was told the same `--data-root` folders as the run will be:
 * `mfgc train` refuses such a path at run time (MFG4905, MFG4930), and the check should say so first.
 *
 * Pure: the file system is asked through {@link DataPathProbe}, so tests and the language server
 * (which checks unsaved text) supply their own.
 */
import { createDiagnostic, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { closestMatch } from "../../diagnostics/suggest.js";
import type { Span } from "../../diagnostics/span.js";
import type { CallExpr, Expr, ObjectExpr, Spec, StringLiteral } from "../../parser/ast.js";
import { isInsideFolder } from "../../runtime/data/data-path.js";
import { SOURCES } from "./data.js";
import { locateTransfer } from "./transfer.js";

/** What the check needs from the file system. */
export interface DataPathProbe {
  /** Whether `path` (absolute) exists. */
  exists(path: string): boolean;
  /** Entry names of the folder `path` (absolute), or undefined when it cannot be listed. */
  list(path: string): readonly string[] | undefined;
  /** `path` resolved against the spec's folder (data paths are relative to the spec). */
  resolve(specDir: string, path: string): string;
  dirname(path: string): string;
  basename(path: string): string;
  /** `path` (absolute) with links resolved, or undefined when it does not exist. */
  realpath(path: string): string | undefined;
  /** The project a spec in `specDir` belongs to (data/data-path.ts `projectRootOf`). */
  projectRoot(specDir: string): string;
}

/** The options of each data source that name files or folders (the rest are columns, sizes, …). */
const PATH_OPTIONS: Readonly<Record<string, readonly string[]>> = { idx: ["images", "labels"], csv: ["path"], image_folder: ["path"] };

/** One data source as written: its kind and its path strings. */
function sourcePaths(v: Expr): StringLiteral[] {
  let name: string | undefined;
  let args: { name?: string; value: Expr }[] = [];
  if (v.kind === "call") {
    name = v.callee.name;
    args = v.args.map((a: CallExpr["args"][number]) => ({ ...(a.name !== undefined ? { name: a.name.name } : {}), value: a.value }));
  } else if (v.kind === "object" && v.entries.length === 1) {
    // The YAML form: `{ idx: { images: "…", labels: "…" } }` or `{ csv: "…" }`.
    const e = v.entries[0]!;
    name = e.key.name;
    args = e.value.kind === "object" ? e.value.entries.map((x) => ({ name: x.key.name, value: x.value })) : [{ value: e.value }];
  }
  const wanted = name === undefined ? undefined : PATH_OPTIONS[name];
  const defs = name === undefined ? undefined : SOURCES[name as keyof typeof SOURCES];
  if (wanted === undefined || defs === undefined) return [];
  const positional = defs.filter((d) => d.positional === true).map((d) => d.name);
  const out: StringLiteral[] = [];
  let nextPositional = 0;
  for (const a of args) {
    const param = a.name ?? positional[nextPositional++];
    if (param !== undefined && wanted.includes(param) && a.value.kind === "string") out.push(a.value);
  }
  return out;
}

/**
 * Warnings for the data paths of `spec`: MFG4800 for one that does not exist, MFG4933 for a data path
 * or transfer source that leads outside the spec's project and the folders in `dataRoots` (absolute,
 * what `--data-root` allows).
 */
export function checkDataPaths(spec: Spec, specDir: string, probe: DataPathProbe, dataRoots: readonly string[] = []): Diagnostic[] {
  const out: Diagnostic[] = [];
  const project = probe.projectRoot(specDir);
  const roots = [project, ...dataRoots].map((r) => probe.realpath(r) ?? r);
  const outside = (written: string, span: Span, what: string, refusal: string): void => {
    const full = probe.resolve(specDir, written);
    const real = probe.realpath(full) ?? full;
    if (roots.some((r) => isInsideFolder(r, real))) return;
    const leads = real === full ? "" : ` (it leads to \`${real}\`)`;
    out.push(
      // Worded for both places it shows: a warning from `check`/`build`/the editor, an error from `train`.
      createDiagnostic("MFG4933", `${what} \`${written}\`${leads} is outside the spec's project \`${project}\`: training refuses paths outside the project and the folders allowed with \`--data-root\` (${refusal} when the generated code runs)`, span, {
        hints: [`allow its folder: \`mfgc train --data-root ${probe.dirname(real)}\` (on \`mfgc check\` and \`mfgc build\`, the same option silences this warning)`],
      }),
    );
  };
  const data = spec.trains[0]?.settings.find((s) => s.key.name === "data")?.value;
  if (data !== undefined && data.kind === "object") {
    for (const role of (data as ObjectExpr).entries) {
      for (const p of sourcePaths(role.value)) {
        if (p.value === "") continue;
        outside(p.value, p.span, "data path", "MFG4905");
        const full = probe.resolve(specDir, p.value);
        if (probe.exists(full)) continue;
        out.push(createDiagnostic("MFG4800", `\`${p.value}\` does not exist`, p.span, { hints: pathHints(p.value, full, probe) }));
      }
    }
  }
  const transfer = locateTransfer(spec);
  if (transfer !== null && transfer.config.source.path !== "") outside(transfer.config.source.path, transfer.fromSpan, "transfer source", "MFG4930");
  return out;
}

function pathHints(written: string, full: string, probe: DataPathProbe): string[] {
  const dir = probe.dirname(full);
  const names = probe.list(dir);
  if (names === undefined) return [`the folder \`${probe.dirname(written) || "."}\` does not exist either; if the data is mounted later, ignore this warning`];
  const close = closestMatch(probe.basename(full), names);
  if (close !== undefined) {
    const fixed = written.slice(0, written.length - probe.basename(full).length) + close;
    return [`did you mean \`${JSON.stringify(fixed)}\`?`];
  }
  return ["paths are relative to the spec's folder; if the data is mounted later, ignore this warning"];
}
