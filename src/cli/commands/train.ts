/**
 * `mfgc train <spec> [--epochs --batch --limit --backend --out runs/<name> --resume]`: compiles the spec,
 * writes its generated code into the run folder (`<out>/code/`, so the run records exactly what trained),
 * and runs that generated `train.ts`, transpiled to JavaScript in `<out>/compiled/` (no TypeScript
 * loader is needed at run time).
 */
import { dirname, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { createDiagnostic, hasErrors } from "../../diagnostics/diagnostic.js";
import { REGISTRY_LOOKUP } from "../../ir/build/op-lookup.js";
import { estimatedTrainingBytes } from "../../ir/build/sizes.js";
import { budgetRefusal, DEFAULT_MEMORY_BUDGET_BYTES } from "../../runtime/train/memory-budget.js";
import { folderNameFor, generateSpec } from "../../codegen/generate.js";
import { compileFile, type CompiledSpec } from "../../pipeline.js";
import type { SourceLookup } from "../../diagnostics/render-text.js";
import type { SourceFile } from "../../diagnostics/span.js";
import type { IRGraph } from "../../ir/types.js";
import type { TrainConfig } from "../../runtime/config.js";
import { claimRunFolder, type RunFolderClaim } from "../../runtime/train/run-folder.js";
import { DataError } from "../../runtime/data/data-error.js";
import { describeResult, toOverrides, type ParsedTrainOptions, type TrainOverrides } from "../../runtime/entry.js";
import type { TrainResult } from "../../runtime/train/run-training.js";
import { EXIT_ERRORS, EXIT_OK, type CliIO } from "../io.js";
import { formatDiagnostics, sourceLookup } from "../output.js";
import { runtimeEntryUrl, tfjsUrl } from "../runtime-location.js";
import { transpileGenerated } from "../transpile-generated.js";
import { MFGC_VERSION } from "../version.js";
import { writeFileAtomic } from "../write-files.js";
import { trainReporter } from "./train-report.js";

interface GeneratedTrainModule {
  train(options: TrainOverrides): Promise<TrainResult>;
}

export async function runTrain(specFile: string, opts: Partial<ParsedTrainOptions>, io: CliIO): Promise<number> {
  const checked = compileFile(specFile, { dataRoots: opts.dataRoot ?? [] });
  // A path outside the project is only a warning for `check`; training would refuse it (MFG4905/4930)
  // after generating code and starting a backend, so it is refused here, before anything is written.
  const compiled: CompiledSpec = { ...checked, diagnostics: checked.diagnostics.map((d) => (d.code === "MFG4933" ? { ...d, severity: "error" as const } : d)) };
  const lookup = sourceLookup(compiled.source ? [compiled.source] : []);
  if (compiled.diagnostics.length > 0) io.stderr(formatDiagnostics(compiled.diagnostics, lookup, "text", { color: io.color, version: MFGC_VERSION }));
  if (hasErrors(compiled.diagnostics) || compiled.graph === undefined || compiled.source === undefined) return EXIT_ERRORS;
  if (compiled.train === undefined) {
    const noTrain = createDiagnostic("MFG9022", `\`${compiled.graph.name}\` has no \`train\` section: there is nothing to train`, compiled.graph.span, {
      hints: [`add \`train ${compiled.graph.name} { data { … } optimizer … loss … epochs … batch … }\` (\`mfgc init\` writes a complete example), or run \`mfgc build\` for the model code alone`],
    });
    io.stderr(formatDiagnostics([noTrain], lookup, "text", { color: io.color, version: MFGC_VERSION }));
    return EXIT_ERRORS;
  }

  // Refuse before generating or building anything: building the model allocates its weights.
  const budget = (opts.memoryBudget ?? DEFAULT_MEMORY_BUDGET_BYTES / 2 ** 30) * 2 ** 30;
  const batch = opts.batch ?? compiled.train.batchSize;
  const needed = estimatedTrainingBytes(compiled.graph.nodes, REGISTRY_LOOKUP, batch);
  if (needed > budget) {
    const { message, hint } = budgetRefusal(compiled.graph.name, needed, batch, budget);
    const refusal = createDiagnostic("MFG4903", message, compiled.graph.span, { hints: [hint] });
    io.stderr(formatDiagnostics([refusal], lookup, "text", { color: io.color, version: MFGC_VERSION }));
    return EXIT_ERRORS;
  }

  const out = opts.out ?? `runs/${compiled.graph.name}`;
  // Claim the run folder before the generated code goes into it: an earlier run there is refused unless
  // resumed or replaced, and a concurrent run is refused (the runtime's own claim then finds ours).
  let claim: RunFolderClaim;
  try {
    claim = await claimRunFolder(out, { resume: opts.resume === true, overwrite: opts.overwrite === true });
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    io.stderr(formatDiagnostics([e.diagnostic], lookup, "text", { color: io.color, version: MFGC_VERSION }));
    return EXIT_ERRORS;
  }
  try {
    return await generateAndRun({ ...compiled, graph: compiled.graph, source: compiled.source, train: compiled.train }, out, opts, lookup, io);
  } finally {
    await claim.release();
  }
}

/** Writes the generated code into `<out>/code/` and runs its `train()` (the run folder is claimed). */
async function generateAndRun(
  compiled: CompiledSpec & { readonly graph: IRGraph; readonly source: SourceFile; readonly train: TrainConfig },
  out: string,
  opts: Partial<ParsedTrainOptions>,
  lookup: SourceLookup,
  io: CliIO,
): Promise<number> {
  const codeRoot = resolve(out, "code");
  const toPosix = (p: string) => p.split(sep).join("/");
  const folder = folderNameFor(compiled.path);
  const generated = generateSpec({
    graph: compiled.graph,
    train: compiled.train,
    source: compiled.source,
    specPath: toPosix(relative(process.cwd(), resolve(compiled.path))),
    specHash: compiled.hash,
    mfgcVersion: MFGC_VERSION,
    folder,
    outRoot: toPosix(relative(process.cwd(), codeRoot)),
    optimizeLevel: 1,
    // What runs is the ES-module transpilation below, whatever package the run folder is in.
    moduleFormat: "esm",
  });
  if (compiled.train.transfer !== undefined && compiled.spec !== undefined) {
    const { checkTransferSource } = await import("./transfer-check.js");
    const problems = await checkTransferSource({ spec: compiled.spec, graph: compiled.graph, train: compiled.train, passes: generated.passes, specDir: dirname(resolve(compiled.path)), dataRoots: opts.dataRoot ?? [] });
    if (problems.length > 0) {
      io.stderr(formatDiagnostics(problems, lookup, "text", { color: io.color, version: MFGC_VERSION }));
      return EXIT_ERRORS;
    }
  }
  for (const f of generated.files) writeFileAtomic(resolve(codeRoot, f.path), f.content);
  io.stdout(`generated ${generated.files.length} files in ${toPosix(relative(process.cwd(), resolve(codeRoot, folder)))}/\n`);
  const reporter = trainReporter(out, { specPath: toPosix(relative(process.cwd(), resolve(compiled.path))), specHash: compiled.hash, passes: generated.passes.report, source: compiled.source }, io);

  // `code/` keeps the TypeScript for the record; `compiled/` holds the JavaScript that actually runs,
  // importing this process's runtime and TensorFlow.js by file URL, so the run folder may be anywhere.
  const compiledRoot = resolve(out, "compiled");
  const specifiers = new Map([
    ["mfgc/runtime", runtimeEntryUrl()],
    ["@tensorflow/tfjs", tfjsUrl()],
  ]);
  writeFileAtomic(resolve(compiledRoot, "package.json"), `${JSON.stringify({ type: "module" })}\n`);
  for (const f of transpileGenerated(generated.files, specifiers)) writeFileAtomic(resolve(compiledRoot, f.path), f.content);
  const mod = (await import(pathToFileURL(resolve(compiledRoot, folder, "train.js")).href)) as GeneratedTrainModule;
  try {
    // On a terminal the runtime draws a progress bar with ETA and live metrics; elsewhere (CI logs,
    // captured output) it prints plain lines through the CLI's output.
    const interactive = process.stdout.isTTY === true && io.color;
    const result = await mod.train({
      ...toOverrides({ resume: false, ...opts, out }),
      ...(interactive ? {} : { log: (line: string) => io.stdout(`${line}\n`) }),
      onEpochEnd: reporter.refresh,
    });
    io.stdout(describeResult(result));
    reporter.finish();
    result.model.dispose();
    return EXIT_OK;
  } catch (e) {
    if (e instanceof DataError) {
      io.stderr(formatDiagnostics([e.diagnostic], lookup, "text", { color: io.color, version: MFGC_VERSION }));
      return EXIT_ERRORS;
    }
    throw e;
  }
}
