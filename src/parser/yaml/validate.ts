/**
 * Runs ajv against the schema generated from the op registry. One compiled validator per op table
 * (compiling takes a moment; specs are checked many times per process in tests and the LSP-like CLI).
 * For the registry's own table the published bundle carries the validator precompiled
 * (precompiled-validator.ts); ajv itself is then never loaded.
 *
 * ajv options follow SAFETY-NOTES: `strict: true` (but for tuples, see below), no `$data`; `allErrors` so one run reports every
 * problem, with the number of *reported* diagnostics capped in schema-errors.ts. `allowUnionTypes` is
 * what lets one schema say "an integer ≥ 1, or an expression string" without `oneOf` noise.
 */
import { createRequire } from "node:module";
import type { ErrorObject, Options, ValidateFunction } from "ajv";
import { OPS } from "../../ir/ops/registry.js";
import type { OpDef } from "../../ir/ops/types.js";
import { PRECOMPILED_VALIDATOR } from "./precompiled-validator.js";
import { generateSchema } from "./schema.js";
import type { Plain } from "./plain.js";

/** The options every validator is compiled with, ahead of time or not (scripts/build.mjs reads them too). */
// strictTuples off: `args` is deliberately a tuple shorter than its longest valid length (trailing
// positional parameters are optional).
export const AJV_OPTIONS: Options = { strict: true, strictTuples: false, allowUnionTypes: true, allErrors: true, verbose: true, $data: false, validateFormats: false };

const validators = new WeakMap<readonly OpDef[], ValidateFunction>();

function validatorFor(ops: readonly OpDef[]): ValidateFunction {
  if (ops === OPS && PRECOMPILED_VALIDATOR !== undefined) return PRECOMPILED_VALIDATOR;
  let v = validators.get(ops);
  if (v === undefined) {
    // Loaded on demand: the published CLI has the registry's validator precompiled and needs no ajv.
    const { Ajv } = createRequire(import.meta.url)("ajv") as typeof import("ajv");
    v = new Ajv(AJV_OPTIONS).compile(generateSchema(ops));
    validators.set(ops, v);
  }
  return v;
}

/** The raw ajv errors for a document (empty when it matches the schema). */
export function schemaErrors(value: Plain, ops: readonly OpDef[]): readonly ErrorObject[] {
  const validate = validatorFor(ops);
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
