/**
 * `model.ts`: `buildModel()` with the tfjs layers API — `tf.sequential` for a plain chain, the
 * functional API (`tf.input` / `.apply` / `tf.model`) for anything else. Each layer carries a comment
 * with the spec line it came from, its output shape and parameter count.
 */
import { IndentationText, Project, type SourceFile as MorphFile, type WriterFunction } from "ts-morph";
import type { SourceFile } from "../../diagnostics/span.js";
import type { GraphSummary } from "../../ir/summary.js";
import type { IRGraph } from "../../ir/types.js";
import type { LoweredGraph, LoweredNode, LayerSpec } from "../lower/types.js";
import { layerExpr } from "./config-expr.js";
import { banner, type Provenance } from "./header.js";
import { commentText, tsIdentifier } from "./identifiers.js";
import { printNode, stringLiteral } from "./print-expr.js";
import { formatShape } from "../../cli/format-summary.js";

export interface ModelEmitInput {
  readonly graph: IRGraph;
  readonly lowered: LoweredGraph;
  readonly summary: GraphSummary;
  readonly source: SourceFile;
  readonly provenance: Provenance;
  /** customClass → module specifier of its copied source (e.g. `./layers/gru.js`). */
  readonly customModules: ReadonlyMap<string, string>;
}

/**
 * A layer expression as the TypeScript printer writes it, with its four-space indentation halved: the
 * printer's output is regular (no raw line breaks inside literals, which it escapes), so this is exactly
 * the formatter's two-space layout, at linear cost. The writer adds the surrounding indentation.
 */
function printLayer(spec: LayerSpec): string {
  return printNode(layerExpr(spec))
    .split("\n")
    .map((line) => {
      const indent = line.length - line.trimStart().length;
      return " ".repeat(indent >> 1) + line.slice(indent);
    })
    .join("\n");
}

export function customClassesOf(lowered: LoweredGraph): string[] {
  const found = new Set<string>();
  const visit = (spec: LayerSpec) => {
    if (spec.customClass !== undefined) found.add(spec.customClass);
    for (const v of Object.values(spec.config)) {
      if (v !== null && typeof v === "object" && !Array.isArray(v) && "kind" in v && v.kind === "layer") visit(v.layer);
    }
  };
  for (const n of lowered.nodes) n.layers.forEach(visit);
  return [...found].sort();
}

/** Summary rows and IR scopes by node id, built once per emit (a search per node made emitting quadratic). */
interface NodeFacts {
  readonly rows: ReadonlyMap<string, GraphSummary["rows"][number]>;
  readonly scopes: ReadonlyMap<string, readonly string[]>;
}

function nodeFacts(input: ModelEmitInput): NodeFacts {
  return {
    rows: new Map(input.summary.rows.map((r) => [r.id, r])),
    scopes: new Map(input.graph.nodes.map((n) => [n.id, n.scope])),
  };
}

/** `line 7: conv2d(32, kernel: 3) → (None, 26, 26, 32), 320 params`. */
function nodeComment(node: LoweredNode, input: ModelEmitInput, known: NodeFacts): string[] {
  const pos = input.source.position(node.span.start);
  const text = input.source.text.slice(node.span.start, node.span.end).split(/\r\n|\r|\n/)[0]!.trim();
  const shown = text.length > 90 ? `${text.slice(0, 87)}...` : text;
  const row = known.rows.get(node.id);
  const facts = row ? ` → ${formatShape(row.outputShape)}, ${row.params.toLocaleString("en-US")} params` : "";
  // Nodes expanded from a block point at the block's text; say which application they belong to.
  const scope = known.scopes.get(node.id) ?? [];
  const within = scope.length > 0 ? ` (in ${scope.join(" > ")})` : "";
  return [`// ${commentText(`${input.provenance.specPath}:${pos.line}${within}: ${shown}${facts}`)}`, ...node.notes.map((n) => `// ${commentText(n)}`)];
}

