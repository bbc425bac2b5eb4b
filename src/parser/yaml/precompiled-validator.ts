/**
 * The schema validator for the registry's own op table, compiled ahead of time. In the sources there is
 * none (validate.ts compiles the schema with ajv on first use); the published bundle replaces this
 * module with one that requires ajv's standalone code for the same schema and options from
 * dist/yaml-validator.cjs (scripts/build.mjs), so `mfgc check` on a YAML spec neither loads ajv's
 * compiler nor spends most of a second compiling the schema, and a DSL spec does not even parse it.
 */
import type { ValidateFunction } from "ajv";

/** The precompiled validator, or undefined when running from the sources. */
export function loadPrecompiledValidator(): ValidateFunction | undefined {
  return undefined;
}
