/**
 * `train.ts`: the training run as data (`config`, every default spelled out so a reviewer sees the
 * whole run) plus a `train()` entry that hands it to mfgc's runtime together with `buildModel`.
 */
import { Project } from "ts-morph";
import type { TrainConfig } from "../../runtime/config.js";
import { banner, type Provenance } from "./header.js";
import { jsonLiteral, printNode, stringLiteral } from "./print-expr.js";
import { commentText } from "./identifiers.js";

export interface TrainEmitInput {
  readonly modelName: string;
  readonly config: TrainConfig;
  readonly provenance: Provenance;
  /** The spec's directory relative to the generated folder (data paths in the spec resolve against it). */
  readonly specDirFromOutput: string;
  /** Module the runtime is imported from (`mfgc/runtime`). */
  readonly runtimeModule: string;
}

export function emitTrain(input: TrainEmitInput, project = new Project({ useInMemoryFileSystem: true })): string {
  const file = project.createSourceFile("train.ts", "", { overwrite: true });
  file.addImportDeclaration({
    namedImports: ["isMainModule", "pathFromModule", "runTraining", "trainFromCommandLine", "type SpecInfo", "type TrainConfig", "type TrainOverrides", "type TrainResult"],
    moduleSpecifier: input.runtimeModule,
  });
  file.addImportDeclaration({ namedImports: ["buildModel"], moduleSpecifier: "./model.js" });

  const specDirUrl = relativeUrl(input.specDirFromOutput.endsWith("/") ? input.specDirFromOutput : `${input.specDirFromOutput}/`);
  file.addStatements((w) => {
    w.newLine();
    w.writeLine("/** The spec this run comes from; checkpoints refuse to resume a run of a different spec. */");
    w.writeLine("export const spec: SpecInfo = {");
    w.indent(() => {
      w.writeLine(`path: ${printNode(stringLiteral(input.provenance.specPath))},`);
      w.writeLine(`sha256: ${printNode(stringLiteral(input.provenance.specHash))},`);
      w.writeLine("// Data paths in the spec are relative to the spec's directory.");
      w.writeLine(`dir: pathFromModule(import.meta.url, ${printNode(stringLiteral(specDirUrl))}),`);
      w.writeLine(`mfgcVersion: ${printNode(stringLiteral(input.provenance.mfgcVersion))},`);
    });
    w.writeLine("};");
    w.blankLine();
    w.writeLine(`/** The training run of \`${commentText(input.modelName)}\`, as the spec's \`train\` section says, defaults filled in. */`);
    w.writeLine(`export const config: TrainConfig = ${printNode(jsonLiteral(input.config))};`);
    w.blankLine();
    const name = printNode(stringLiteral(input.modelName));
    const defaultOut = printNode(stringLiteral(`runs/${input.modelName}`));
    w.writeLine("/** Trains the model; options override the spec for this run (epochs, batch size, run folder, …). */");
    w.writeLine("export function train(options: TrainOverrides = {}): Promise<TrainResult> {");
    w.indent(() => w.writeLine(`return runTraining({ outDir: ${defaultOut}, ...options, buildModel, config, spec, specDir: spec.dir, specHash: spec.sha256 });`));
    w.writeLine("}");
    w.blankLine();
    w.writeLine("// `npx tsx <this file> --help` runs it directly; `mfgc train <spec>` does the same.");
    w.writeLine("if (isMainModule(import.meta.url)) {");
    w.indent(() => w.writeLine(`await trainFromCommandLine(train, ${name});`));
    w.writeLine("}");
  });
  file.formatText({ indentSize: 2, convertTabsToSpaces: true });
  return banner(input.provenance, `${input.modelName}: the training run.`) + file.getFullText();
}

/**
 * A relative `/`-separated path as a relative URL: each segment percent-encoded, so folder names with
 * `#`, `?`, `%` or `\` are not read as a fragment, a query, an escape or a separator by `new URL`.
 */
function relativeUrl(path: string): string {
  return path
    .split("/")
    .map((seg) => (seg === "" || seg === "." || seg === ".." ? seg : encodeURIComponent(seg)))
    .join("/");
}

export function emitIndex(provenance: Provenance, modelName: string, hasTrain: boolean): string {
  const lines = ['export { buildModel } from "./model.js";'];
  if (hasTrain) lines.push('export { config, spec, train } from "./train.js";');
  return banner(provenance, `${modelName}: public entry points.`) + lines.join("\n") + "\n";
}
