/**
 * Runs ajv against the schema generated from the op registry. One compiled validator per op table
 * (compiling takes a moment; specs are checked many times per process in tests and the LSP-like CLI).
 *
 * ajv options follow SAFETY-NOTES: `strict: true` (but for tuples, see below), no `$data`; `allErrors` so one run reports every
 * problem, with the number of *reported* diagnostics capped in schema-errors.ts. `allowUnionTypes` is
 * what lets one schema say "an integer ≥ 1, or an expression string" without `oneOf` noise.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { OpDef } from "../../ir/ops/types.js";
import { generateSchema } from "./schema.js";
import type { Plain } from "./plain.js";

const validators = new WeakMap<readonly OpDef[], ValidateFunction>();

function validatorFor(ops: readonly OpDef[]): ValidateFunction {
  let v = validators.get(ops);
  if (v === undefined) {
    // strictTuples off: `args` is deliberately a tuple shorter than its longest valid length (trailing
    // positional parameters are optional).
    const ajv = new Ajv({ strict: true, strictTuples: false, allowUnionTypes: true, allErrors: true, verbose: true, $data: false, validateFormats: false });
    v = ajv.compile(generateSchema(ops));
    validators.set(ops, v);
  }
  return v;
}

/** The raw ajv errors for a document (empty when it matches the schema). */
export function schemaErrors(value: Plain, ops: readonly OpDef[]): readonly ErrorObject[] {
  const validate = validatorFor(ops);
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