export function emitModel(input: ModelEmitInput, project = new Project({ useInMemoryFileSystem: true })): string {
  const { lowered } = input;
  project.manipulationSettings.set({ indentationText: IndentationText.TwoSpaces });
  const file: MorphFile = project.createSourceFile("model.ts", "", { overwrite: true });
  file.addImportDeclaration({ namespaceImport: "tf", moduleSpecifier: "@tensorflow/tfjs" });
  // One import per module (a module may define several classes, e.g. the augmentation layers).
  const byModule = new Map<string, string[]>();
  for (const cls of customClassesOf(lowered)) {
    const mod = input.customModules.get(cls);
    if (mod === undefined) throw new Error(`internal: no module for custom layer \`${cls}\``);
    byModule.set(mod, [...(byModule.get(mod) ?? []), cls]);
  }
  for (const [mod, classes] of [...byModule].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    file.addImportDeclaration({ namedImports: classes, moduleSpecifier: mod });
  }
  const total = input.summary.totalParams.toLocaleString("en-US");
  file.addFunction({
    name: "buildModel",
    isExported: true,
    returnType: "tf.LayersModel",
    docs: [`Builds \`${commentText(lowered.name)}\`: ${total} parameters (${input.summary.trainableParams.toLocaleString("en-US")} trainable).`],
    statements: lowered.sequential ? sequentialBody(input) : functionalBody(input),
  });
  // No `formatText` here: ts-morph applies the formatter's edits one string splice at a time, which is
  // quadratic in the file (a 100,000-layer model took minutes). The writer indents by two spaces and
  // printed expressions are re-indented as they are written, which gives the formatter's layout.
  return banner(input.provenance, `${lowered.name}: the model, as the spec describes it.`) + file.getFullText();
}

function sequentialBody(input: ModelEmitInput): WriterFunction {
  const { lowered } = input;
  const first = lowered.inputs[0]!;
  const facts = nodeFacts(input);
  return (w) => {
    w.writeLine("return tf.sequential({");
    w.indent(() => {
      w.writeLine(`name: ${printNode(stringLiteral(lowered.name))},`);
      w.writeLine("layers: [");
      w.indent(() => {
        // An explicit input layer, so the model's input has the spec's name (as in the functional form)
        // instead of tfjs's `<first layer>_input`.
        const pos = input.source.position(first.span.start);
        w.writeLine(`// ${commentText(`${input.provenance.specPath}:${pos.line}: input ${first.id}`)}`);
        const inputLayer = { factory: "inputLayer", config: { inputShape: [...first.shape], dtype: first.dtype === "i32" ? "int32" : "float32", name: first.id } };
        w.writeLine(`${printLayer(inputLayer)},`);
        for (const node of lowered.nodes) {
          for (const line of nodeComment(node, input, facts)) w.writeLine(line);
          for (const spec of node.layers) w.writeLine(`${printLayer(spec)},`);
        }
      });
      w.writeLine("],");
    });
    w.writeLine("});");
  };
}

function functionalBody(input: ModelEmitInput): WriterFunction {
  const { lowered } = input;
  // The imported layer classes are module names too: a node called `MfgGRU` must not shadow its class.
  const taken = new Set<string>(customClassesOf(lowered));
  const names = new Map<string, string>();
  for (const i of lowered.inputs) names.set(i.id, tsIdentifier(i.id, taken));
  for (const n of lowered.nodes) names.set(n.id, tsIdentifier(n.id, taken));
  const ref = (id: string) => names.get(id)!;
  const facts = nodeFacts(input);
  return (w) => {
    for (const i of lowered.inputs) {
      const dims = i.shape.map((d) => (d === null ? "null" : String(d))).join(", ");
      const pos = input.source.position(i.span.start);
      w.writeLine(`// ${commentText(`${input.provenance.specPath}:${pos.line}: input ${i.id}`)}`);
      w.writeLine(`const ${ref(i.id)} = tf.input({ shape: [${dims}], dtype: ${i.dtype === "i32" ? '"int32"' : '"float32"'}, name: ${printNode(stringLiteral(i.id))} });`);
    }
    for (const node of lowered.nodes) {
      w.blankLineIfLastNot();
      for (const line of nodeComment(node, input, facts)) w.writeLine(line);
      const args = node.inputs.map(ref);
      let value = args.length === 1 ? args[0]! : `[${args.join(", ")}]`;
      node.layers.forEach((spec, j) => {
        const last = j === node.layers.length - 1;
        const expr = `${printLayer(spec)}.apply(${value}) as tf.SymbolicTensor`;
        if (last) w.writeLine(`const ${ref(node.id)} = ${expr};`);
        else {
          const tmp = tsIdentifier(`${node.id}_${j}`, taken);
          w.writeLine(`const ${tmp} = ${expr};`);
          value = tmp;
        }
      });
    }
    w.blankLine();
    const ins = lowered.inputs.map((i) => ref(i.id)).join(", ");
    const outs = lowered.outputs.map(ref).join(", ");
    w.writeLine(`return tf.model({ inputs: [${ins}], outputs: [${outs}], name: ${printNode(stringLiteral(lowered.name))} });`);
  };
}
