/**
 * `mfgc diff <old> <new>` / `mfgc diff <spec> --rev <git revision>`: what changed in the model and its
 * training run between two versions of a spec — layers, shapes, parameters, settings — and whether
 * weights trained with the old one load into the new one. `--format markdown` for a PR comment.
 */
import { spawnSync } from "node:child_process";
import { basename, dirname } from "node:path";
import { createDiagnostic, hasErrors, type Diagnostic } from "../../../diagnostics/diagnostic.js";
import { createSpan, type SourceFile } from "../../../diagnostics/span.js";
import { summarizeGraph } from "../../../ir/summary.js";
import { compileFile, compileText, specFormatOf, type CompiledSpec } from "../../../pipeline.js";
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, type CliIO } from "../../io.js";
import { formatDiagnostics, sourceLookup } from "../../output.js";
import { MFGC_VERSION } from "../../version.js";
import { compareModels, type Side } from "./compare.js";
import { renderMarkdown, renderText, type DiffReport } from "./render.js";
import { compareWeights, weightsOf } from "./weights.js";

export interface DiffOptions {
  readonly rev: string | undefined;
  readonly format: "text" | "markdown";
  readonly weights: boolean;
  readonly failOnBreaking: boolean;
}

/** The spec as it was at a git revision (`git show <rev>:./<file>`, run in the file's folder). */
function atRevision(path: string, rev: string): CompiledSpec {
  const r = spawnSync("git", ["show", `${rev}:./${basename(path)}`], { cwd: dirname(path), encoding: "utf8", maxBuffer: 8 * 1024 * 1024 });
  if (r.status !== 0 || r.error !== undefined) {
    const why = r.error !== undefined ? r.error.message : (r.stderr.trim().split("\n")[0] ?? `git exited with ${r.status}`);
    const d = createDiagnostic("MFG9060", `cannot read \`${path}\` at revision \`${rev}\`: ${why}`, createSpan(path, 0, 0), {
      hints: ["the spec must be committed at that revision, inside a git repository (e.g. `--rev HEAD~1`, `--rev main`)"],
    });
    return { path, source: undefined, hash: "", format: specFormatOf(path), spec: undefined, graph: undefined, train: undefined, diagnostics: [d] };
  }
  return compileText(r.stdout, `${path}@${rev}`, specFormatOf(path) ?? "dsl");
}

function side(c: CompiledSpec): Side {
  const g = c.graph!;
  const params = new Map(summarizeGraph(g).rows.map((row) => [row.id, row.params] as const));
  return { graph: g, train: c.train, params, named: new Set(g.nodes.flatMap((n) => (n.userName !== undefined ? [n.id] : []))) };
}

export async function runDiff(paths: readonly string[], opts: DiffOptions, io: CliIO): Promise<number> {
  if (opts.rev === undefined ? paths.length !== 2 : paths.length !== 1) {
    io.stderr("mfgc: `diff` compares two specs (`mfgc diff old new`) or one spec with a git revision (`mfgc diff spec --rev HEAD~1`)\n");
    return EXIT_USAGE;
  }
  const newer = compileFile(paths[paths.length - 1]!);
  const older = opts.rev === undefined ? compileFile(paths[0]!) : atRevision(paths[0]!, opts.rev);
  const diagnostics: Diagnostic[] = [...older.diagnostics, ...newer.diagnostics].filter((d) => d.severity === "error");
  if (hasErrors(diagnostics) || older.graph === undefined || newer.graph === undefined) {
    const sources = [older.source, newer.source].filter((s): s is SourceFile => s !== undefined);
    io.stderr(formatDiagnostics(diagnostics, sourceLookup(sources), "text", { color: io.color, version: MFGC_VERSION }));
    return EXIT_ERRORS;
  }
  const model = compareModels(side(older), side(newer));
  const weights = opts.weights ? compareWeights(await weightsOf(older.graph, older.train?.seed), await weightsOf(newer.graph, newer.train?.seed)) : undefined;
  const report: DiffReport = {
    oldLabel: opts.rev === undefined ? paths[0]! : `${paths[0]!} (${opts.rev})`,
    newLabel: paths[paths.length - 1]!,
    model,
    weights,
    textChanged: older.hash !== newer.hash,
  };
  io.stdout(opts.format === "markdown" ? renderMarkdown(report) : renderText(report));
  return opts.failOnBreaking && weights !== undefined && weights.breaking.length > 0 ? EXIT_ERRORS : EXIT_OK;
}
