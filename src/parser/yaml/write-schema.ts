/**
 * Writes the JSON Schema of the YAML form, generated from the op registry, to schema/mfgnet.schema.json.
 * A test fails when the committed file differs from what this would write.
 *
 *   npx tsx src/parser/yaml/write-schema.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { OPS } from "../../ir/ops/registry.js";
import { SCHEMA_PATH, generateSchema } from "./schema.js";

/** The file's exact bytes: stable key order (the generator's), two-space indent, final newline. */
export function schemaFileText(): string {
  return JSON.stringify(generateSchema(OPS), null, 2) + "\n";
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
  const target = join(root, SCHEMA_PATH);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, schemaFileText());
  console.log(`wrote ${SCHEMA_PATH}`);
}
