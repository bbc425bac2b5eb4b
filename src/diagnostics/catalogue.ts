/**
 * The one catalogue of diagnostic codes. Each phase keeps its range in its own file under `codes/`;
 * a test checks that codes are unique, well-formed, and each has at least one fixture.
 */
import type { CodeInfo } from "./codes/entry.js";
import { DSL_CODES } from "./codes/dsl.js";
import { YAML_CODES } from "./codes/yaml.js";
import { SCHEMA_CODES } from "./codes/schema.js";
import { SEMANTIC_CODES } from "./codes/semantic.js";
import { OPS_CODES } from "./codes/ops.js";
import { DATA_CODES } from "./codes/data.js";
import { CODEGEN_CODES } from "./codes/codegen.js";
import { CLI_CODES } from "./codes/cli.js";

export type { CodeInfo } from "./codes/entry.js";

export const CATALOGUE = {
  ...DSL_CODES,
  ...YAML_CODES,
  ...SCHEMA_CODES,
  ...SEMANTIC_CODES,
  ...OPS_CODES,
  ...DATA_CODES,
  ...CODEGEN_CODES,
  ...CLI_CODES,
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof CATALOGUE;

export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(CATALOGUE, code);
}
