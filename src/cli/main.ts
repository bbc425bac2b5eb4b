/**
 * The `mfgc` command. Thin: it parses arguments (commander), calls one command module, and maps the
 * outcome to an exit code (0 clean, 1 errors in specs, 2 usage). Exceptions that escape a command are
 * bugs in mfgc and are reported as such. Command modules are imported when their command runs, so
 * `mfgc check` never pays for loading ts-morph or TensorFlow.js.
 */
import { realpathSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { pathToFileURL } from "node:url";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { BACKEND_HELP, backendUsageProblem, parseBackendOption } from "../runtime/backend/names.js";
import { escapeLines } from "../diagnostics/escape.js";
import { collect, parseWorkers, positiveNumber, WORKERS_HELP } from "../runtime/entry.js";
import { EXIT_USAGE, type CliIO } from "./io.js";
import { useColor } from "./output.js";
import { MFGC_VERSION } from "./version.js";

function positiveInt(what: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} must be a positive integer`);
    return n;
  };
}

/** A misspelt `MFGC_BACKEND` (with no `--backend`) is a usage error too, reported before any work starts. */
function backendRequestProblem(option: string | undefined, io: CliIO): boolean {
  const problem = backendUsageProblem(option, process.env);
  if (problem !== null) io.stderr(`mfgc: ${problem}\n`);
  return problem !== null;
}

/**
 * A spec path on the command line that does not exist is a usage error (exit 2) for every command, as
 * `check`, `build` and `fmt` report it, not a spec that failed to compile (MFG9001, exit 1).
 */
async function specPathMissing(spec: string, io: CliIO): Promise<boolean> {
  const { missingPaths, missingPathsMessage } = await import("./spec-files.js");
  const missing = missingPaths([spec]);
  if (missing.length > 0) io.stderr(missingPathsMessage(missing));
  return missing.length > 0;
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name("mfgc")
    .description("Compile .mfgnet model and training specs to TensorFlow.js code")
    .version(MFGC_VERSION)
    .exitOverride()
    // Commander echoes unknown options and arguments as typed: escape them like any message.
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(escapeLines(s)) })
    .showHelpAfterError("(run `mfgc --help` for usage)");

  program
    .command("check")
    .description("parse and check specs; exit 0 when clean, 1 on errors")
    .argument("<paths...>", "spec files or directories")
    .addOption(new Option("--format <format>", "diagnostic output format").choices(["text", "json", "sarif"]).default("text"))
    .option("--data-root <folder>", "a folder outside the spec's project that data may come from, as for `mfgc train` (repeatable; silences MFG4933)", collect, [])
    .action(async (paths: string[], opts: { format: "text" | "json" | "sarif"; dataRoot: string[] }) => {
      const { runCheck } = await import("./commands/check.js");
      exitCode = runCheck(paths, opts, io);
    });

  program
    .command("build")
    .description("generate TypeScript for specs; --check verifies the output is current without writing")
    .argument("<paths...>", "spec files or directories")
    .option("-o, --out <dir>", "output directory", "generated")
    .option("--check", "write nothing; exit 1 listing stale files if the output is not what the specs produce", false)
    .option("-O, --optimize <level>", "0: no optimization passes, 1: all (default)", "1")
    .option("--print-passes", "print what each optimization pass changed", false)
    .addOption(
      new Option("--module-format <format>", "module system of the generated files; auto: from the output folder's package.json \"type\"")
        .choices(["auto", "esm", "commonjs"])
        .default("auto"),
    )
    .option("--data-root <folder>", "a folder outside the spec's project that data may come from, as for `mfgc train` (repeatable; silences MFG4933)", collect, [])
    .action(async (paths: string[], opts: { out: string; check: boolean; optimize: string; printPasses: boolean; moduleFormat: "auto" | "esm" | "commonjs"; dataRoot: string[] }) => {
      if (opts.optimize !== "0" && opts.optimize !== "1") {
        io.stderr(`mfgc: -O takes 0 or 1, not \`${escapeLines(opts.optimize)}\`\n`);
        exitCode = EXIT_USAGE;
        return;
      }
      const { runBuild } = await import("./commands/build.js");
      exitCode = runBuild(paths, { out: opts.out, check: opts.check, optimize: opts.optimize === "0" ? 0 : 1, printPasses: opts.printPasses, moduleFormat: opts.moduleFormat, dataRoots: opts.dataRoot }, io);
    });

  program
    .command("train")
    .description("compile a spec and run its generated training code")
    .argument("<spec>", "spec file")
    .option("--epochs <n>", "number of epochs (overrides the spec)", positiveInt("--epochs"))
    .option("--batch <n>", "batch size (overrides the spec)", positiveInt("--batch"))
    .option("--limit <n>", "use at most N samples of each split (quick runs)", positiveInt("--limit"))
    .option("--backend <name>", BACKEND_HELP, parseBackendOption)
    .option("--out <dir>", "run folder (default runs/<model name>): metrics.jsonl, report.json, checkpoints/, model/, code/")
    .option("--resume", "continue from the last complete checkpoint in the run folder", false)
    .option("--overwrite", "replace an earlier run in the run folder (without it, or --resume, such a folder is refused)", false)
    .option("--memory-budget <GiB>", "estimated training memory the run may use (default 4)", positiveNumber("--memory-budget"))
    .option("--data-root <folder>", "also read data from this folder (repeatable; default: only the spec's project)", collect, [])
    .option("--workers <n>", WORKERS_HELP, parseWorkers)
    .action(async (spec: string, opts: { epochs?: number; batch?: number; limit?: number; backend?: string; out?: string; resume: boolean; overwrite: boolean; memoryBudget?: number; dataRoot: string[]; workers?: number }) => {
      if (backendRequestProblem(opts.backend, io) || (await specPathMissing(spec, io))) {
        exitCode = EXIT_USAGE;
        return;
      }
      const { runTrain } = await import("./commands/train.js");
      exitCode = await runTrain(spec, opts, io);
    });

  program
    .command("export")
    .description("export a trained model for inference: BatchNorm and rescaling folded, dropout removed, verified numerically")
    .argument("<spec>", "the spec the model was trained from")
    .requiredOption("--weights <dir>", "trained model folder (model.json + weights.bin, e.g. runs/<name>/model)")
    .requiredOption("-o, --out <dir>", "output folder: model.json, weights.bin, model.ts, report.json")
    .option("-O, --optimize <level>", "optimization level the model was trained with (0 or 1)", "1")
    .option("--backend <name>", "backend for the numeric check (default cpu; same names as `mfgc train --backend`)", parseBackendOption)
    .option("--json", "print the export report as JSON", false)
    .action(async (spec: string, opts: { weights: string; out: string; optimize: string; backend?: string; json: boolean }) => {
      if (opts.optimize !== "0" && opts.optimize !== "1") {
        io.stderr(`mfgc: -O takes 0 or 1, not \`${escapeLines(opts.optimize)}\`\n`);
        exitCode = EXIT_USAGE;
        return;
      }
      if (await specPathMissing(spec, io)) {
        exitCode = EXIT_USAGE;
        return;
      }
      const { runExport } = await import("./commands/export.js");
      exitCode = await runExport(
        spec,
        { weights: opts.weights, out: opts.out, optimize: opts.optimize === "0" ? 0 : 1, json: opts.json, ...(opts.backend !== undefined ? { backend: opts.backend } : {}) },
        io,
      );
    });

  program
    .command("report")
    .description("write one self-contained HTML report of training runs: curves (several runs overlaid), evaluation, model graph, settings")
    .argument("<runs...>", "run folders (what `mfgc train --out` wrote)")
    .option("-o, --out <file>", "the HTML file (default: <run>/report.html for one run, report.html for several)")
    .action(async (runs: string[], opts: { out?: string }) => {
      const { runReport } = await import("./commands/report.js");
      exitCode = runReport(runs, opts, io);
    });

  program
    .command("explain")
    .description("explain a trained run's predictions: integrated gradients (all models) and Grad-CAM (conv image models), as images and in the report")
    .argument("<run>", "run folder (what `mfgc train --out` wrote)")
    .requiredOption("--input <file...>", "inputs to explain: PNG/JPEG images, CSV windows or feature rows, JSON arrays")
    .option("--output <name>", "explain only this model output (default: every output)")
    .option("--class <name>", "class to explain, by name or index (default: the predicted class)")
    .option("--steps <n>", "integrated-gradients steps to start with; doubled until completeness holds within 0.5 %", positiveInt("--steps"))
    .option("--backend <name>", "backend to run the model on (default: the best available; same names as `mfgc train --backend`)", parseBackendOption)
    .action(async (run: string, opts: { input: string[]; output?: string; class?: string; steps?: number; backend?: string }) => {
      if (backendRequestProblem(opts.backend, io)) {
        exitCode = EXIT_USAGE;
        return;
      }
      const { runExplain } = await import("./commands/explain.js");
      exitCode = await runExplain(run, opts, io);
    });

  program
    .command("graph")
    .description("print the checked IR graph; --passes shows what each optimization pass did")
    .argument("<spec>", "spec file")
    .option("--passes", "print the pass report and the graph after the passes", false)
    .option("--json", "machine-readable output", false)
    .action(async (spec: string, opts: { passes: boolean; json: boolean }) => {
      if (await specPathMissing(spec, io)) {
        exitCode = EXIT_USAGE;
        return;
      }
      const { runGraph } = await import("./commands/graph.js");
      exitCode = runGraph(spec, opts, io);
    });

  program
    .command("summary")
    .description("print a Keras-style summary of a spec's model: shapes, parameters, FLOPs, memory")
    .argument("<spec>", "spec file")
    .option("--json", "machine-readable output", false)
    .action(async (spec: string, opts: { json: boolean }) => {
      if (await specPathMissing(spec, io)) {
        exitCode = EXIT_USAGE;
        return;
      }
      const { runSummary } = await import("./commands/summary.js");
      exitCode = runSummary(spec, opts, io);
    });

  program
    .command("fmt")
    .description("print a spec in canonical form (comments kept), convert it with --to, or format files with --write/--check")
    .argument("<paths...>", "spec files or directories")
    .addOption(new Option("--to <format>", "output form").choices(["dsl", "yaml"]))
    .option("-o, --out <file>", "write to a new file instead of stdout")
    .option("--write", "rewrite specs that are not in canonical form, in place", false)
    .option("--check", "write nothing; exit 1 listing specs that are not in canonical form", false)
    .action(async (paths: string[], opts: { to?: "dsl" | "yaml"; out?: string; write: boolean; check: boolean }) => {
      const { runFmt } = await import("./commands/fmt.js");
      exitCode = runFmt(paths, { to: opts.to, out: opts.out, write: opts.write, check: opts.check }, io);
    });

  program
    .command("diff")
    .description("what changed between two specs (or a spec and a git revision): layers, shapes, parameters, training, checkpoint compatibility")
    .argument("<specs...>", "old and new spec, or one spec with --rev")
    .option("--rev <revision>", "compare the spec with its version at this git revision (e.g. HEAD~1)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "markdown"]).default("text"))
    .option("--no-weights", "skip the checkpoint check (it builds both models with TensorFlow.js)")
    .option("--fail-on-breaking", "exit 1 when weights trained with the old spec do not load into the new one", false)
    .action(async (specs: string[], opts: { rev?: string; format: "text" | "markdown"; weights: boolean; failOnBreaking: boolean }) => {
      const { runDiff } = await import("./commands/diff/index.js");
      exitCode = await runDiff(specs, { rev: opts.rev, format: opts.format, weights: opts.weights, failOnBreaking: opts.failOnBreaking }, io);
    });

  program
    .command("lsp")
    .description("run the language server for .mfgnet and .mfgnet.yaml specs over stdio (editors start it)")
    .option("--stdio", "talk JSON-RPC over stdin/stdout (the default and only transport)", true)
    .option("--data-root <folder>", "a folder outside the specs' projects that data may come from, as for `mfgc train` (repeatable; silences MFG4933)", collect, [])
    .action(async (opts: { dataRoot: string[] }) => {
      // Loaded only here: `check` and the other commands never pay for the language server.
      const { startLanguageServer } = await import("../lsp/server.js");
      startLanguageServer(process.stdin, process.stdout, { dataRoots: opts.dataRoot.map((r) => resolvePath(r)) });
      exitCode = await new Promise<number>((done) => process.stdin.on("close", () => done(0)));
    });

  program
    .command("init")
    .description("set up a project: an example spec, package scripts, a tsconfig for generated code, a CI workflow; never overwrites a file")
    .argument("[dir]", "project folder", ".")
    .option("--yaml", "write the example spec in the YAML form", false)
    .action(async (dir: string, opts: { yaml: boolean }) => {
      const { runInit } = await import("./commands/init.js");
      exitCode = runInit(dir, opts, io);
    });

  program
    .command("ops")
    .description("list every op with its parameters (the reference in docs/ops.md)")
    .argument("[name]", "show one op")
    .action(async (name: string | undefined) => {
      const { runOps } = await import("./commands/ops.js");
      exitCode = runOps(name, io);
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return e.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    throw e;
  }
  return exitCode;
}

/** The process entry: bin/mfgc.js calls it, and so does `tsx src/cli/main.ts`. */
export async function main(): Promise<void> {
  const io: CliIO = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    color: useColor(process.stderr),
  };
  try {
    process.exitCode = await runCli(process.argv.slice(2), io);
  } catch (e) {
    process.stderr.write(escapeLines(`mfgc: internal error (this is a bug in mfgc, please report it)\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`));
    process.exitCode = 70;
  }
}

// main() reports every error itself, so nothing awaits it (a CommonJS bundle of this module has no top-level await).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) void main();
