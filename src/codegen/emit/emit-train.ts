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
  /**
   * The module system the file is compiled for: it decides how the file names its own location
   * (`import.meta.url`, or CommonJS's `__filename`) and whether it may use top-level `await`.
   */
  readonly moduleFormat: ModuleFormat;
}

/** `esm`: an ES module (package `"type": "module"`, `.mts`); `commonjs`: a CommonJS module. */
export type ModuleFormat = "esm" | "commonjs";

export function emitTrain(input: TrainEmitInput, project = new Project({ useInMemoryFileSystem: true })): string {
  const file = project.createSourceFile("train.ts", "", { overwrite: true });
  file.addImportDeclaration({
    namedImports: ["isMainModule", "locateSpecDir", "runTraining", "trainFromCommandLine", "type SpecInfo", "type TrainConfig", "type TrainOverrides", "type TrainResult"],
    moduleSpecifier: input.runtimeModule,
  });
  file.addImportDeclaration({ namedImports: ["buildModel"], moduleSpecifier: "./model.js" });

  const esm = input.moduleFormat === "esm";
  const self = esm ? "import.meta.url" : "__filename";
  file.addStatements((w) => {
    if (!esm) {
      w.newLine();
      w.writeLine("// CommonJS gives every module its own `__filename`; declared here so that @types/node is not needed.");
      w.writeLine("declare const __filename: string;");
    }
    w.newLine();
    w.writeLine("/** The spec this run comes from; checkpoints refuse to resume a run of a different spec. */");
    w.writeLine("export const spec: SpecInfo = {");
    w.indent(() => {
      w.writeLine(`path: ${printNode(stringLiteral(input.provenance.specPath))},`);
      w.writeLine(`sha256: ${printNode(stringLiteral(input.provenance.specHash))},`);
      w.writeLine("// Data paths in the spec are relative to the spec's directory, found from this module's location");
      w.writeLine("// (also after the generated code is compiled to another folder).");
      w.writeLine(`dir: locateSpecDir(${self}, ${printNode(stringLiteral(input.specDirFromOutput))}, ${printNode(stringLiteral(input.provenance.specPath))}),`);
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
    w.indent(() => w.writeLine(`return runTraining({ outDir: ${defaultOut}, ...options, buildModel, trainModule: ${self}, config, spec, specDir: spec.dir, specHash: spec.sha256 });`));
    w.writeLine("}");
    w.blankLine();
    w.writeLine("// Data-parallel training's worker threads import this module (named by `trainModule`) for the model.");
    w.writeLine("export { buildModel };");
    w.blankLine();
    w.writeLine("// Run directly (`node train.js --help`, or `npx tsx train.ts`), it trains; `mfgc train <spec>` does the same.");
    w.writeLine(`if (isMainModule(${self})) {`);
    w.indent(() => w.writeLine(esm ? `await trainFromCommandLine(train, ${name});` : `void trainFromCommandLine(train, ${name});`));
    w.writeLine("}");
  });
  file.formatText({ indentSize: 2, convertTabsToSpaces: true });
  return banner(input.provenance, `${input.modelName}: the training run.`) + file.getFullText();
}

export function emitIndex(provenance: Provenance, modelName: string, hasTrain: boolean): string {
  const lines = ['export { buildModel } from "./model.js";'];
  if (hasTrain) lines.push('export { config, spec, train } from "./train.js";');
  return banner(provenance, `${modelName}: public entry points.`) + lines.join("\n") + "\n";
}
