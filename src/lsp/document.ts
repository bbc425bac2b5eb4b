/**
 * One open document as the language server sees it: its text, its form, and what `mfgc check` makes
 * of it (compiled once per version and shared by every request). Positions are converted with the
 * client's own rules (`vscode-languageserver-textdocument`: UTF-16 offsets, `\r\n` as one break).
 */
import { fileURLToPath } from "node:url";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Range } from "vscode-languageserver";
import type { Span } from "../diagnostics/span.js";
import { summarizeGraph } from "../ir/summary.js";
import type { IRNode } from "../ir/types.js";
import { compileText, NODE_DATA_PATH_PROBE, specFormatOf, withDataPathWarnings, type CompiledSpec, type SpecFormat } from "../pipeline.js";
import type { AstNode } from "../parser/ast.js";
import { walkAst } from "../parser/ast-walk.js";

/** A compiled document and the indexes requests use. */
export interface Analysis {
  readonly doc: TextDocument;
  readonly form: SpecFormat;
  /** Path used in diagnostics and to resolve data paths (the file's path for `file:` URIs). */
  readonly path: string;
  readonly compiled: CompiledSpec;
  /** Every AST node with its parent, in pre-order. */
  readonly nodes: readonly { readonly node: AstNode; readonly parent: AstNode | undefined }[];
  /** Parameter counts of the built graph's nodes, by id. */
  readonly params: ReadonlyMap<string, number>;
}

/** The form of a document: from its file name, else from the editor's language id. */
export function formOf(uri: string, languageId: string): SpecFormat {
  return specFormatOf(uri) ?? (languageId === "yaml" || /\.ya?ml$/i.test(uri) ? "yaml" : "dsl");
}

function pathOf(uri: string): string {
  try {
    return uri.startsWith("file:") ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}

const cache = new WeakMap<TextDocument, { version: number; analysis: Analysis }>();

/**
 * What `mfgc check` says about the document, with the data-path check against its folder.
 * `dataRoots` (absolute) are the folders outside the project that data may come from, as `mfgc lsp
 * --data-root` was told; the server's for its lifetime, so the per-version cache stays valid.
 */
export function analyze(doc: TextDocument, dataRoots: readonly string[] = []): Analysis {
  const hit = cache.get(doc);
  if (hit !== undefined && hit.version === doc.version) return hit.analysis;
  const form = formOf(doc.uri, doc.languageId);
  const path = pathOf(doc.uri);
  const compiled = withDataPathWarnings(compileText(doc.getText(), path, form), NODE_DATA_PATH_PROBE, dataRoots);
  const params = new Map<string, number>();
  if (compiled.graph !== undefined) for (const row of summarizeGraph(compiled.graph).rows) params.set(row.id, row.params);
  const analysis: Analysis = { doc, form, path, compiled, nodes: compiled.spec === undefined ? [] : walkAst(compiled.spec), params };
  cache.set(doc, { version: doc.version, analysis });
  return analysis;
}

export function rangeOf(doc: TextDocument, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

/** Every node whose span holds `offset` (a cursor just after a name still touches it), innermost last. */
export function nodesAt(a: Analysis, offset: number): AstNode[] {
  return a.nodes.filter(({ node }) => node.kind !== "spec" && node.span.start <= offset && offset <= node.span.end).map((n) => n.node);
}

/** The parent of `node` in the document's tree. */
export function parentOf(a: Analysis, node: AstNode): AstNode | undefined {
  return a.nodes.find((n) => n.node === node)?.parent;
}

/**
 * The IR node a top-level name refers to (inputs and named layers), when the graph was built. Top-level
 * names are node ids (a named block result keeps its block's scope but takes the name as id).
 */
export function irNodeNamed(a: Analysis, name: string): IRNode | undefined {
  return a.compiled.graph?.nodes.find((n) => n.id === name && (n.scope.length === 0 || n.userName === name));
}

/** "(None, 13, 13, 32)": a shape as Keras prints it, the batch dimension first. */
export function kerasShape(shape: readonly (number | null)[]): string {
  return `(${["None", ...shape.map((d) => (d === null ? "None" : String(d)))].join(", ")})`;
}
