/**
 * The schema validator for the registry's own op table, compiled ahead of time. In the sources this
 * is `undefined` and validate.ts compiles the schema with ajv on first use; the published bundle
 * replaces this module with ajv's standalone code for the same schema and options (scripts/build.mjs),
 * so `mfgc check` on a YAML spec neither loads ajv nor spends most of a second compiling the schema.
 */
import type { ValidateFunction } from "ajv";

export const PRECOMPILED_VALIDATOR: ValidateFunction | undefined = undefined;
