/**
 * The YAML front-end: `.mfgnet.yaml` / `.mfgnet.yml` text → the shared AST.
 *
 *   load (size, CST scan, compose) → plain value + path index → ajv against the schema generated from
 *   the op registry → YAML nodes → AST
 *
 * Every user mistake is a diagnostic; the library's exceptions are caught in load.ts.
 */
import { sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { OPS } from "../../ir/ops/registry.js";
import type { OpDef } from "../../ir/ops/types.js";
import type { ParseResult } from "../parse-result.js";
import { loadYaml } from "./load.js";
import { toPlain } from "./plain.js";
import { explainSchemaErrors } from "./schema-errors.js";
import { convertDocument } from "./to-ast.js";
import { schemaErrors } from "./validate.js";

export { generateSchema, SCHEMA_PATH } from "./schema.js";

/** Parses a YAML spec with the registry's ops. */
export function parseYaml(text: string, file: string): ParseResult {
  return parseYamlWithOps(text, file, OPS);
}

/** Parses a YAML spec against a given op table (tests use small fake tables). */
export function parseYamlWithOps(text: string, file: string, ops: readonly OpDef[]): ParseResult {
  const loaded = loadYaml(text, file);
  if (loaded.doc === undefined) return { spec: undefined, diagnostics: sortDiagnostics(loaded.diagnostics) };
  const plain = toPlain(loaded.doc, file);
  if (plain.diagnostics.length > 0) return { spec: undefined, diagnostics: sortDiagnostics([...loaded.diagnostics, ...plain.diagnostics]) };

  const opNames = new Set(ops.map((op) => op.name));
  const diagnostics: Diagnostic[] = [
    ...loaded.diagnostics,
    ...explainSchemaErrors(schemaErrors(plain.value, ops), { file, value: plain.value, index: plain.index, opNames }),
  ];
  const spec = convertDocument({ file, text, doc: loaded.doc, diagnostics });
  return { spec, diagnostics: sortDiagnostics(diagnostics) };
}
